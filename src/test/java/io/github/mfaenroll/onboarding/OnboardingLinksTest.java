package io.github.mfaenroll.onboarding;


import io.github.mfaenroll.identity.SecretTokens;
import io.github.mfaenroll.onboarding.OnboardingLinks.IssuedLink;
import io.github.mfaenroll.onboarding.OnboardingLinks.LinkUnusable;
import io.github.mfaenroll.onboarding.OnboardingLinks.Status;
import io.github.mfaenroll.testing.TestApp;
import io.github.mfaenroll.testing.TestAppExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
        IssuedLink link = links.issue("alice", null, "test");

        List<String> stored = app.components().database().jdbi().withHandle(h ->
                h.createQuery("SELECT token_hash FROM link_tokens WHERE id = :id").bind("id", link.id())
                        .mapTo(String.class).list());

        assertThat(stored).containsExactly(SecretTokens.sha256(tokenOf(link)));
        assertThat(link.toString()).doesNotContain(tokenOf(link));
    }

    @Test
    void tenSimultaneousClaimsOfOneLinkHaveExactlyOneWinner() throws Exception {
        IssuedLink link = links.issue("bob", null, "test");
        String token = tokenOf(link);
        ExecutorService pool = Executors.newFixedThreadPool(10);
        List<Callable<String>> claims = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            claims.add(() -> links.claimLink(token, "127.0.0.1").iamUser());
        }

        int winners = 0;
        int refusedAsClaimed = 0;
        for (Future<String> claim : pool.invokeAll(claims)) {
            try {
                assertThat(claim.get()).isEqualTo("bob");
                winners++;
            } catch (java.util.concurrent.ExecutionException e) {
                assertThat(e.getCause()).isInstanceOf(LinkUnusable.class);
                assertThat(((LinkUnusable) e.getCause()).status()).isEqualTo(Status.CLAIMED);
                refusedAsClaimed++;
            }
        }
        pool.shutdown();

        assertThat(winners).isEqualTo(1);
        assertThat(refusedAsClaimed).isEqualTo(9);
    }

    @Test
    void aClaimedLinkCannotBeRevokedAndARevokedOneCannotBeClaimed() {
        IssuedLink claimed = links.issue("dave", null, "test");
        links.claimLink(tokenOf(claimed), "127.0.0.1");
        IssuedLink revoked = links.issue("dave", null, "test");

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
