package io.github.mfaenroll.mail;

import static io.github.mfaenroll.mail.MailFixtures.HELPDESK;
import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import io.github.mfaenroll.testing.TestApp;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The enroll-by reminder as received: both parts say whose AWS user, by when, how to start and whom to ask. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReminderMailTest {

    @RegisterExtension
    static final GreenMailExtension greenMail = new GreenMailExtension(
            ServerSetup.SMTP.createCopy("127.0.0.1").dynamicPort());

    private TestApp app;

    @BeforeAll
    void startApp() {
        app = TestApp.start();
    }

    @AfterAll
    void stopApp() {
        app.close();
    }

    @Test
    void saysByWhenAndHowToStartWithoutALinkOrASecret() {
        Notifications notifications = MailFixtures.notifications(app,
                MailFixtures.plainSmtp(greenMail.getSmtp().getPort()), "email");

        boolean sent = notifications.sendReminder("bob", LocalDate.parse("2026-12-01"));

        assertThat(sent).isTrue();
        assertThat(greenMail.waitForIncomingEmail(5_000, 1)).isTrue();
        ReceivedMail mail = ReceivedMail.of(greenMail.getReceivedMessages()[0]);
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
