package io.github.mfaenroll.helpdesk;

import static io.github.mfaenroll.testing.TestUsers.user;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.mfaenroll.audit.AuditAction;
import io.github.mfaenroll.audit.AuditEntry.Outcome;
import io.github.mfaenroll.audit.AuditEntry;
import io.github.mfaenroll.testing.Browser.Page;
import io.github.mfaenroll.testing.Browser;
import io.github.mfaenroll.testing.Mailbox;
import io.github.mfaenroll.testing.Staff;
import io.github.mfaenroll.testing.TestAppExtension;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Removing the console password of a user who does not need one: administrators only. */
class ConsolePasswordTest {

    @RegisterExtension
    static final Mailbox mailbox = Mailbox.onLoopback();

    @RegisterExtension
    static final TestAppExtension app = TestAppExtension.withEnv(() -> mailbox.appSettings());

    private String newUser(boolean consolePassword) {
        return app.newUser("pw", consolePassword, true);
    }

    private Browser adminOn(String name) {
        return Staff.adminOnUserPage(app.get(), "adam", name);
    }

    private List<AuditEntry> entries(String name) {
        return app.audited(name, AuditAction.CONSOLE_PASSWORD_REMOVED);
    }

    private static Map<String, String> form(String reason) {
        return Map.of("reason", reason, "confirm", "yes");
    }

    @Nested
    class AsAnAdministrator {

        @Test
        void removesThePasswordAuditsTheReasonAndTellsTheUser() {
            String name = newUser(true);
            Browser admin = adminOn(name);

            Page answer = admin.post("/helpdesk/accounts/123456789012/users/" + name + "/console-password/remove",
                    form("Only uses the CLI"));

            assertThat(answer.status()).isEqualTo(303);
            assertThat(app.components().iam().hasConsolePassword(name)).isFalse();
            assertThat(admin.get(answer.location()).body()).contains("The console password was removed.")
                    .contains("<dt>Console password</dt><dd>No</dd>");
            assertThat(entries(name)).singleElement().satisfies(e -> {
                assertThat(e.actor()).isEqualTo("helpdesk:adam");
                assertThat(e.outcome()).isEqualTo(Outcome.SUCCESS);
                assertThat(e.detail()).isEqualTo("reason: Only uses the CLI");
            });
            assertThat(mailbox.to(name + "@example.com")).singleElement().satisfies(mail -> {
                assertThat(mail.subject()).isEqualTo("The console password of your AWS user " + name + " was removed");
                assertThat(mail.text()).contains("helpdesk:adam").contains("Only uses the CLI");
            });
        }

        @Test
        void aUserWithoutOneIsRefused() {
            String name = newUser(false);

            Page answer = adminOn(name).post("/helpdesk/accounts/123456789012/users/" + name + "/console-password/remove", form("No need"));

            assertThat(answer.status()).isEqualTo(409);
            assertThat(answer.body()).contains("This user has no console password.");
            assertThat(entries(name)).singleElement().satisfies(e -> assertThat(e.outcome()).isEqualTo(Outcome.DENIED));
        }

        @Test
        void aReasonIsRequired() {
            String name = newUser(true);

            Page answer = adminOn(name).post("/helpdesk/accounts/123456789012/users/" + name + "/console-password/remove", form(""));

            assertThat(answer.status()).isEqualTo(400);
            assertThat(answer.body()).contains("id=\"password-error\"").contains("Give a reason.");
            assertThat(app.components().iam().hasConsolePassword(name)).isTrue();
        }

        @Test
        void anUnknownUserIsNotFound() {

            Page answer = adminOn("bob").post("/helpdesk/accounts/123456789012/users/ghost3/console-password/remove", form("No need"));

            assertThat(answer.status()).isEqualTo(404);
            assertThat(entries("ghost3")).singleElement()
                    .satisfies(e -> assertThat(e.outcome()).isEqualTo(Outcome.DENIED));
        }

        @Test
        void anIamFailureLeavesThePasswordAndNamesTheReference() {
            String name = newUser(true);
            Browser admin = adminOn(name);
            app.simulator().failNext("DeleteLoginProfile", 3, 500, "ServiceFailure", "boom");

            Page answer = admin.post("/helpdesk/accounts/123456789012/users/" + name + "/console-password/remove", form("No need"));

            assertThat(answer.status()).isEqualTo(503);
            assertThat(app.components().iam().hasConsolePassword(name)).isTrue();
            AuditEntry failure = entries(name).get(0);
            assertThat(failure.outcome()).isEqualTo(Outcome.FAILURE);
            assertThat(answer.body()).contains(failure.reference());
        }
    }

    @Nested
    class AsHelpdeskStaff {

        @Test
        void theRouteIsForbiddenTheAttemptAuditedAndThePasswordKept() {
            String name = newUser(true);
            Browser staff = Staff.helpdesk(app.get(), "hanna");
            staff.get("/helpdesk/accounts/123456789012/users/" + name);

            Page answer = staff.post("/helpdesk/accounts/123456789012/users/" + name + "/console-password/remove", form("No need"));

            assertThat(answer.status()).isEqualTo(403);
            assertThat(app.components().iam().hasConsolePassword(name)).isTrue();
            assertThat(app.components().audit().forUser(user(name), 10)).anySatisfy(e -> {
                assertThat(e.action()).isEqualTo(AuditAction.ACCESS_DENIED);
                assertThat(e.actor()).isEqualTo("helpdesk:hanna");
                assertThat(e.detail()).isEqualTo("POST /helpdesk/accounts/{account}/users/{name}/console-password/remove");
            });
        }

        @Test
        void theFormIsNotOfferedToThem() {
            String name = newUser(true);

            Page page = Staff.helpdesk(app.get(), "hanna").get("/helpdesk/accounts/123456789012/users/" + name);

            assertThat(page.body()).doesNotContain("console-password/remove");
        }
    }
}
