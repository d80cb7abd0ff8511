package io.github.mfaenroll.mail;

import static io.github.mfaenroll.mail.MailFixtures.WHEN;
import static io.github.mfaenroll.mail.MailFixtures.loggedDuring;
import static io.github.mfaenroll.testing.TestUsers.user;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.mfaenroll.audit.AuditAction;
import io.github.mfaenroll.audit.AuditEntry;
import io.github.mfaenroll.onboarding.OnboardingLinks.IssuedLink;
import io.github.mfaenroll.testing.Mailbox;
import io.github.mfaenroll.testing.TestApp;
import io.github.mfaenroll.testing.TestAppExtension;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * When a mail cannot go out (no usable address, SMTP down) or is not meant to (log-only mode): the caller gets
 * false, never an exception; the helpdesk finds the reason in the audit trail; the log has no body and no link.
 */
class NotificationFailuresTest {

    @RegisterExtension
    static final Mailbox mailbox = Mailbox.onLoopback().emptiedBeforeEachTest();

    @RegisterExtension
    static final TestAppExtension app = TestAppExtension.demo();

    Notifications notifications() {
        return notificationsVia(MailFixtures.plainSmtp(mailbox.port()), "email");
    }

    Notifications notificationsVia(SmtpSettings smtp, String emailTagKey) {
        return MailFixtures.notifications(app.get(), smtp, emailTagKey);
    }

    IssuedLink issueLink(String iamUser) {
        return MailFixtures.issueLink(app.get(), iamUser);
    }

    @Nested
    class WithoutAUsableAddress {

        @Test
        void aUserWithoutAnEmailTagGetsNoMailAndTheHelpdeskSeesWhy() {
            app.simulator().addUser("erin", true, Map.of("team", "data"));

            boolean sent = notifications().sendDeviceBound(user("erin"), "arn:aws:iam::123456789012:mfa/erin", WHEN);

            assertThat(sent).isFalse();
            assertThat(mailbox.received()).isEmpty();
            AuditEntry entry = app.lastAuditEntry("erin");
            assertThat(entry.action()).isEqualTo(AuditAction.MAIL_FAILED);
            assertThat(entry.outcome()).isEqualTo(AuditEntry.Outcome.FAILURE);
            assertThat(entry.detail())
                    .isEqualTo("device-bound notice not sent: no usable email address (the user has no email tag)");
            assertThat(entry.reference()).startsWith("R-");
        }

        @Test
        void aTagThatIsNotOneAddressIsNotUsed() {
            app.simulator().addUser("frank", true, Map.of("email", "frank at example dot com"));
            app.simulator().addUser("gina", true, Map.of("email", "gina@example.com, boss@example.com"));

            boolean frank = notifications().sendDeviceBound(user("frank"), "arn:aws:iam::123456789012:mfa/f", WHEN);
            boolean gina = notifications().sendDeviceBound(user("gina"), "arn:aws:iam::123456789012:mfa/g", WHEN);

            assertThat(frank).isFalse();
            assertThat(gina).isFalse();
            assertThat(mailbox.received()).isEmpty();
            assertThat(app.lastAuditEntry("gina").detail()).isEqualTo(
                    "device-bound notice not sent: no usable email address (the email tag is not one valid address)");
        }

        @Test
        void aMalformedExplicitAddressIsNotReplacedByTheTag() {
            IssuedLink link = issueLink("alice");

            boolean sent = notifications().sendInvitation(user("alice"), "alice@", null, link.url(), link.expiresAt(), "maria")
                    .received();

            assertThat(sent).isFalse();
            assertThat(mailbox.received()).isEmpty();
            assertThat(app.lastAuditEntry("alice").detail())
                    .isEqualTo("invitation not sent: no usable email address (the address given is not valid)");
        }

        @Test
        void anUnknownIamUserGetsNoMailAndNoException() {
            boolean sent = notifications().sendDeviceBound(user("nobody"), "arn:aws:iam::123456789012:mfa/x", WHEN);

            assertThat(sent).isFalse();
            assertThat(app.lastAuditEntry("nobody").action()).isEqualTo(AuditAction.MAIL_FAILED);
            assertThat(app.lastAuditEntry("nobody").detail()).contains("reading the user's tags failed", "NO_SUCH_ENTITY");
        }

        @Test
        void whenIamRefusesToShowTheTagsTheHelpdeskSeesThat() {
            app.simulator().failNext("ListUserTags", 1, 403, "AccessDenied", "not allowed to list tags");

            boolean sent = notifications().sendDeviceBound(user("bob"), "arn:aws:iam::123456789012:mfa/b", WHEN);

            assertThat(sent).isFalse();
            assertThat(app.lastAuditEntry("bob").detail()).contains("reading the user's tags failed", "ACCESS_DENIED");
        }

        @Test
        void theTagKeyIsConfigurable() {
            app.simulator().addUser("hank", true, Map.of("work-email", "hank@example.com"));
            Notifications notifications = notificationsVia(MailFixtures.plainSmtp(mailbox.port()),
                    "work-email");

            boolean sent = notifications.sendDeviceBound(user("hank"), "arn:aws:iam::123456789012:mfa/h", WHEN);

            assertThat(sent).isTrue();
            assertThat(mailbox.firstMail().to()).isEqualTo("hank@example.com");
        }
    }

    @Nested
    class WhenSmtpIsDown {

        @Test
        void sendingFailsFastIsAuditedWithTheMaskedAddressAndLogsNoLink() {
            IssuedLink link = issueLink("dave");
            Notifications notifications = notificationsVia(MailFixtures.plainSmtp(TestApp.freePort()), "email");
            AtomicBoolean sent = new AtomicBoolean(true);
            long start = System.nanoTime();

            List<String> logged = loggedDuring(() -> sent.set(
                    notifications.sendInvitation(user("dave"), null, null, link.url(), link.expiresAt(), "maria").received()));

            long millis = (System.nanoTime() - start) / 1_000_000;
            assertThat(sent).isFalse();
            assertThat(millis).as("gives up at once instead of hanging the request").isLessThan(5_000);
            AuditEntry entry = app.lastAuditEntry("dave");
            assertThat(entry.action()).isEqualTo(AuditAction.MAIL_FAILED);
            assertThat(entry.outcome()).isEqualTo(AuditEntry.Outcome.FAILURE);
            assertThat(entry.detail()).startsWith("invitation to d***@example.com failed: ")
                    .contains("127.0.0.1").doesNotContain("dave@example.com", TestApp.tokenOf(link.url()));
            assertThat(logged).anySatisfy(line -> assertThat(line).contains("Mail invitation for user dave in 123456789012 failed",
                    "d***@example.com", entry.reference()));
            assertThat(logged).noneMatch(line -> line.contains("/onboard/") || line.contains("dave@example.com"));
        }

        @Test
        void theNoticesFailTheSameWayWithoutThrowing() {
            Notifications notifications = notificationsVia(MailFixtures.plainSmtp(TestApp.freePort()), "email");

            boolean bound = notifications.sendDeviceBound(user("bob"), "arn:aws:iam::123456789012:mfa/b", WHEN);
            boolean removed = notifications.sendDeviceRemoved(user("bob"), "arn:aws:iam::123456789012:mfa/b", "sweeper",
                    "expired", WHEN);

            assertThat(bound).isFalse();
            assertThat(removed).isFalse();
            assertThat(app.components().audit().forUser(user("bob"), 2)).extracting(AuditEntry::action)
                    .containsOnly(AuditAction.MAIL_FAILED);
        }
    }

    @Nested
    class LogOnlyMode {

        @Test
        void logsRecipientAndSubjectButNeverTheBodyAndSaysNothingWasMailed() {
            IssuedLink link = issueLink("alice");
            Notifications notifications = notificationsVia(MailFixtures.noSmtp(), "email");
            AtomicBoolean sent = new AtomicBoolean();

            List<String> logged = loggedDuring(() -> sent.set(
                    notifications.sendInvitation(user("alice"), null, null, link.url(), link.expiresAt(), "maria").received()));

            assertThat(sent).as("nobody receives it, so callers show the link instead").isFalse();
            assertThat(mailbox.received()).isEmpty();
            assertThat(logged).anySatisfy(line -> assertThat(line).endsWith(
                    "Mail (log-only, SMTP not configured): to=a***@example.com subject=Set up MFA for your AWS user"
                            + " alice"));
            assertThat(logged).noneMatch(line -> line.contains("/onboard/") || line.contains("valid until")
                    || line.contains("alice@example.com"));
            assertThat(app.lastAuditEntry("alice").detail())
                    .isEqualTo("invitation to a***@example.com (log-only, SMTP not configured)");
        }
    }
}
