package io.github.mfaenroll.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.mfaenroll.testing.Browser;
import io.github.mfaenroll.testing.Browser.Page;
import io.github.mfaenroll.testing.TestAppExtension;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.TestInstance;

/**
 * Responses at the edge of what the app shapes itself: Jetty's own refusals of requests it cannot parse, the
 * character set of pages, method-override headers, and the headers a scanner asks of every response.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EdgeResponsesTest {

    private static final String CSP = "default-src 'self'; img-src 'self' data:; object-src 'none'; "
            + "frame-ancestors 'none'; form-action 'self'; base-uri 'none'";

    /** Jetty writes it without the optional space after the semicolon; both mean the same. */
    private static final String HTML_UTF_8 = "(?i)text/html; ?charset=utf-8";

    @RegisterExtension
    static final TestAppExtension app = TestAppExtension.demo();

    private static void assertSecurityHeaders(RawHttp.Response response) {
        assertThat(response.header("Content-Security-Policy")).isEqualTo(CSP);
        assertThat(response.header("X-Frame-Options")).isEqualTo("DENY");
        assertThat(response.header("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(response.header("Referrer-Policy")).isEqualTo("no-referrer");
        assertThat(response.header("X-XSS-Protection")).isEqualTo("0");
        assertThat(response.header("Cache-Control")).isEqualTo("no-store");
    }

    @Nested
    class RequestsJettyRefusesBeforeTheApp {

        @Test
        void aBrokenPercentEscapeGetsASafeGenericPage() {
            RawHttp.Response response = RawHttp.get(app.baseUrl(), "/onboard/%", List.of());

            assertThat(response.status()).isEqualTo(400);
            assertSecurityHeaders(response);
            assertThat(response.header("Content-Type")).matches(HTML_UTF_8);
            assertThat(response.body()).contains("<title>").doesNotContain("onboard").doesNotContain("%");
        }

        @Test
        void anOverlongPathGetsASafeGenericPageWithoutEchoingIt() {
            String path = "/onboard/" + "x".repeat(9_000);

            RawHttp.Response response = RawHttp.get(app.baseUrl(), path, List.of());

            assertThat(response.status()).isEqualTo(414);
            assertSecurityHeaders(response);
            assertThat(response.body()).doesNotContain("xxxxxxxx").doesNotContain("onboard");
        }

        @Test
        void anyMethodGetsTheHeaders() {
            RawHttp.Response response = RawHttp.send(app.baseUrl(), "DELETE", "/onboard/%", List.of(), null);

            assertThat(response.status()).isEqualTo(400);
            assertSecurityHeaders(response);
        }

        @Test
        void anAmbiguousPathSegmentGetsTheSamePage() {
            RawHttp.Response response = RawHttp.get(app.baseUrl(), "/onboard/%2e%2e/%2fetc", List.of());

            assertThat(response.status()).isBetween(400, 404);
            assertSecurityHeaders(response);
            assertThat(response.body()).doesNotContain("etc");
        }
    }

    @Nested
    class HtmlPages {

        @Test
        void sayTheirCharacterSet() {
            Browser browser = app.browser();

            List<Page> pages = List.of(browser.get("/"), browser.get("/signin"), browser.get("/no/such/page"),
                    browser.get("/enroll"), browser.get("/onboard/" + "y".repeat(43)));

            assertThat(pages).allSatisfy(page ->
                    assertThat(page.header("Content-Type")).matches(HTML_UTF_8));
        }
    }

    @Nested
    class MethodOverrideHeaders {

        private static final List<String> OVERRIDES = List.of("X-HTTP-Method-Override", "X-HTTP-Method",
                "X-Method-Override");

        @Test
        void doNotTurnAGetIntoAPost() {
            Browser employee = app.signedInAs("dave");

            for (String override : OVERRIDES) {
                Page page = employee.get("/signout", Map.of(override, "POST"));

                assertThat(page.status()).as(override).isEqualTo(404);
            }
            assertThat(employee.get("/enroll").status()).as("still signed in").isEqualTo(200);
        }

        @Test
        void doNotTurnAPostIntoAGet() {
            for (String override : OVERRIDES) {
                Browser employee = app.signedInAs("dave");
                employee.get("/enroll");

                Page page = employee.postRaw("/signout?_method=GET", Map.of("csrf", employee.csrf(), "_method", "GET"),
                        Map.of(override, "GET"));

                assertThat(page.status()).as(override).isEqualTo(303);
                assertThat(page.location()).isEqualTo("/signed-out");
                assertThat(employee.get("/enroll").status()).as("signed out").isEqualTo(401);
            }
        }

        @Test
        void doNotLetAPostWithoutTheTokenThrough() {
            Browser employee = app.signedInAs("dave");
            employee.get("/enroll");

            Page page = employee.postRaw("/enroll/start", Map.of(), Map.of("X-HTTP-Method-Override", "GET"));

            assertThat(page.status()).isEqualTo(403);
        }
    }

    @Nested
    class HeadersScannersLookFor {

        @Test
        void everyResponseForbidsPluginsAndSwitchesTheOldXssFilterOff() {
            Browser browser = app.signedInAs("dave");

            List<Page> pages = List.of(browser.get("/"), browser.get("/healthz"), browser.get("/metrics"),
                    browser.get("/static/css/app.css"), browser.get("/no/such/page"),
                    browser.postRaw("/enroll/start", Map.of(), Map.of()));

            assertThat(pages).allSatisfy(page -> {
                assertThat(page.header("Content-Security-Policy")).isEqualTo(CSP);
                assertThat(page.header("X-XSS-Protection")).isEqualTo("0");
            });
        }
    }
}
