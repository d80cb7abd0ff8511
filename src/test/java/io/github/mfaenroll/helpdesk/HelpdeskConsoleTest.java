package io.github.mfaenroll.helpdesk;

import static io.github.mfaenroll.testing.HelpdeskSignIn.newAccountSignedIn;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.mfaenroll.audit.AuditAction;
import io.github.mfaenroll.audit.AuditEntry.Outcome;
import io.github.mfaenroll.testing.Authenticator;
import io.github.mfaenroll.testing.Browser;
import io.github.mfaenroll.testing.Browser.Page;
import io.github.mfaenroll.testing.HelpdeskSignIn.SignedIn;
import io.github.mfaenroll.testing.Secrets;
import io.github.mfaenroll.testing.TestAppExtension;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The helpdesk console's first page: who may see it, and what it shows. */
class HelpdeskConsoleTest {

    private static final String PASSWORD = Secrets.register("console password of some length");

    @RegisterExtension
    static final TestAppExtension app = TestAppExtension.demo();

    @Nested
    class Access {

        @Test
        void withoutASessionIsUnauthorized() {

            Page page = app.browser().get("/helpdesk");

            assertThat(page.status()).isEqualTo(401);
        }

        @Test
        void anEmployeeSessionIsForbidden() {
            Browser employee = app.signedInAs("alice");

            Page page = employee.get("/helpdesk");

            assertThat(page.status()).isEqualTo(403);
            assertThat(page.body()).doesNotContain("Latest events");
        }

        @Test
        void anAdministratorMayUseIt() {
            Browser admin = newAccountSignedIn(app.get(), PASSWORD, true).browser();

            Page page = admin.get("/helpdesk");

            assertThat(page.status()).isEqualTo(200);
            assertThat(page.body()).contains("Role: administrator.");
        }

        @Test
        void aSignedInAgentOpeningTheSignInPageGoesStraightToTheConsole() {
            Browser agent = newAccountSignedIn(app.get(), PASSWORD, false).browser();

            Page signIn = agent.get("/signin");

            assertThat(signIn.status()).isEqualTo(303);
            assertThat(signIn.location()).isEqualTo("/helpdesk");
        }

        @Test
        void theStartPageLinksToTheHelpdeskSignIn() {

            Page home = app.browser().get("/");

            assertThat(home.body()).contains("<a href=\"/signin\">Helpdesk sign-in</a>");
        }
    }

    @Nested
    class LatestEvents {

        @Test
        void showWhoIsSignedInAndFailuresSuchAsUnsentMail() {
            app.components().audit().record("helpdesk:someone", "bob", AuditAction.MAIL_FAILED, Outcome.FAILURE,
                    "SMTP server unreachable (connection refused)", "R-MAILFAIL");
            SignedIn agent = newAccountSignedIn(app.get(), PASSWORD, false);

            Page page = agent.browser().get("/helpdesk");

            assertThat(page.status()).isEqualTo(200);
            assertThat(page.body()).contains("Signed in as helpdesk:" + agent.name()).contains("Role: helpdesk.")
                    .contains("<th scope=\"col\">Time</th>").contains("MAIL_FAILED").contains("FAILURE")
                    .contains("SMTP server unreachable (connection refused)").contains("R-MAILFAIL")
                    .contains("HELPDESK_ACCOUNT_CREATED").contains("SIGNED_IN");
        }

        @Test
        void neverShowAKeyACodeOrAPassword() {
            SignedIn agent = newAccountSignedIn(app.get(), PASSWORD, false);
            Authenticator phone = agent.phone();
            String usedCode = phone.code(0);

            Page page = agent.browser().get("/helpdesk");

            assertThat(page.body()).doesNotContain(phone.base32()).doesNotContain(PASSWORD)
                    .doesNotContain("data:image/png").doesNotContain(">" + usedCode + "<");
        }

        @Test
        void escapeWhatTheEntriesHold() {
            app.components().audit().record("helpdesk:someone", "<script>alert(1)</script>", AuditAction.LINK_ISSUED,
                    Outcome.SUCCESS, "<b>bold</b>");
            Browser agent = newAccountSignedIn(app.get(), PASSWORD, false).browser();

            Page page = agent.get("/helpdesk");

            assertThat(page.body()).doesNotContain("<script>alert(1)</script>").doesNotContain("<b>bold</b>")
                    .contains("&lt;script&gt;");
        }
    }
}
