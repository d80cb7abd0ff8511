package io.github.mfaenroll.oidc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.mfaenroll.audit.AuditEntry;
import io.github.mfaenroll.testing.Browser.Page;
import io.github.mfaenroll.testing.LogHygiene;
import io.github.mfaenroll.testing.Secrets;
import io.github.mfaenroll.testing.TestAppExtension;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The provider as the running app checks it: an issuer set with a trailing slash, the provider in {@code /readyz},
 * and a provider that refuses the app's own settings (client secret, client id), which the log must name.
 */
class OidcProviderHealthTest {

    @Nested
    class AnIssuerSetWithATrailingSlash {

        @RegisterExtension
        static final CorpIdentityProvider provider = CorpIdentityProvider.onLoopback();

        @RegisterExtension
        static final TestAppExtension app = TestAppExtension.withEnv(() -> provider.appEnv(Map.of(
                "MFA_OIDC_ISSUER", provider.issuer() + "/", "MFA_OIDC_MAPPING", "user-name")));

        @Test
        void isAcceptedInTheProvidersFormAndPeopleSignIn() {
            OidcFlow flow = new OidcFlow(app.get());

            flow.signIn("00u-alice", Map.of("preferred_username", "alice"));

            flow.assertInWizardFor("alice");
            assertThat(LogHygiene.lines()).anyMatch(line -> line.contains("MFA_OIDC_ISSUER=" + provider.issuer()
                    + "/ differs from the provider's issuer " + provider.issuer() + " only by a trailing slash"));
        }
    }

    @Nested
    class Readiness {

        @RegisterExtension
        static final CorpIdentityProvider provider = CorpIdentityProvider.onLoopback();

        @RegisterExtension
        static final TestAppExtension app = TestAppExtension.withEnv(() -> provider.appEnv(Map.of()));

        @Test
        void reportsTheProviderDownWithoutTakingTheInstanceOutCheckingAtMostEvery30Seconds() {
            String issuer = provider.issuer();
            Page ready = app.browser().get("/readyz");

            provider.stopNow();
            Page withinTheCache = app.browser().get("/readyz");
            app.clock().advance(Duration.ofSeconds(30));
            // The probe runs off the request thread (a hung provider must not slow /readyz): the next answers show it.
            Page afterIt = await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                    .until(() -> app.browser().get("/readyz"), page -> page.body().endsWith("oidc down"));

            assertThat(ready.status()).isEqualTo(200);
            assertThat(ready.body()).isEqualTo("database ok\niam ok\noidc ok");
            assertThat(withinTheCache.body()).as("probed at most every 30 s").endsWith("oidc ok");
            assertThat(afterIt.status()).as("links and local sign-in still work").isEqualTo(200);
            assertThat(afterIt.body()).isEqualTo("database ok\niam ok\noidc down");
            assertThat(LogHygiene.lines()).anyMatch(line -> line.contains("Company sign-in is failing")
                    && line.contains("MFA_OIDC_ISSUER=" + issuer + ": ") && line.contains("connection refused")
                    && line.endsWith("company sign-in fails until it answers"));
        }
    }

    @Nested
    class WithoutCompanySignIn {

        @RegisterExtension
        static final TestAppExtension app = TestAppExtension.demo();

        @Test
        void readyzKeepsItsTwoLines() {
            Page ready = app.browser().get("/readyz");

            assertThat(ready.status()).isEqualTo(200);
            assertThat(ready.body()).isEqualTo("database ok\niam ok");
        }
    }

    @Nested
    class AWrongClientSecret {

        static final String WRONG_SECRET = Secrets.register("not-the-client-secret-at-the-provider");

        @RegisterExtension
        static final CorpIdentityProvider provider = CorpIdentityProvider.onLoopback();

        @RegisterExtension
        static final TestAppExtension app = TestAppExtension.withEnv(() -> provider.appEnv(Map.of(
                "MFA_OIDC_CLIENT_SECRET", WRONG_SECRET, "MFA_OIDC_MAPPING", "user-name")));

        @Test
        void showsAPageThatDoesNotBlameAnOutageAndLogsWhichSettingsToCheck() {
            OidcFlow flow = new OidcFlow(app.get());

            Page page = flow.signIn("00u-alice", Map.of("preferred_username", "alice"));

            flow.assertRefused(500, "is not set up correctly on this service");
            assertThat(page.body()).doesNotContain("can’t be reached");
            assertThat(LogHygiene.lines()).anyMatch(line -> line.contains("token endpoint: the provider refused this"
                    + " app's client credentials (HTTP 401, invalid_client); check MFA_OIDC_CLIENT_ID and"
                    + " MFA_OIDC_CLIENT_SECRET"));
            assertThat(LogHygiene.lines()).noneMatch(line -> line.contains(WRONG_SECRET));
            AuditEntry audit = app.components().audit().latest(1).get(0);
            assertThat(audit.detail()).contains("MISCONFIGURED", "MFA_OIDC_CLIENT_SECRET").doesNotContain(WRONG_SECRET);
        }
    }

    @Nested
    class AClientTheProviderDoesNotAllowTheCodeFlow {

        @RegisterExtension
        static final CorpIdentityProvider provider = CorpIdentityProvider.onLoopback();

        @RegisterExtension
        static final TestAppExtension app = TestAppExtension.withEnv(() -> provider.appEnv(Map.of()));

        @Test
        void showsTheSetupPageAndLogsTheClientIdToCheck() {
            OidcFlow flow = new OidcFlow(app.get()).begin();

            // What a provider sends back when the client may not use the authorization code flow (RFC 6749 §4.1.2.1).
            Page page = flow.browser().get("/signin/oidc/callback?error=unauthorized_client&state="
                    + flow.authorizationParam("state"));

            assertThat(page.status()).isEqualTo(500);
            assertThat(page.body()).contains("is not set up correctly on this service");
            assertThat(LogHygiene.lines()).anyMatch(line -> line.contains("authorization endpoint: the provider does"
                    + " not let this app's client use the authorization code flow (provider answered"
                    + " unauthorized_client); check MFA_OIDC_CLIENT_ID"));
        }
    }
}
