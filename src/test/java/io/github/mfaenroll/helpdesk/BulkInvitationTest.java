package io.github.mfaenroll.helpdesk;

import static io.github.mfaenroll.testing.TestUsers.user;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.mfaenroll.audit.AuditAction;
import io.github.mfaenroll.audit.AuditEntry.Outcome;
import io.github.mfaenroll.audit.AuditEntry;
import io.github.mfaenroll.iam.AccountUser;
import io.github.mfaenroll.testing.Browser.Page;
import io.github.mfaenroll.testing.Browser;
import io.github.mfaenroll.testing.Mailbox;
import io.github.mfaenroll.testing.Staff;
import io.github.mfaenroll.testing.TestAppExtension;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** "Invite every user without MFA" through the helpdesk console, with a real SMTP server and the IAM simulator. */
class BulkInvitationTest {

    private static final String BULK = "/helpdesk/invitations/bulk";

    @RegisterExtension
    static final Mailbox mailbox = Mailbox.onLoopback().emptiedBeforeEachTest();

    @RegisterExtension
    static final TestAppExtension app = TestAppExtension.withEnv(() -> settings(600)).freshForEachTest();

    /** Mail to the mailbox; at most {@code invitesPerMinute} invitations a minute. */
    private static Map<String, String> settings(int invitesPerMinute) {
        Map<String, String> env = new HashMap<>(mailbox.appSettings());
        env.put("MFA_BULK_INVITES_PER_MINUTE", String.valueOf(invitesPerMinute));
        return env;
    }

    @BeforeEach
    void usersWithAndWithoutMfaPasswordAndEmail() {
        app.simulator().addUser("erin", true, Map.of("email", "erin@example.com"));
        app.simulator().addUser("frank", true, Map.of("email", "frank@example.com"));
        app.simulator().addUser("grace", true, Map.of("email", "grace@example.com"));
        app.simulator().addAssignedVirtualDevice("grace", "grace-phone");
        app.simulator().addUser("heidi", false, Map.of("email", "heidi@example.com"));
    }

    @Test
    void runningItTwiceSendsEachInvitationOnce() {
        Browser staff = Staff.helpdesk(app.get(), "hanna");

        Page first = runToTheEnd(staff);
        Page second = runToTheEnd(staff);

        assertThat(first.body()).contains("Done");
        assertThat(mailbox.to("erin@example.com")).hasSize(1);
        assertThat(mailbox.to("frank@example.com")).hasSize(1);
        assertThat(mailbox.to("alice@example.com")).hasSize(1);
        assertThat(mailbox.to("grace@example.com")).as("has MFA").isEmpty();
        assertThat(mailbox.to("heidi@example.com")).as("no console password").isEmpty();
        assertThat(mailbox.to("erin@example.com").get(0).link()).isNotNull();
        assertThat(second.body()).contains("Done");
        assertThat(skipped(second)).isEqualTo(sent(first)).isGreaterThanOrEqualTo(4);
        assertThat(sent(second)).isZero();
        List<AuditEntry> finished = app.components().audit().latest(200).stream()
                .filter(e -> e.action() == AuditAction.BULK_INVITATION_FINISHED).toList();
        assertThat(finished).hasSize(2).allSatisfy(e -> {
            assertThat(e.actor()).isEqualTo("helpdesk:hanna");
            assertThat(e.outcome()).isEqualTo(Outcome.SUCCESS);
        });
        assertThat(app.components().audit().forUser(user("erin"), 20)).extracting(AuditEntry::action)
                .contains(AuditAction.LINK_ISSUED, AuditAction.INVITATION_SKIPPED);
    }

    @Test
    void withoutTheConfirmationNothingIsSent() {
        Browser staff = Staff.helpdesk(app.get(), "hanna");
        staff.get(BULK);

        Page refused = staff.post(BULK, Map.of());

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body()).contains("Tick the confirmation box");
        assertThat(mailbox.received()).isEmpty();
    }

    @Test
    void aRunWhoseInstanceDiedIsShownInterruptedAndStopsRefreshing() {
        // What a killed instance leaves behind: a job marked RUNNING, and nobody holding the bulk-invitations lease.
        BulkInvitationStore store = new BulkInvitationStore(app.components().database().jdbi(), app.clock());
        String orphan = java.util.UUID.randomUUID().toString();
        store.insert(orphan, "helpdesk:hanna", null);
        store.markRunning(orphan);
        Browser staff = Staff.helpdesk(app.get(), "hanna");

        Page page = staff.get(BULK + "/" + orphan);

        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("Interrupted (the app stopped); run it again to finish")
                .doesNotContain("http-equiv=\"refresh\"");
    }

    @Test
    void iamFailingToListTheUsersEndsTheRunWithAReference() {
        Browser staff = Staff.helpdesk(app.get(), "hanna");
        app.simulator().failNext("ListUsers", 10, 500, "ServiceFailure", "boom");

        Page end = runToTheEnd(staff);

        assertThat(end.body()).contains("Stopped: AWS could not list the users").contains("R-");
        assertThat(mailbox.received()).isEmpty();
    }

    @Nested
    class PacedAtThirtyAMinute {

        @RegisterExtension
        static final TestAppExtension pacedApp = TestAppExtension.withEnv(() -> settings(30)).freshForEachTest();

        @Test
        void theProgressPageRefreshesItselfWhileTheRunIsPaced() {
            Browser staff = Staff.helpdesk(pacedApp.get(), "hanna");
            staff.get(BULK);

            Page started = staff.post(BULK, Map.of("confirm", "yes", "account", "123456789012"));
            Page progress = staff.get(started.location());

            assertThat(progress.status()).isEqualTo(200);
            assertThat(progress.body()).contains("<meta http-equiv=\"refresh\" content=\"5\">")
                    .containsAnyOf("Running", "Waiting to start");
            assertThat(mailbox.received().size()).as("paced: 2 s between invitations").isLessThanOrEqualTo(1);
        }
    }

    @Test
    void aRunOverTheWholeOrganizationInvitesTheUsersWithoutMfaOfEveryAccount() {
        Browser staff = Staff.helpdesk(app.get(), "hanna");

        Page end = runToTheEnd(staff, "all");

        assertThat(end.body()).contains("Done");
        // Without MFA: demo-corp alice, bob, erin, frank; demo-dev alice, erin; demo-prod grace. Users with MFA
        // (carol, grace here, frank in demo-dev, heidi in demo-prod) and without a console password are left alone.
        assertThat(mailbox.to("alice@example.com")).as("one for each of her accounts").hasSize(2);
        assertThat(mailbox.to("erin@example.com")).as("one for each of her accounts").hasSize(2);
        assertThat(mailbox.to("bob@example.com")).hasSize(1);
        assertThat(mailbox.to("frank@example.com")).as("demo-corp only: frank has MFA in demo-dev").hasSize(1);
        assertThat(mailbox.to("grace@example.com")).as("demo-prod only: grace has MFA here").hasSize(1);
        assertThat(mailbox.to("heidi@example.com")).isEmpty();
        assertThat(app.components().links().forUser(AccountUser.of("234567890123", "erin"))).hasSize(1);
    }

    /** Starts a run over the own account, follows it to its progress page and reloads that until the run ends. */
    private Page runToTheEnd(Browser staff) {
        return runToTheEnd(staff, "123456789012");
    }

    private Page runToTheEnd(Browser staff, String account) {
        staff.get(BULK);
        Page started = staff.post(BULK, Map.of("confirm", "yes", "account", account));
        assertThat(started.status()).isEqualTo(303);
        return await("the run ends").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> staff.get(started.location()), page -> !page.body().contains("http-equiv=\"refresh\""));
    }

    private static int sent(Page job) {
        return count(job, "Sent");
    }

    private static int skipped(Page job) {
        return count(job, "Skipped (already invited)");
    }

    /** The number after a label in the progress page's facts list. */
    private static int count(Page job, String label) {
        Matcher number = Pattern.compile("<dt>" + Pattern.quote(label) + "</dt><dd[^>]*>(\\d+)</dd>").matcher(job.body());
        assertThat(number.find()).as(label + " in the progress page").isTrue();
        return Integer.parseInt(number.group(1));
    }

}
