package io.github.mfaenroll.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.mfaenroll.testing.Browser;
import io.github.mfaenroll.testing.Browser.Page;
import io.github.mfaenroll.testing.TestAppExtension;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Pages in the reader's language, through the real app: the browser's {@code Accept-Language} decides, the switch on
 * every page overrides it with a cookie, English is the default.
 */
class LanguageSelectionTest {

    private static final String ENGLISH_HOME = "Set up MFA for your AWS sign-in";
    private static final String GERMAN_HOME = "MFA für Ihre AWS-Anmeldung einrichten";
    private static final String SPANISH_HOME = "Configure la MFA para su inicio de sesión en AWS";

    @RegisterExtension
    static final TestAppExtension app = TestAppExtension.demo();

    private static Page home(Browser browser, String acceptLanguage) {
        return browser.get("/", Map.of("Accept-Language", acceptLanguage));
    }

    /** Presses one of the switch's buttons on the page last read (its CSRF token and its "back" field). */
    private static Page switchTo(Browser browser, String language, String back) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("lang", language);
        form.put("back", back);
        return browser.post("/language", form);
    }

    @Nested
    class FromTheBrowsersLanguage {

        @Test
        void withoutAnyPreferencePagesAreEnglish() {
            Page page = app.browser().get("/");

            assertThat(page.body()).contains("<html lang=\"en\">").contains(ENGLISH_HOME);
            assertThat(page.header("Content-Language")).isEqualTo("en");
        }

        @Test
        void germanGivesGermanPages() {
            Page page = home(app.browser(), "de");

            assertThat(page.body()).contains("<html lang=\"de\">").contains(GERMAN_HOME)
                    .contains("Anmeldung für den Helpdesk").doesNotContain(ENGLISH_HOME);
            assertThat(page.header("Content-Language")).isEqualTo("de");
            assertThat(page.header("Vary")).contains("Accept-Language").contains("Cookie");
        }

        @Test
        void mexicanSpanishGivesSpanishPages() {
            Page page = home(app.browser(), "es-MX,es;q=0.9");

            assertThat(page.body()).contains("<html lang=\"es\">").contains(SPANISH_HOME);
        }

        @Test
        void aLanguageTheAppDoesNotSpeakFallsBackToEnglish() {
            Page french = home(app.browser(), "fr-FR,fr;q=0.9");
            Page garbled = home(app.browser(), "de;q=nonsense");

            assertThat(french.body()).contains("<html lang=\"en\">").contains(ENGLISH_HOME);
            assertThat(garbled.body()).contains("<html lang=\"en\">").contains(ENGLISH_HOME);
        }

        @Test
        void errorPagesAndTheOnboardingLandingPageAreTranslatedToo() {
            Browser browser = app.browser();
            URI link = app.linkFor("alice");

            Page notFound = browser.get("/no/such/page", Map.of("Accept-Language", "de-AT"));
            Page landing = browser.get(link.toString(), Map.of("Accept-Language", "es"));

            assertThat(notFound.status()).isEqualTo(404);
            assertThat(notFound.body()).contains("Unter dieser Adresse gibt es nichts.");
            assertThat(landing.body()).contains("Empezar a configurar la MFA").contains("alice");
        }
    }

    @Nested
    class TheSwitch {

        @Test
        void isAFormOnEveryPageWithOneButtonPerLanguageNamedInItsOwnLanguage() {
            Page page = app.browser().get("/signin");

            assertThat(page.body()).contains("<form method=\"post\" action=\"/language\"")
                    .contains("<legend class=\"visually-hidden\">Language</legend>")
                    .contains("name=\"back\" value=\"/signin\"")
                    .containsPattern("<button type=\"submit\" name=\"lang\" value=\"de\" lang=\"de\"[^>]*>Deutsch</button>")
                    .containsPattern("<button type=\"submit\" name=\"lang\" value=\"es\" lang=\"es\"[^>]*>Español</button>")
                    .containsPattern("value=\"en\" lang=\"en\" class=\"link-button\" aria-current=\"true\">English<");
        }

        @Test
        void setsACookieThatWinsOverTheBrowsersLanguageAndReturnsToThePage() {
            Browser browser = app.browser();
            browser.get("/signin", Map.of("Accept-Language", "de"));

            Page switched = switchTo(browser, "es", "/signin");
            Page after = browser.get("/signin", Map.of("Accept-Language", "de"));

            assertThat(switched.status()).isEqualTo(303);
            assertThat(switched.location()).isEqualTo("/signin");
            assertThat(switched.header("Set-Cookie")).startsWith("mfa_lang=es;").contains("HttpOnly")
                    .contains("SameSite=Lax").contains("Max-Age=31536000");
            assertThat(browser.cookie("mfa_lang")).isEqualTo("es");
            assertThat(after.body()).contains("<html lang=\"es\">").contains("Acceso para el soporte de TI");
        }

        @Test
        void keepsTheQueryOfThePageItReturnsTo() {
            Browser browser = app.browser();
            browser.get("/");

            Page switched = switchTo(browser, "de", "/signin?next=1");

            assertThat(switched.location()).isEqualTo("/signin?next=1");
        }

        @Test
        void worksForASignedInEmployeeWithTheSessionsToken() {
            Browser employee = app.signedInAs("bob");
            employee.get("/enroll");

            Page switched = switchTo(employee, "de", "/enroll");
            Page page = employee.get("/enroll");

            assertThat(switched.location()).isEqualTo("/enroll");
            assertThat(page.status()).isEqualTo(200);
            assertThat(page.body()).contains("<html lang=\"de\">").contains("MFA für bob einrichten");
        }

        @Test
        void worksOnThePageShownAfterSigningOut() {
            Browser employee = app.signedInAs("dave");
            employee.get("/enroll");
            Page signOut = employee.post("/signout", Map.of());
            Page signedOut = employee.get(signOut.location());

            Page switched = switchTo(employee, "de", "/");

            assertThat(signedOut.body()).contains("action=\"/language\"");
            assertThat(switched.status()).isEqualTo(303);
            assertThat(employee.get("/").body()).contains(GERMAN_HOME);
        }

        @Test
        void returnsToTheOnboardingPageButErrorPagesNeverEchoTheirAddress() {
            Browser browser = app.browser();
            URI link = app.linkFor("carol");
            String unknown = "/onboard/" + "A".repeat(43);

            Page landing = browser.get(link.toString());
            Page switched = switchTo(browser, "de", link.getPath());
            Page invalid = browser.get(unknown + "?code=secret-code");
            Page notFound = browser.get("/nothing/here?state=secret-state");

            assertThat(landing.body()).contains("name=\"back\" value=\"" + link.getPath() + "\"");
            assertThat(switched.location()).isEqualTo(link.getPath());
            assertThat(invalid.status()).isEqualTo(404);
            assertThat(invalid.body()).contains("name=\"back\" value=\"/\"").doesNotContain("A".repeat(43))
                    .doesNotContain("secret-code");
            assertThat(notFound.body()).contains("name=\"back\" value=\"/\"").doesNotContain("secret-state")
                    .doesNotContain("/nothing/here");
        }

        @ParameterizedTest
        @ValueSource(strings = {"https://evil.example/", "//evil.example/", "/\\evil.example/", "evil.example",
                "javascript:alert(1)", ""})
        void neverRedirectsOffTheSite(String back) {
            Browser browser = app.browser();
            browser.get("/");

            Page switched = switchTo(browser, "de", back);

            assertThat(switched.status()).isEqualTo(303);
            assertThat(switched.location()).isEqualTo("/");
        }

        @Test
        void refusesALanguageItDoesNotSpeakAndKeepsTheOldChoice() {
            Browser browser = app.browser();
            browser.get("/");
            switchTo(browser, "de", "/");
            browser.get("/");

            Page refused = switchTo(browser, "fr", "/");

            assertThat(refused.status()).isEqualTo(400);
            assertThat(refused.body()).contains("Diese Sprache gibt es hier nicht.");
            assertThat(browser.cookie("mfa_lang")).isEqualTo("de");
        }

        @Test
        void needsTheCsrfTokenLikeEveryOtherPost() {
            Browser browser = app.browser();
            browser.get("/");

            Page forged = browser.postRaw("/language", Map.of("lang", "de", "back", "/"), Map.of());
            Page crossSite = browser.postRaw("/language", Map.of("csrf", browser.csrf(), "lang", "de", "back", "/"),
                    Map.of("Origin", "https://evil.example"));

            assertThat(forged.status()).isEqualTo(403);
            assertThat(crossSite.status()).isEqualTo(403);
            assertThat(browser.cookie("mfa_lang")).isNull();
        }
    }
}
