package io.github.mfaenroll.oidc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.mfaenroll.app.AppConfig;
import io.github.mfaenroll.testing.Browser.Page;
import io.github.mfaenroll.testing.TestApp;
import io.github.mfaenroll.testing.TestAppExtension;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The company sign-in when it is not configured, configured incompletely, or configured but unreachable. */
class OidcAvailabilityTest {

    @Nested
    class WhenNotConfigured {

        @RegisterExtension
        static final TestAppExtension app = TestAppExtension.demo();

        @Test
        void theSignInRoutesAnswerNotFound() {
            Page begin = app.browser().get("/signin/oidc");
            Page callback = app.browser().get("/signin/oidc/callback?code=x&state=y");

            assertThat(begin.status()).isEqualTo(404);
            assertThat(callback.status()).isEqualTo(404);
            assertThat(begin.body()).contains("There is nothing at this address");
        }

        @Test
        void theHomePageOffersOnlyTheWelcomeEmailLink() {
            Page home = app.browser().get("/");

            assertThat(home.body()).contains("open the link from your welcome email")
                    .doesNotContain("Sign in with your company account");
        }
    }

    @Nested
    class WhenConfiguredWithoutAClientId {

        @Test
        void startUpStopsWithAMessageNamingTheVariable() {
            Map<String, String> env = Map.of("MFA_OIDC_ISSUER", "https://idp.example.com/corp");

            assertThatThrownBy(() -> AppConfig.from(env))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("MFA_OIDC_CLIENT_ID");
        }
    }

    @Nested
    class WhenTheProviderCannotBeReached {

        @RegisterExtension
        static final TestAppExtension app = TestAppExtension.withEnv(() -> Map.of(
                "MFA_OIDC_ISSUER", "http://127.0.0.1:" + TestApp.freePort() + "/corp",
                "MFA_OIDC_CLIENT_ID", CorpIdentityProvider.CLIENT_ID));

        @Test
        void signingInShowsAServiceUnavailablePage() {
            Page page = app.browser().get("/signin/oidc");

            assertThat(page.status()).isEqualTo(503);
            assertThat(page.body()).contains("Sign-in is not available right now");
        }

        @Test
        void theRestOfTheAppKeepsWorking() {
            Page home = app.browser().get("/");

            assertThat(home.status()).isEqualTo(200);
            assertThat(home.body()).contains("Sign in with your company account");
        }
    }
}
