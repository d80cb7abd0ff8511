package io.github.mfaenroll.mail;

import static io.github.mfaenroll.mail.MailFixtures.FROM;
import static io.github.mfaenroll.mail.MailFixtures.loggedDuring;
import static io.github.mfaenroll.mail.MailFixtures.noSmtp;
import static io.github.mfaenroll.mail.MailFixtures.plainSmtp;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.mfaenroll.app.AppConfig;
import io.github.mfaenroll.testing.Mailbox;
import io.github.mfaenroll.testing.ReceivedMail;
import io.github.mfaenroll.testing.Secrets;
import io.github.mfaenroll.testing.TestApp;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The SMTP side on its own: security modes, credentials, failures and log-only mode, against GreenMail. */
class MailSenderTest {

    /** Stands in for an invitation's link token: it must reach the mail and nothing else. */
    static final String BODY_SECRET = Secrets.register("body-secret-" + "Qm9keVNlY3JldA");

    @RegisterExtension
    static final Mailbox mailbox = Mailbox.onLoopback().emptiedBeforeEachTest();

    static OutgoingMail mail(String to) {
        return new OutgoingMail(to, "Hello", "text " + BODY_SECRET, "<p>html " + BODY_SECRET + "</p>");
    }

    int port() {
        return mailbox.port();
    }

    SmtpSettings smtp(String security, String user, String password) {
        return new SmtpSettings("127.0.0.1", port(), security, user, password, FROM);
    }

    @Nested
    class PlainSmtp {

        @Test
        void deliversTextAndHtmlAlternativesFromTheConfiguredSender() throws Exception {
            MailSender sender = new MailSender(plainSmtp(port()));

            sender.send(mail("alice@example.com"));

            ReceivedMail received = mailbox.firstMail();
            assertThat(sender.logOnly()).isFalse();
            assertThat(received.raw().getFrom()[0].toString()).isEqualTo(FROM);
            assertThat(received.to()).isEqualTo("alice@example.com");
            assertThat(received.contentType()).startsWith("multipart/alternative");
            assertThat(received.text()).isEqualTo("text " + BODY_SECRET);
            assertThat(received.html()).isEqualTo("<p>html " + BODY_SECRET + "</p>");
            assertThat(received.header("Auto-Submitted")).isEqualTo("auto-generated");
        }

        @Test
        void aMailWithoutHtmlIsPlainText() {
            MailSender sender = new MailSender(plainSmtp(port()));

            sender.send(new OutgoingMail("bob@example.com", "Hi", "only text – with ’ and ü", null));

            ReceivedMail received = mailbox.firstMail();
            assertThat(received.contentType()).startsWith("text/plain").containsIgnoringCase("utf-8");
            assertThat(received.text()).isEqualTo("only text – with ’ and ü");
            assertThat(received.html()).isNull();
        }
    }

    @Nested
    class StartTls {

        @Test
        void isRequiredSoAServerWithoutItGetsNothing() {
            MailSender sender = new MailSender(smtp("starttls", null, null));

            assertThatThrownBy(() -> sender.send(mail("alice@example.com")))
                    .isInstanceOf(MailFailure.class)
                    .hasMessageContaining("STARTTLS")
                    .hasMessageNotContaining(BODY_SECRET);
            assertThat(mailbox.received()).isEmpty();
        }
    }

    @Nested
    class Credentials {

        @Test
        void theConfiguredUserSignsIn() {
            mailbox.server().setUser("mailer@example.com", "mailer", Secrets.register("right-horse-battery"));
            MailSender sender = new MailSender(smtp("none", "mailer", "right-horse-battery"));

            sender.send(mail("carol@example.com"));

            mailbox.firstMail();
        }

        @Test
        void aWrongPasswordFailsWithoutPasswordOrBodyInTheMessage() {
            mailbox.server().setUser("mailer@example.com", "mailer", "right-horse-battery");
            MailSender sender = new MailSender(smtp("none", "mailer", Secrets.register("wrong-horse-battery")));

            assertThatThrownBy(() -> sender.send(mail("carol@example.com")))
                    .isInstanceOf(MailFailure.class)
                    .hasMessageContaining("535")
                    .hasMessageNotContaining("wrong-horse-battery")
                    .hasMessageNotContaining(BODY_SECRET);
            assertThat(mailbox.received()).isEmpty();
        }

        @Test
        void sendingThemUnencryptedIsWarnedAboutAtStartUp() {
            List<String> logged = loggedDuring(() -> new MailSender(smtp("none", "mailer", "right-horse-battery")));

            assertThat(logged).anySatisfy(line -> assertThat(line).contains("MFA_SMTP_SECURITY=none")
                    .doesNotContain("right-horse-battery"));
        }
    }

    @Nested
    class WhenTheServerFails {

        @Test
        void aClosedPortFailsAtOnceWithTheMaskedRecipient() {
            MailSender sender = new MailSender(plainSmtp(TestApp.freePort()));
            long start = System.nanoTime();

            assertThatThrownBy(() -> sender.send(mail("alice@example.com")))
                    .isInstanceOf(MailFailure.class)
                    .hasMessageContaining("a***@example.com")
                    .hasMessageNotContaining("alice@example.com")
                    .hasMessageNotContaining(BODY_SECRET);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        }

        @Test
        void aServerThatNeverAnswersIsGivenUpOnAfterTheTimeout() throws IOException {
            // The kernel completes the TCP handshake from the backlog; nobody ever sends the SMTP greeting.
            try (ServerSocket silent = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
                MailSender sender = new MailSender(plainSmtp(silent.getLocalPort()), Duration.ofMillis(500));
                long start = System.nanoTime();

                assertThatThrownBy(() -> sender.send(mail("alice@example.com"))).isInstanceOf(MailFailure.class);

                assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
            }
        }

        @Test
        void aMalformedRecipientIsRefusedBeforeConnecting() {
            MailSender sender = new MailSender(plainSmtp(TestApp.freePort()));

            assertThatThrownBy(() -> sender.send(mail("alice@@example.com")))
                    .isInstanceOf(MailFailure.class)
                    .hasMessageContaining("not a usable email address");
        }
    }

    @Nested
    class LogOnlyMode {

        @Test
        void logsRecipientAndSubjectButNeverTheBody() {
            MailSender sender = new MailSender(noSmtp());

            List<String> logged = loggedDuring(() -> sender.send(mail("alice@example.com")));

            assertThat(sender.logOnly()).isTrue();
            assertThat(logged).anySatisfy(line -> assertThat(line)
                    .endsWith("Mail (log-only, SMTP not configured): to=a***@example.com subject=Hello"));
            assertThat(logged).noneMatch(line -> line.contains(BODY_SECRET) || line.contains("alice@example.com"));
        }
    }

    @Nested
    class Configuration {

        @Test
        void aMalformedSenderAddressStopsStartUpNamingTheVariable() {
            SmtpSettings bad = new SmtpSettings("127.0.0.1", 25, "none", null, null, "not an address");

            assertThatThrownBy(() -> new MailSender(bad))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("MFA_SMTP_FROM");
        }

        @Test
        void theDefaultSenderAddressIsAccepted() {
            SmtpSettings defaults = AppConfig.from(java.util.Map.of()).smtp();

            assertThat(new MailSender(defaults).logOnly()).isTrue();
        }

        @Test
        void anOutgoingMailPrintsWithoutItsBodies() {
            OutgoingMail mail = mail("alice@example.com");

            assertThat(mail.toString()).isEqualTo("OutgoingMail[to=a***@example.com, subject=Hello]");
        }
    }
}
