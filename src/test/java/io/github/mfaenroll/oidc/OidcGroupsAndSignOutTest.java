package io.github.mfaenroll.oidc;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.mfaenroll.identity.Role;
import io.github.mfaenroll.identity.Session;
import io.github.mfaenroll.testing.Browser;
import io.github.mfaenroll.testing.Browser.Page;
import io.github.mfaenroll.testing.LogHygiene;
import io.github.mfaenroll.testing.Secrets;
import io.github.mfaenroll.testing.TestApp;
import io.github.mfaenroll.testing.TestAppExtension;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Two loose ends of the company sign-in found with a real Keycloak: groups sent as paths ({@code /mfa-helpdesk},
 * Keycloak's "full group path"), and signing out, which has to end the provider's session too (RP-initiated logout
 * with the app's {@code client_id}, never a token, back to the signed-out page).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OidcGroupsAndSignOutTest {

    /** Configured as a path: only this exact path grants the role. */
    private static final String ADMIN_PATH = "/corp/mfa-admins";

    @RegisterExtension
    static final CorpIdentityProvider provider = CorpIdentityProvider.onLoopback();

    @RegisterExtension
    static final TestAppExtension app = TestAppExtension.withEnv(() -> provider.appEnv(Map.of("MFA_OIDC_ADMIN_GROUP", ADMIN_PATH)));


    @Nested
    class GroupsInPathForm {

        @ParameterizedTest
        @ValueSource(strings = {"mfa-helpdesk", "/mfa-helpdesk"})
        void aTopLevelGroupMatchesByNameAndByPath(String claimed) {

            OidcFlow flow = OidcFlow.staffSignInWithMfa(app.get(), "gina", List.of("/staff", claimed));

            assertThat(flow.session()).get().extracting(Session::role).isEqualTo(Role.HELPDESK);
        }

        @Test
        void aSameNamedGroupElsewhereInTheTreeGrantsNothing() {

            OidcFlow flow = OidcFlow.staffSignInWithMfa(app.get(), "gus", List.of("/contractors/mfa-helpdesk"));

            assertThat(flow.session()).isEmpty();
        }

        @Test
        void aConfiguredPathMatchesOnlyItself() {

            OidcFlow exact = OidcFlow.staffSignInWithMfa(app.get(), "ada", List.of(ADMIN_PATH));
            OidcFlow nameOnly = OidcFlow.staffSignInWithMfa(app.get(), "adam", List.of("mfa-admins"));

            assertThat(exact.session()).get().extracting(Session::role).isEqualTo(Role.ADMIN);
            assertThat(nameOnly.session()).isEmpty();
        }
    }

    @Nested
    class SigningOut {

        @Test
        void endsTheProvidersSessionNamingTheAppByItsClientIdNotByAToken() {
            OidcFlow flow = new OidcFlow(app.get());
            flow.signIn("00u-alice", Map.of("preferred_username", "alice"));
            Browser browser = flow.browser();
            browser.get("/enroll");

            Page signedOut = browser.post("/signout", Map.of());
            URI atProvider = URI.create(signedOut.location());
            Map<String, String> params = atProvider.getRawQuery() == null ? Map.of() : OidcFlow.queryParams(atProvider);
            Page backFromProvider = browser.get(atProvider.toString());

            assertThat(signedOut.status()).isEqualTo(303);
            assertThat(atProvider.toString()).startsWith(provider.issuer()).contains("/endsession");
            assertThat(params).containsEntry("client_id", CorpIdentityProvider.CLIENT_ID)
                    .containsEntry("post_logout_redirect_uri", app.baseUrl() + "/signed-out")
                    .doesNotContainKey("id_token_hint");
            assertThat(atProvider.toString()).as("no JWT in the URL").doesNotContain("eyJ");
            assertThat(backFromProvider.status()).isEqualTo(302);
            assertThat(backFromProvider.location()).isEqualTo(app.baseUrl() + "/signed-out");
            assertThat(flow.session()).isEmpty();
            assertThat(browser.get("/enroll").status()).isEqualTo(401);
        }

        @Test
        void keepsNoTokenOfTheProviderInTheSessionOrTheAudit() {
            OidcFlow flow = new OidcFlow(app.get());
            flow.signIn("00u-bob", Map.of("preferred_username", "bob"));

            Map<String, Object> row = app.components().database().jdbi().withHandle(h -> h.createQuery(
                    "SELECT * FROM sessions WHERE principal = 'oidc:bob'").mapToMap().one());

            assertThat(row.values()).noneMatch(value -> String.valueOf(value).startsWith("eyJ"));
            assertThat(row).containsEntry("company_sign_in", true);
            assertThat(app.components().audit().latest(50)).noneMatch(e -> e.detail() != null
                    && e.detail().contains("eyJ"));
        }

        @Test
        void aSessionFromAnOnboardingLinkEndsHereOnly() {
            Browser browser = app.signedInAs("dave");
            browser.get("/enroll");

            Page signedOut = browser.post("/signout", Map.of());

            assertThat(signedOut.location()).isEqualTo("/signed-out");
        }
    }
}
