package io.github.mfaenroll.identity;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.mfaenroll.testing.Authenticator;
import io.github.mfaenroll.testing.Browser;
import io.github.mfaenroll.testing.Browser.Page;
import io.github.mfaenroll.testing.HttpWizard;
import io.github.mfaenroll.testing.Secrets;
import io.github.mfaenroll.testing.TestApp;
import io.github.mfaenroll.testing.TestAppExtension;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class SessionLifecycleTest {

    private static final String COOKIE = "mfa_session";

    @RegisterExtension
    static final TestAppExtension app = TestAppExtension.withEnv(Map.of("MFA_SESSION_IDLE_TIMEOUT", "PT30M",
            "MFA_SESSION_ABSOLUTE_TIMEOUT", "PT8H")).freshForEachTest();

    /** Replays a cookie value from a fresh client, as an attacker who copied it would. */
    private int statusWithCookie(String value) {
        return app.browser().get("/enroll", Map.of("Cookie", COOKIE + "=" + value)).status();
    }

    @Nested
    class NewIds {

        @Test
        void signingInAgainIssuesANewIdAndKillsTheOldOne() {
            Browser browser = app.signedInAs("alice");
            String before = Secrets.register(browser.cookie(COOKIE));
            URI second = app.linkFor("alice");
            browser.get(second.toString());

            browser.post("/onboard", Map.of("token", TestApp.tokenOf(second)));

            String after = Secrets.register(browser.cookie(COOKIE));
            assertThat(after).isNotEqualTo(before);
            assertThat(statusWithCookie(before)).isEqualTo(401);
            assertThat(browser.get("/enroll").status()).isEqualTo(200);
        }

        @Test
        void bindingADeviceIssuesANewId() {
            Browser browser = app.signedInAs("bob");
            Authenticator phone = HttpWizard.startAndReadKey(browser, app.clock());
            browser.get("/enroll/verify");
            String before = Secrets.register(browser.cookie(COOKIE));

            Page done = browser.post("/enroll/verify", Map.of("code1", phone.code(-1), "code2", phone.code(0)));

            assertThat(done.location()).isEqualTo("/enroll/done");
            assertThat(Secrets.register(browser.cookie(COOKIE))).isNotEqualTo(before);
            assertThat(statusWithCookie(before)).isEqualTo(401);
            assertThat(browser.get("/enroll/done").status()).isEqualTo(200);
        }
    }

    @Nested
    class Timeouts {

        @Test
        void aSessionIdleLongerThanTheIdleTimeoutEnds() {
            Browser browser = app.signedInAs("alice");

            app.clock().advance(Duration.ofMinutes(31));

            assertThat(browser.get("/enroll").status()).isEqualTo(401);
        }

        @Test
        void anActiveSessionStillEndsAtTheAbsoluteTimeout() {
            Browser browser = app.signedInAs("alice");

            for (int i = 0; i < 23; i++) {
                app.clock().advance(Duration.ofMinutes(20));
                assertThat(browser.get("/enroll").status()).as("after %d minutes", (i + 1) * 20).isEqualTo(200);
            }
            app.clock().advance(Duration.ofMinutes(20));

            assertThat(browser.get("/enroll").status()).isEqualTo(401);
        }

        @Test
        void theSweepPurgesEndedSessionsFromTheDatabase() {
            app.signedInAs("alice");
            app.clock().advance(Duration.ofHours(9));

            int purged = app.components().sessions().purgeExpired();

            assertThat(purged).isEqualTo(1);
        }
    }

    @Nested
    class UnderHttps {

        @RegisterExtension
        static final TestAppExtension secure = TestAppExtension.withEnv(
                Map.of("MFA_BASE_URL", "https://mfa.example.com"));

        @Test
        void theCookieIsHostPrefixedAndSecureAndHstsIsSent() {
            URI link = secure.linkFor("alice");
            Browser browser = secure.browser();
            Page landing = browser.get(secure.baseUrl().resolve(link.getPath()).toString());
            // The browser would send these Secure cookies back over HTTPS; over the test's HTTP we do it by hand.
            String csrfCookie = landing.response().headers().allValues("Set-Cookie").stream()
                    .filter(c -> c.startsWith("__Host-mfa_csrf=")).findFirst().orElseThrow();
            String csrf = csrfCookie.substring("__Host-mfa_csrf=".length(), csrfCookie.indexOf(';'));

            Page claimed = browser.postRaw("/onboard", Map.of("token", TestApp.tokenOf(link), "csrf", csrf),
                    Map.of("Cookie", "__Host-mfa_csrf=" + csrf));

            String cookie = claimed.response().headers().allValues("Set-Cookie").stream()
                    .filter(c -> c.startsWith("__Host-mfa_session=")).findFirst().orElseThrow();
            assertThat(cookie).contains("; Path=/").contains("HttpOnly").contains("SameSite=Lax")
                    .contains("Secure").doesNotContain("Domain");
            assertThat(claimed.header("Strict-Transport-Security")).startsWith("max-age=");
        }
    }
}
