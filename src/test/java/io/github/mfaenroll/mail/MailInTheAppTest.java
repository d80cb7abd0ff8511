package io.github.mfaenroll.mail;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import io.github.mfaenroll.audit.AuditAction;
import io.github.mfaenroll.identity.Role;
import io.github.mfaenroll.identity.Sessions;
import io.github.mfaenroll.testing.Authenticator;
import io.github.mfaenroll.testing.Browser;
import io.github.mfaenroll.testing.Browser.Page;
import io.github.mfaenroll.testing.Secrets;
import io.github.mfaenroll.testing.TestApp;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Mail as the running app sends it: after an enrollment, and when SMTP is down. */
class MailInTheAppTest {

    @RegisterExtension
    static final GreenMailExtension greenMail = new GreenMailExtension(
            ServerSetup.SMTP.createCopy("127.0.0.1").dynamicPort());

    private static Authenticator enroll(TestApp app, Browser browser) {
        browser.get("/enroll");
        browser.post("/enroll/start", Map.of());
        Authenticator phone = Authenticator.fromScanPage(browser.get("/enroll/scan").body(), app.clock());
        browser.get("/enroll/verify");
        Page done = browser.post("/enroll/verify", Map.of("code1", phone.code(-1), "code2", phone.code(0)));
        assertThat(done.location()).isEqualTo("/enroll/done");
        return phone;
    }

    @Nested
    class WithSmtp {

        @Test
        void bindingADeviceSendsTheOwnerANoticeWithoutAnySecret() throws Exception {
            try (TestApp app = TestApp.start(Map.of("MFA_SMTP_HOST", "127.0.0.1",
                    "MFA_SMTP_PORT", String.valueOf(greenMail.getSmtp().getPort()), "MFA_SMTP_SECURITY", "none",
                    "MFA_SMTP_FROM", "mfa@example.com"))) {
                Authenticator phone = enroll(app, app.signedInAs("alice"));

                assertThat(greenMail.waitForIncomingEmail(10_000, 1)).isTrue();
                MimeMessage notice = greenMail.getReceivedMessages()[0];
                String everything = GreenMailUtil.getWholeMessage(notice);
                assertThat(notice.getAllRecipients()[0].toString()).isEqualTo("alice@example.com");
                assertThat(everything).contains("alice").contains(app.simulator().assignedSerials("alice").get(0));
                assertThat(everything).doesNotContain(phone.base32()).doesNotContain(phone.code(0))
                        .doesNotContain(phone.code(-1));
            }
        }
    }

    @Nested
    class WithSmtpDown {

        @Test
        void theEnrollmentStillCompletesAndTheHelpdeskSeesTheFailure() throws Exception {
            try (TestApp app = TestApp.start(Map.of("MFA_SMTP_HOST", "127.0.0.1",
                    "MFA_SMTP_PORT", String.valueOf(MailFixtures.closedPort()), "MFA_SMTP_SECURITY", "none"))) {
                enroll(app, app.signedInAs("bob"));

                Instant deadline = Instant.now().plus(Duration.ofSeconds(15));
                while (app.components().audit().forSubject("bob", 20).stream()
                        .noneMatch(e -> e.action() == AuditAction.MAIL_FAILED) && Instant.now().isBefore(deadline)) {
                    Thread.sleep(100);
                }
                Sessions.Started staff = app.components().sessions().start("helpdesk:hanna", Role.HELPDESK, null);
                Secrets.register(staff.cookieValue());
                Page console = app.browser().get("/helpdesk", Map.of("Cookie", "mfa_session=" + staff.cookieValue()));

                assertThat(app.simulator().assignedSerials("bob")).hasSize(1);
                assertThat(console.status()).isEqualTo(200);
                assertThat(console.body()).contains("MAIL_FAILED").contains("b***@example.com");
                assertThat(io.github.mfaenroll.testing.LogHygiene.lines())
                        .anyMatch(line -> line.contains("b***@example.com"));
            }
        }
    }
}
