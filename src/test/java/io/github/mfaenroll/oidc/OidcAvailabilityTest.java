package io.github.mfaenroll.oidc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.mfaenroll.app.AppConfig;
import io.github.mfaenroll.testing.Browser.Page;
import io.github.mfaenroll.testing.TestApp;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The company sign-in when it is not configured, configured incompletely, or configured but unreachable. */
class OidcAvailabilityTest {

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class WhenNotConfigured {

        private TestApp app;

        @BeforeAll
        void start() {
            app = TestApp.start();
        }

        @AfterAll
        void stop() {
            app.close();
        }

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
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class WhenTheProviderCannotBeReached {

        private TestApp app;

        @BeforeAll
        void start() throws IOException {
            int closedPort;
            try (ServerSocket socket = new ServerSocket(0, 0, InetAddress.getLoopbackAddress())) {
                closedPort = socket.getLocalPort();
            }
            app = TestApp.start(Map.of("MFA_OIDC_ISSUER", "http://127.0.0.1:" + closedPort + "/corp",
                    "MFA_OIDC_CLIENT_ID", CorpIdentityProvider.CLIENT_ID));
        }

        @AfterAll
        void stop() {
            app.close();
        }

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
