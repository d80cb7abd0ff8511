package io.github.mfaenroll.staff;

import static io.github.mfaenroll.testing.HelpdeskSignIn.newAccountAtLaterCodeStep;
import static io.github.mfaenroll.testing.HelpdeskSignIn.newAgentAccount;
import static io.github.mfaenroll.testing.HelpdeskSignIn.enroll;
import static io.github.mfaenroll.testing.HelpdeskSignIn.signIn;
import static io.github.mfaenroll.testing.HelpdeskSignIn.submitCode;
import static io.github.mfaenroll.testing.HelpdeskSignIn.submitPassword;
import static io.github.mfaenroll.testing.HelpdeskSignIn.submitSetupLink;
import static io.github.mfaenroll.testing.HelpdeskSignIn.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.mfaenroll.testing.Authenticator;
import io.github.mfaenroll.testing.Browser;
import io.github.mfaenroll.testing.Browser.Page;
import io.github.mfaenroll.testing.HelpdeskSignIn.CodeStep;
import io.github.mfaenroll.testing.Secrets;
import io.github.mfaenroll.testing.TestAppExtension;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Local helpdesk sign-in through the real pages: password, then an authenticator code (enrolled the first time). */
class HelpdeskSignInTest {

    private static final String PASSWORD = Secrets.register("staple battery horse correct");
    private static final String WRONG_NAME_OR_PASSWORD = "The account name or the password is not right.";

    @RegisterExtension
    static final TestAppExtension app = TestAppExtension.demo();

    @Nested
    class FirstSignIn {

        @Test
        void enrollsAnAuthenticatorWithOneCodeAndOpensTheConsole() {
            String name = newAgentAccount(app.get(), PASSWORD);
            Browser browser = app.browser();

            Page afterPassword = submitSetupLink(app.get(), browser, name, PASSWORD);
            Page enrollPage = browser.get("/signin/totp");
            Authenticator phone = Authenticator.fromScanPage(enrollPage.body(), app.clock());
            Page afterCode = submitCode(browser, phone.code(0));
            Page console = browser.get("/helpdesk");

            assertThat(afterPassword.status()).isEqualTo(303);
            assertThat(afterPassword.location()).isEqualTo("/signin/totp");
            assertThat(enrollPage.body()).contains("src=\"data:image/png;base64,")
                    .contains("autocomplete=\"one-time-code\"").contains("inputmode=\"numeric\"")
                    .contains("otpauth://totp/mfa-enroll%20helpdesk:" + name + "?secret=" + phone.base32());
            assertThat(enrollPage.header("Cache-Control")).isEqualTo("no-store");
            assertThat(afterCode.status()).isEqualTo(303);
            assertThat(afterCode.location()).isEqualTo("/helpdesk");
            assertThat(console.status()).isEqualTo(200);
            assertThat(console.body()).contains("Signed in as helpdesk:" + name).contains("SIGNED_IN")
                    .contains("local account, authenticator enrolled");
        }

        @Test
        void theSignInPageLabelsItsFieldsForPasswordManagers() {

            Page page = app.browser().get("/signin");

            assertThat(page.status()).isEqualTo(200);
            assertThat(page.body()).contains("<label for=\"name\">").contains("autocomplete=\"username\"")
                    .contains("<label for=\"password\">").contains("autocomplete=\"current-password\"")
                    .contains("type=\"password\"");
        }

        @Test
        void theKeyIsStoredOnlyEncrypted() {
            String name = newAgentAccount(app.get(), PASSWORD);

            Authenticator phone = enroll(app.get(), app.browser(), name, PASSWORD);

            String stored = app.components().database().jdbi().withHandle(h -> h.createQuery(
                    "SELECT totp_ciphertext FROM helpdesk_accounts WHERE name = :name").bind("name", name)
                    .mapTo(String.class).one());
            assertThat(stored).isNotBlank().doesNotContain(phone.base32());
        }

        @Test
        void aWrongCodeEnrollsNothingAndTheSameKeyStaysOnOffer() {
            String name = newAgentAccount(app.get(), PASSWORD);
            Browser browser = app.browser();
            submitSetupLink(app.get(), browser, name, PASSWORD);
            Authenticator phone = Authenticator.fromScanPage(browser.get("/signin/totp").body(), app.clock());

            Page refused = submitCode(browser, phone.code(5));

            assertThat(refused.status()).isEqualTo(401);
            assertThat(refused.body()).contains("role=\"alert\"").contains("That code is not right")
                    .contains("aria-describedby=\"code-hint code-error\"");
            assertThat(Authenticator.fromScanPage(refused.body(), app.clock()).base32()).isEqualTo(phone.base32());
            assertThat(browser.get("/helpdesk").status()).isEqualTo(401);
            assertThat(submitCode(browser, phone.code(0)).location()).isEqualTo("/helpdesk");
        }
    }

    @Nested
    class LaterSignIns {

        @Test
        void askForACodeAndShowNoKey() {
            CodeStep later = newAccountAtLaterCodeStep(app.get(), PASSWORD);

            Page afterCode = submitCode(later.browser(), later.phone().code(0));

            assertThat(later.codePage().body()).contains("Type the code from your authenticator app")
                    .doesNotContain("setup-key").doesNotContain("data:image/png")
                    .doesNotContain(later.phone().base32());
            assertThat(afterCode.location()).isEqualTo("/helpdesk");
            assertThat(later.browser().get("/helpdesk").status()).isEqualTo(200);
        }

        @Test
        void refuseAWrongCodeAndStartNoSession() {
            CodeStep later = newAccountAtLaterCodeStep(app.get(), PASSWORD);

            Page refused = submitCode(later.browser(), later.phone().code(-3));

            assertThat(refused.status()).isEqualTo(401);
            assertThat(refused.body()).contains("That code is not right");
            assertThat(later.browser().get("/helpdesk").status()).isEqualTo(401);
        }

        @Test
        void refuseACodeThatAlreadySignedSomeoneIn() {
            CodeStep second = newAccountAtLaterCodeStep(app.get(), PASSWORD);
            String used = second.phone().code(0);
            signIn(app.browser(), second.phone(), second.name(), PASSWORD);

            Page replayed = submitCode(second.browser(), used);
            app.clock().advance(Duration.ofSeconds(30));
            Page fresh = submitCode(second.browser(), second.phone().code(0));

            assertThat(replayed.status()).isEqualTo(401);
            assertThat(replayed.body()).contains("That code was already used");
            assertThat(fresh.location()).isEqualTo("/helpdesk");
        }
    }

    @Nested
    class WrongPasswords {

        @Test
        void getTheSameAnswerAsAnUnknownName() {
            String name = newAgentAccount(app.get(), PASSWORD);

            Page wrongPassword = submitPassword(app.browser(), name, "staple battery horse wrong");
            Page unknownName = submitPassword(app.browser(), uniqueName("nobody"), PASSWORD);

            assertThat(wrongPassword.status()).isEqualTo(401);
            assertThat(unknownName.status()).isEqualTo(401);
            assertThat(wrongPassword.body()).contains(WRONG_NAME_OR_PASSWORD).contains("role=\"alert\"")
                    .contains("aria-describedby=\"signin-error\"");
            assertThat(unknownName.body()).contains(WRONG_NAME_OR_PASSWORD);
            assertThat(wrongPassword.response().headers().allValues("Set-Cookie"))
                    .noneMatch(c -> c.startsWith("mfa_signin="));
        }

        @Test
        void leaveNoWayToTheCodeStep() {
            String name = newAgentAccount(app.get(), PASSWORD);
            Browser browser = app.browser();
            submitPassword(browser, name, "staple battery horse wrong");

            Page codePage = browser.get("/signin/totp");

            assertThat(codePage.status()).isEqualTo(401);
            assertThat(codePage.body()).contains("Please sign in again");
        }
    }

    @Nested
    class PendingSecondFactor {

        @Test
        void theCookieAloneGivesNoAccessToTheConsole() throws Exception {
            String name = newAgentAccount(app.get(), PASSWORD);
            Browser browser = app.browser();

            Page afterPassword = submitSetupLink(app.get(), browser, name, PASSWORD);

            String pending = pendingCookie(afterPassword);
            assertThat(afterPassword.response().headers().allValues("Set-Cookie"))
                    .anyMatch(c -> c.startsWith("mfa_signin=") && c.contains("HttpOnly")
                            && c.contains("SameSite=Strict") && c.contains("Max-Age=300"));
            assertThat(browser.get("/helpdesk").status()).isEqualTo(401);
            assertThat(statusWithCookie("/helpdesk", "mfa_session=" + pending)).isEqualTo(401);
            assertThat(statusWithCookie("/helpdesk", "mfa_signin=" + pending)).isEqualTo(401);
        }

        @Test
        void isUsedUpBySigningIn() throws Exception {
            String name = newAgentAccount(app.get(), PASSWORD);
            Browser browser = app.browser();
            String pending = pendingCookie(submitSetupLink(app.get(), browser, name, PASSWORD));
            Authenticator phone = Authenticator.fromScanPage(browser.get("/signin/totp").body(), app.clock());
            submitCode(browser, phone.code(0));

            int replayed = statusWithCookie("/signin/totp", "mfa_signin=" + pending);

            assertThat(replayed).isEqualTo(401);
        }

        @Test
        void expiresAfterFiveMinutes() {
            String name = newAgentAccount(app.get(), PASSWORD);
            Browser browser = app.browser();
            submitSetupLink(app.get(), browser, name, PASSWORD);

            app.clock().advance(Duration.ofMinutes(5).plusSeconds(1));
            Page late = browser.get("/signin/totp");

            assertThat(late.status()).isEqualTo(401);
            assertThat(late.body()).contains("Your sign-in took too long");
        }

        @Test
        void signingInReplacesTheSessionTheBrowserHad() {
            String name = newAgentAccount(app.get(), PASSWORD);
            Browser browser = app.signedInAs("alice");
            String employeeSession = sessionCookie(browser);

            enroll(app.get(), browser, name, PASSWORD);

            assertThat(app.components().sessions().find(employeeSession)).isEmpty();
            assertThat(sessionCookie(browser)).isNotEqualTo(employeeSession);
            assertThat(browser.get("/helpdesk").status()).isEqualTo(200);
            assertThat(browser.get("/enroll").status()).isEqualTo(403);
        }
    }

    private static String pendingCookie(Page page) {
        String cookie = page.response().headers().allValues("Set-Cookie").stream()
                .filter(c -> c.startsWith("mfa_signin=")).findFirst().orElseThrow();
        return Secrets.register(cookie.substring("mfa_signin=".length(), cookie.indexOf(';')));
    }

    private String sessionCookie(Browser browser) {
        return Secrets.register(browser.cookies().getCookieStore().getCookies().stream()
                .filter(c -> c.getName().equals("mfa_session")).findFirst().orElseThrow().getValue());
    }

    private int statusWithCookie(String path, String cookie) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(app.baseUrl().resolve(path)).header("Cookie", cookie).build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
