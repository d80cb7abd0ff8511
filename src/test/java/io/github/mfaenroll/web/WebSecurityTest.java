package io.github.mfaenroll.web;

import static io.github.mfaenroll.testing.TestApp.tokenOf;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.mfaenroll.testing.Authenticator;
import io.github.mfaenroll.testing.Browser;
import io.github.mfaenroll.testing.Browser.Page;
import io.github.mfaenroll.testing.HttpWizard;
import io.github.mfaenroll.testing.Secrets;
import io.github.mfaenroll.testing.TestApp;
import io.github.mfaenroll.testing.TestAppExtension;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class WebSecurityTest {

    @RegisterExtension
    static final TestAppExtension app = TestAppExtension.demo();

    private Browser signedInAs(String user) {
        return app.signedInAs(user);
    }

    @Nested
    class OnlyTheSessionsOwnUser {

        @Test
        void noParameterMakesAnEnrollmentForAnotherUser() {
            Browser alice = signedInAs("alice");
            alice.get("/enroll");
            Map<String, String> smuggled = Map.of("user", "bob", "userName", "bob", "iamUser", "bob",
                    "UserName", "bob");

            alice.post("/enroll/start?user=bob&userName=bob&iamUser=bob", smuggled);
            Page scan = alice.get("/enroll/scan?user=bob");
            Authenticator phone = Authenticator.fromScanPage(scan.body(), app.clock());
            alice.get("/enroll/verify?user=bob");
            java.util.HashMap<String, String> codes = new java.util.HashMap<>(smuggled);
            codes.put("code1", phone.code(-1));
            codes.put("code2", phone.code(0));
            Page done = alice.post("/enroll/verify?user=bob", codes);

            assertThat(done.location()).isEqualTo("/enroll/done");
            assertThat(scan.body()).contains("otpauth://totp/AWS%20demo-corp:alice?");
            assertThat(app.simulator().assignedSerials("alice")).hasSize(1);
            assertThat(app.simulator().assignedSerials("bob")).isEmpty();
        }

        @Test
        void wizardPagesNeedASession() {
            Browser stranger = app.browser();

            for (String path : List.of("/enroll", "/enroll/scan", "/enroll/verify", "/enroll/done", "/enroll/cancel")) {
                assertThat(stranger.get(path).status()).as(path).isEqualTo(401);
            }
            stranger.get("/");
            // Every page carries a pre-session CSRF token (for its language switch): with it the POST passes the
            // CSRF check and is refused for want of a session; without any token it fails the CSRF check first.
            assertThat(stranger.post("/enroll/start", Map.of()).status()).isEqualTo(401);
            assertThat(stranger.postRaw("/enroll/start", Map.of(), Map.of()).status()).isEqualTo(403);
        }
    }

    @Nested
    class Csrf {

        @Test
        void aPostWithoutTheTokenIsRefused() {
            Browser alice = signedInAs("bob");

            Page refused = alice.postRaw("/enroll/start", Map.of(), Map.of());

            assertThat(refused.status()).isEqualTo(403);
            assertThat(refused.body()).contains("This form expired or came from another site");
        }

        @Test
        void aPostWithAnotherSessionsTokenIsRefused() {
            Browser bob = signedInAs("bob");
            Browser other = signedInAs("dave");
            other.get("/enroll");

            Page refused = bob.postRaw("/enroll/start", Map.of("csrf", other.csrf()), Map.of());

            assertThat(refused.status()).isEqualTo(403);
        }

        @Test
        void aPostFromAnotherOriginIsRefusedEvenWithTheToken() {
            Browser bob = signedInAs("bob");
            bob.get("/enroll");

            Page refused = bob.postRaw("/enroll/start", Map.of("csrf", bob.csrf()),
                    Map.of("Origin", "https://evil.example"));

            assertThat(refused.status()).isEqualTo(403);
        }

        @Test
        void claimingALinkNeedsThePreSessionToken() {
            URI link = app.linkFor("dave");
            Browser browser = app.browser();
            browser.get(link.toString());

            Page refused = browser.postRaw("/onboard", Map.of("token", tokenOf(link), "csrf", "forged"), Map.of());

            assertThat(refused.status()).isEqualTo(403);
            assertThat(browser.get(link.toString()).status()).as("link still usable").isEqualTo(200);
        }
    }

    @Nested
    class Headers {

        @Test
        void everyResponseCarriesTheSecurityHeaders() {
            Browser browser = signedInAs("dave");
            List<Page> pages = List.of(browser.get("/"), browser.get("/healthz"), browser.get("/enroll"),
                    browser.get("/static/css/app.css"), browser.get("/no/such/page"),
                    browser.get("/onboard/" + "y".repeat(43)), app.browser().get("/enroll"),
                    browser.postRaw("/enroll/start", Map.of(), Map.of()));

            for (Page page : pages) {
                assertThat(page.header("Content-Security-Policy")).isEqualTo(
                        "default-src 'self'; img-src 'self' data:; object-src 'none'; frame-ancestors 'none'; "
                                + "form-action 'self'; base-uri 'none'");
                assertThat(page.header("X-Content-Type-Options")).isEqualTo("nosniff");
                assertThat(page.header("X-XSS-Protection")).isEqualTo("0");
                assertThat(page.header("Referrer-Policy")).isEqualTo("no-referrer");
            }
        }

        @Test
        void anUnknownMethodOnALinkGetsThePlainNotFoundPageWithoutEchoingTheToken() throws Exception {
            String token = Secrets.register("Q".repeat(43));
            java.net.http.HttpResponse<String> response = java.net.http.HttpClient.newHttpClient().send(
                    java.net.http.HttpRequest.newBuilder(app.baseUrl().resolve("/onboard/" + token))
                            .method("DELETE", java.net.http.HttpRequest.BodyPublishers.noBody()).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());

            assertThat(response.statusCode()).isEqualTo(404);
            assertThat(response.body()).contains("There is nothing at this address").doesNotContain(token);
            assertThat(response.headers().firstValue("Cache-Control")).contains("no-store");
        }

        @Test
        void pagesAreNoStoreAndStaticFilesAreCacheable() {
            Browser browser = signedInAs("dave");

            assertThat(browser.get("/enroll").header("Cache-Control")).isEqualTo("no-store");
            assertThat(browser.get("/no/such/page").header("Cache-Control")).isEqualTo("no-store");
            assertThat(browser.get("/static/css/app.css").header("Cache-Control")).contains("max-age");
        }

        @Test
        void theSessionCookieIsHttpOnlyAndLax() {
            URI link = app.linkFor("dave");
            Browser browser = app.browser();
            browser.get(link.toString());

            Page claimed = browser.post("/onboard", Map.of("token", tokenOf(link)));

            String cookie = claimed.response().headers().allValues("Set-Cookie").stream()
                    .filter(c -> c.startsWith("mfa_session=")).findFirst().orElseThrow();
            assertThat(cookie).contains("HttpOnly").contains("SameSite=Lax").contains("Path=/");
        }
    }

    @Nested
    class Sessions {

        @Test
        void signingOutMakesTheOldCookieUseless() {
            Browser browser = signedInAs("dave");
            browser.get("/enroll");

            Page out = browser.post("/signout", Map.of());

            assertThat(out.status()).isEqualTo(303);
            assertThat(out.location()).isEqualTo("/signed-out");
            Page signedOut = browser.get(out.location());
            assertThat(signedOut.status()).isEqualTo(200);
            assertThat(signedOut.body()).contains("You are signed out").doesNotContain("action=\"/signout\"");
            assertThat(browser.get("/enroll").status()).isEqualTo(401);
        }
    }

    @Nested
    class SecretsAtRest {

        @Test
        void theDatabaseHoldsNoPlaintextSeedAndWipesItWhenTheEnrollmentEnds() throws IOException {
            Browser browser = signedInAs("bob");
            Authenticator phone = HttpWizard.startAndReadKey(browser, app.clock());

            List<String> cells = allDatabaseText();
            String ciphertextWhileRunning = app.components().database().jdbi().withHandle(h -> h.createQuery(
                    "SELECT seed_ciphertext FROM enrollments WHERE iam_user = 'bob' AND state = 'DEVICE_CREATED'")
                    .mapTo(String.class).one());
            browser.get("/enroll/cancel");
            browser.post("/enroll/cancel", Map.of());

            assertThat(cells).noneMatch(cell -> cell.contains(phone.base32()));
            assertThat(databaseFilesContain(phone.base32())).isFalse();
            assertThat(ciphertextWhileRunning).isNotBlank();
            Integer seedsOutsideDeviceCreated = app.components().database().jdbi().withHandle(h -> h.createQuery(
                    "SELECT COUNT(*) FROM enrollments WHERE seed_ciphertext IS NOT NULL AND state <> 'DEVICE_CREATED'")
                    .mapTo(Integer.class).one());
            assertThat(seedsOutsideDeviceCreated).isZero();
        }

        private List<String> allDatabaseText() {
            return app.components().database().jdbi().withHandle(h -> Stream.of("link_tokens", "sessions",
                            "enrollments", "created_devices", "audit_log")
                    .flatMap(table -> h.createQuery("SELECT * FROM " + table).mapToMap().list().stream())
                    .flatMap(row -> row.values().stream())
                    .map(String::valueOf)
                    .toList());
        }

        private boolean databaseFilesContain(String text) throws IOException {
            try (Stream<Path> files = Files.walk(app.dataDir())) {
                for (Path file : files.filter(Files::isRegularFile).toList()) {
                    if (new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1).contains(text)) {
                        return true;
                    }
                }
            }
            return false;
        }
    }
}
