package io.github.mfaenroll.mail;

import static io.github.mfaenroll.testing.TestUsers.user;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.icegreen.greenmail.util.GreenMailUtil;
import io.github.mfaenroll.audit.AuditAction;
import io.github.mfaenroll.identity.Role;
import io.github.mfaenroll.identity.Sessions;
import io.github.mfaenroll.testing.Authenticator;
import io.github.mfaenroll.testing.Browser.Page;
import io.github.mfaenroll.testing.HttpWizard;
import io.github.mfaenroll.testing.Mailbox;
import io.github.mfaenroll.testing.Secrets;
import io.github.mfaenroll.testing.TestApp;
import io.github.mfaenroll.testing.TestAppExtension;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Mail as the running app sends it: after an enrollment, and when SMTP is down. */
class MailInTheAppTest {

    @RegisterExtension
    static final Mailbox mailbox = Mailbox.onLoopback().emptiedBeforeEachTest();

    @Nested
    class WithSmtp {

        @RegisterExtension
        static final TestAppExtension app = TestAppExtension.withEnv(mailbox::appSettings);

        @Test
        void bindingADeviceSendsTheOwnerANoticeWithoutAnySecret() throws Exception {
            Authenticator phone = HttpWizard.enroll(app.signedInAs("alice"), app.clock());

            MimeMessage notice = mailbox.firstMail().raw();
            String everything = GreenMailUtil.getWholeMessage(notice);
            assertThat(notice.getAllRecipients()[0].toString()).isEqualTo("alice@example.com");
            assertThat(everything).contains("alice").contains(app.simulator().assignedSerials("alice").get(0));
            assertThat(everything).doesNotContain(phone.base32()).doesNotContain(phone.code(0))
                    .doesNotContain(phone.code(-1));
        }
    }

    @Nested
    class WithSmtpDown {

        @RegisterExtension
        static final TestAppExtension app = TestAppExtension.withEnv(() -> Map.of("MFA_SMTP_HOST", "127.0.0.1",
                "MFA_SMTP_PORT", String.valueOf(TestApp.freePort()), "MFA_SMTP_SECURITY", "none"));

        @Test
        void theEnrollmentStillCompletesAndTheHelpdeskSeesTheFailure() throws Exception {
            HttpWizard.enroll(app.signedInAs("bob"), app.clock());
            // The notice is sent in the background: its failure is audited once the connection is refused.
            await("MAIL_FAILED audited for bob").atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(100))
                    .until(() -> app.components().audit().forUser(user("bob"), 20).stream()
                            .anyMatch(e -> e.action() == AuditAction.MAIL_FAILED));

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
