package io.github.mfaenroll.enforcement;

import static io.github.mfaenroll.testing.TestUsers.user;
import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMailUtil;
import io.github.mfaenroll.audit.AuditAction;
import io.github.mfaenroll.identity.Role;
import io.github.mfaenroll.testing.Browser;
import io.github.mfaenroll.testing.HttpWizard;
import io.github.mfaenroll.testing.Mailbox;
import io.github.mfaenroll.testing.ReceivedMail;
import io.github.mfaenroll.testing.Staff;
import io.github.mfaenroll.testing.TestApp;
import io.github.mfaenroll.testing.TestAppExtension;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Enroll-by reminders as the running app sends them (real SMTP server, the app's clock moved by the test): from
 * MFA_REMINDER_DAYS_BEFORE days before the deadline, at most one a day, never to someone who has MFA.
 */
class RemindersTest {

    @RegisterExtension
    static final Mailbox mailbox = Mailbox.onLoopback().emptiedBeforeEachTest();

    @RegisterExtension
    static final TestAppExtension app = TestAppExtension.withEnv(() -> {
        Map<String, String> env = new HashMap<>(mailbox.appSettings());
        env.put("MFA_REMINDER_DAYS_BEFORE", "3");
        return env;
    }).freshForEachTest(); // each test starts at TestApp.START, 2026-11-23 10:00 UTC

    private void deadline(String user, String date) {
        Browser hanna = Staff.withSession(app.get(), "helpdesk:hanna", Role.HELPDESK);
        hanna.get("/helpdesk/enforcement");
        hanna.post("/helpdesk/deadlines", Map.of("action", "set", "user", user, "enrollBy", date));
    }

    private Optional<Integer> runJob() {
        return app.components().reminders().sendDue();
    }

    private List<MimeMessage> remindersTo(String address) {
        return mailbox.to(address).stream().filter(m -> m.subject().startsWith("Reminder:")).map(ReceivedMail::raw)
                .toList();
    }

    /** The run sent no reminder to anyone, and none reached this address. */
    private void assertNoReminder(Optional<Integer> sent, String address) {
        assertThat(sent).as("reminders the run sent").contains(0);
        assertThat(remindersTo(address)).isEmpty();
    }

    private void enroll(String user) {
        HttpWizard.enroll(app.signedInAs(user), app.clock());
    }

    @Nested
    class InTheWindow {

        @Test
        void nothingIsSentBeforeTheWindowOpens() {
            deadline("alice", "2026-11-28");

            Optional<Integer> sent = runJob();

            assertNoReminder(sent, "alice@example.com");
        }

        @Test
        void oneReminderIsSentWhenTheWindowOpensAndNotAgainThatDay() throws Exception {
            deadline("alice", "2026-11-28");
            app.clock().advance(Duration.ofDays(2));

            Optional<Integer> first = runJob();
            app.clock().advance(Duration.ofHours(13));
            Optional<Integer> laterThatDay = runJob();

            assertThat(first).contains(1);
            assertThat(laterThatDay).contains(0);
            assertThat(remindersTo("alice@example.com")).singleElement().satisfies(mail -> {
                assertThat(mail.getSubject()).isEqualTo("Reminder: set up MFA for your AWS user alice");
                assertThat(GreenMailUtil.getBody(mail)).contains("Please set it up by November 28, 2026.")
                        .contains("Open the link from your welcome email").doesNotContain("http");
            });
            assertThat(app.components().audit().forUser(user("alice"), 20))
                    .anyMatch(e -> e.action() == AuditAction.MAIL_SENT && e.detail().startsWith("enroll-by reminder"));
        }

        @Test
        void theNextDayBringsTheNextReminderUntilTheDeadlineButNotAfter() {
            deadline("bob", "2026-11-24");

            Optional<Integer> today = runJob();
            app.clock().advance(Duration.ofDays(1));
            Optional<Integer> onTheDay = runJob();
            app.clock().advance(Duration.ofDays(1));
            Optional<Integer> afterwards = runJob();

            assertThat(List.of(today, onTheDay, afterwards)).containsExactly(Optional.of(1), Optional.of(1),
                    Optional.of(0));
            assertThat(remindersTo("bob@example.com")).hasSize(2);
        }
    }

    @Nested
    class PeopleWithMfa {

        @Test
        void someoneWhoAlreadyHasMfaIsNeverReminded() {
            deadline("carol", "2026-11-24");

            Optional<Integer> sent = runJob();

            assertNoReminder(sent, "carol@example.com");
            assertThat(Staff.withSession(app.get(), "helpdesk:hanna", Role.HELPDESK).get("/helpdesk/enforcement")
                    .body()).contains("MFA is on; no more reminders");
        }

        @Test
        void someoneWhoEnrollsAfterAReminderGetsNoMore() {
            deadline("alice", "2026-11-25");
            runJob();
            enroll("alice");
            app.clock().advance(Duration.ofDays(1));

            Optional<Integer> sent = runJob();

            assertThat(sent).contains(0);
            assertThat(remindersTo("alice@example.com")).hasSize(1);
        }
    }

    @Nested
    class SeveralRuns {

        @Test
        void aRunWhileAnotherHoldsTheLeaseSendsNothing() {
            deadline("bob", "2026-11-24");
            var lease = new io.github.mfaenroll.store.Lease(app.components().database().jdbi(), app.clock(),
                    "reminders");
            lease.tryAcquire(Duration.ofMinutes(1));

            Optional<Integer> skipped = runJob();

            assertThat(skipped).isEmpty();
            assertThat(remindersTo("bob@example.com")).isEmpty();
        }
    }
}
