package io.github.mfaenroll.onboarding;

import static io.github.mfaenroll.testing.TestUsers.user;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.mfaenroll.identity.SecretTokens;
import io.github.mfaenroll.onboarding.OnboardingLinks.IssuedLink;
import io.github.mfaenroll.onboarding.OnboardingLinks.LinkUnusable;
import io.github.mfaenroll.onboarding.OnboardingLinks.Status;
import io.github.mfaenroll.testing.Concurrently;
import io.github.mfaenroll.testing.TestApp;
import io.github.mfaenroll.testing.TestAppExtension;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OnboardingLinksTest {

    @RegisterExtension
    static final TestAppExtension app = TestAppExtension.demo();
    private OnboardingLinks links;

    @BeforeAll
    void start() {
        links = app.components().links();
    }

    private String tokenOf(IssuedLink link) {
        return io.github.mfaenroll.testing.Secrets.register(TestApp.tokenOf(link.url()));
    }

    @Test
    void onlyTheHashOfTheTokenIsStored() {
        IssuedLink link = links.issue(user("alice"), null, "test");

        List<String> stored = app.components().database().jdbi().withHandle(h ->
                h.createQuery("SELECT token_hash FROM link_tokens WHERE id = :id").bind("id", link.id())
                        .mapTo(String.class).list());

        assertThat(stored).containsExactly(SecretTokens.sha256(tokenOf(link)));
        assertThat(link.toString()).doesNotContain(tokenOf(link));
    }

    @Test
    void tenSimultaneousClaimsOfOneLinkHaveExactlyOneWinner() throws Exception {
        IssuedLink link = links.issue(user("bob"), null, "test");
        String token = tokenOf(link);

        List<Object> outcomes = Concurrently.outcomes(10, () -> links.claimLink(token, "127.0.0.1").user().name());

        assertThat(outcomes).filteredOn("bob"::equals).hasSize(1);
        assertThat(outcomes).filteredOn(outcome -> !"bob".equals(outcome)).hasSize(9).allSatisfy(outcome ->
                assertThat(outcome).isInstanceOfSatisfying(LinkUnusable.class,
                        refusal -> assertThat(refusal.status()).isEqualTo(Status.CLAIMED)));
    }

    @Test
    void aClaimedLinkCannotBeRevokedAndARevokedOneCannotBeClaimed() {
        IssuedLink claimed = links.issue(user("dave"), null, "test");
        links.claimLink(tokenOf(claimed), "127.0.0.1");
        IssuedLink revoked = links.issue(user("dave"), null, "test");

        boolean revokedClaimed = links.revoke(claimed.id(), "test");
        links.revoke(revoked.id(), "test");

        assertThat(revokedClaimed).isFalse();
        assertThatThrownBy(() -> links.claimLink(tokenOf(revoked), "127.0.0.1"))
                .isInstanceOfSatisfying(LinkUnusable.class, e -> assertThat(e.status()).isEqualTo(Status.REVOKED));
    }

    @Test
    void tokensAre256BitsOfRandomness() {
        SecretTokens tokens = new SecretTokens(new java.security.SecureRandom());

        String token = tokens.newToken();

        assertThat(java.util.Base64.getUrlDecoder().decode(token)).hasSize(32);
        assertThat(SecretTokens.plausible(token)).isTrue();
        assertThat(SecretTokens.plausible(token + "x")).isFalse();
    }
}
