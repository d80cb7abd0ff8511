package io.github.mfaenroll.helpdesk;

import static io.github.mfaenroll.testing.TestUsers.user;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.mfaenroll.audit.AuditAction;
import io.github.mfaenroll.audit.AuditEntry.Outcome;
import io.github.mfaenroll.identity.Role;
import io.github.mfaenroll.testing.Browser.Page;
import io.github.mfaenroll.testing.Browser;
import io.github.mfaenroll.testing.Mailbox;
import io.github.mfaenroll.testing.Staff;
import io.github.mfaenroll.testing.TestAppExtension;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * "Invite every user without MFA" keeps the same limits as one invitation: never the staff member's own IAM user, and
 * administrators' and protected users only when an administrator runs it. Otherwise a helpdesk member could mail
 * themselves a link for their own IAM user, or for an administrator's.
 */
class BulkInvitationPowerLimitsTest {

    private static final String BULK = "/helpdesk/invitations/bulk";

    @RegisterExtension
    static final Mailbox mailbox = Mailbox.onLoopback().emptiedBeforeEachTest();

    @RegisterExtension
    static final TestAppExtension app = TestAppExtension.withEnv(() -> {
        Map<String, String> env = new HashMap<>(mailbox.appSettings());
        env.put("MFA_BULK_INVITES_PER_MINUTE", "600");
        return env;
    }).freshForEachTest();

    @BeforeEach
    void ownProtectedAndOrdinaryUsersWithoutMfa() {
        app.simulator().addUser("sam", true, Map.of("email", "sam@example.com"));
        app.simulator().addUser("pat", true, Map.of("email", "pat@example.com", "mfa-enroll-protected", "yes"));
        app.simulator().addUser("erin", true, Map.of("email", "erin@example.com"));
    }

    private static Page runToTheEnd(Browser staff) {
        staff.get(BULK);
        Page started = staff.post(BULK, Map.of("confirm", "yes", "account", "123456789012"));
        assertThat(started.status()).isEqualTo(303);
        return await("the run ends").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> staff.get(started.location()), page -> !page.body().contains("http-equiv=\"refresh\""));
    }

    @Test
    void aHelpdeskMemberIsNeverInvitedThemselvesNorInvitesProtectedUsers() {
        Browser sam = Staff.withSession(app.get(), "oidc:sam", Role.HELPDESK, "sam");

        Page end = runToTheEnd(sam);

        assertThat(end.body()).contains("Done");
        assertThat(mailbox.to("erin@example.com")).hasSize(1);
        assertThat(mailbox.to("sam@example.com")).as("the staff member's own IAM user").isEmpty();
        assertThat(mailbox.to("pat@example.com")).as("protected: administrators only").isEmpty();
        assertThat(app.components().audit().forUser(user("sam"), 20)).anySatisfy(e -> {
            assertThat(e.action()).isEqualTo(AuditAction.LINK_ISSUED);
            assertThat(e.outcome()).isEqualTo(Outcome.DENIED);
            assertThat(e.actor()).isEqualTo("oidc:sam");
        });
    }

    @Test
    void anAdministratorInvitesProtectedUsersButNotThemselves() {
        Browser sam = Staff.withSession(app.get(), "oidc:sam", Role.ADMIN, "sam");

        runToTheEnd(sam);

        assertThat(mailbox.to("pat@example.com")).hasSize(1);
        assertThat(mailbox.to("sam@example.com")).isEmpty();
    }
}
