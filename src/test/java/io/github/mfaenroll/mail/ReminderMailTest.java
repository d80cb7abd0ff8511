package io.github.mfaenroll.mail;

import static io.github.mfaenroll.mail.MailFixtures.HELPDESK;
import static io.github.mfaenroll.testing.TestUsers.user;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.mfaenroll.testing.Mailbox;
import io.github.mfaenroll.testing.ReceivedMail;
import io.github.mfaenroll.testing.TestAppExtension;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The enroll-by reminder as received: both parts say whose AWS user, by when, how to start and whom to ask. */
class ReminderMailTest {

    @RegisterExtension
    static final Mailbox mailbox = Mailbox.onLoopback().emptiedBeforeEachTest();

    @RegisterExtension
    static final TestAppExtension app = TestAppExtension.demo();

    @Test
    void saysByWhenAndHowToStartWithoutALinkOrASecret() {
        Notifications notifications = MailFixtures.notifications(app.get(),
                MailFixtures.plainSmtp(mailbox.port()), "email");

        boolean sent = notifications.sendReminder(user("bob"), LocalDate.parse("2026-12-01"));

        assertThat(sent).isTrue();
        ReceivedMail mail = mailbox.firstMail();
        assertThat(mail.to()).isEqualTo("bob@example.com");
        assertThat(mail.subject()).isEqualTo("Reminder: set up MFA for your AWS user bob");
        for (String part : List.of(mail.text(), mail.html())) {
            assertThat(part).contains("Your AWS user bob does not have multi-factor authentication (MFA) yet.",
                    "Please set it up by December 1, 2026.", "Open the link from your welcome email",
                    "ask " + HELPDESK + " for a new one").doesNotContain("http://", "https://", "otpauth:");
            assertThat(ReceivedMail.CODE_SHAPE.matcher(part).find()).isFalse();
        }
        assertThat(mail.text()).startsWith("Hello,\n\nYour AWS user bob")
                .contains("MFA) yet.\nPlease set it up by December 1, 2026.\n\n");
    }
}
