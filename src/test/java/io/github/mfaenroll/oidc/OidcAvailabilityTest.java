package io.github.mfaenroll.oidc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.mfaenroll.app.AppConfig;
import io.github.mfaenroll.testing.Browser.Page;
import io.github.mfaenroll.testing.TestAppExtension;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The company sign-in when it is not configured, configured incompletely, or unreachable after start-up (a provider
 * unreachable at start-up stops {@code serve}: {@code app/ServeChecksIdentityProviderTest}).
 */
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

    /**
     * The provider answered at start-up (else the app would not have started) and stops answering halfway through
     * someone's sign-in.
     */
    @Nested
    class WhenTheProviderStopsAnsweringAfterStartUp {

        @RegisterExtension
        static final CorpIdentityProvider provider = CorpIdentityProvider.onLoopback();

        @RegisterExtension
        static final TestAppExtension app = TestAppExtension.withEnv(() -> provider.appEnv(Map.of()));

        @Test
        void finishingTheSignInShowsAServiceUnavailablePageAndTheRestOfTheAppKeepsWorking() {
            OidcFlow flow = new OidcFlow(app.get()).begin().loginAtProvider("00u-alice",
                    Map.of("preferred_username", "alice"));

            provider.stopNow();
            Page page = flow.callback();
            Page home = app.browser().get("/");

            assertThat(page.status()).isEqualTo(503);
            assertThat(page.body()).contains("Sign-in is not available right now");
            assertThat(home.status()).isEqualTo(200);
            assertThat(home.body()).contains("Sign in with your company account");
        }
    }
}
