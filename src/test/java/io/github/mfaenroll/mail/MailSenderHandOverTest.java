package io.github.mfaenroll.mail;

import static io.github.mfaenroll.mail.MailFixtures.plainSmtp;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.github.mfaenroll.testing.ScriptedSmtpServer;
import java.time.Duration;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * When a mail counts as sent: once the server accepted the body, nothing that fails afterwards (QUIT) makes it a
 * failure; a failure after the body went out without the server's refusal is uncertain (never to be retried); a
 * failure before it (recipient refused) is a plain failure that may be retried.
 */
class MailSenderHandOverTest {

    private static final Duration SHORT = Duration.ofMillis(500);

    private static OutgoingMail mail() {
        return new OutgoingMail("alice@example.com", "Hello", "text", null);
    }

    @Nested
    class AMailTheServerAccepted {

        @Test
        void isSentEvenWhenQuitIsNeverAnswered() throws Exception {
            try (ScriptedSmtpServer server = new ScriptedSmtpServer("250 OK", "250 queued", null)) {
                MailSender sender = new MailSender(plainSmtp(server.port()), SHORT);

                sender.send(mail());

                assertThat(server.bodiesReceived()).isEqualTo(1);
            }
        }

        @Test
        void isSentEvenWhenQuitIsRefused() throws Exception {
            try (ScriptedSmtpServer server = new ScriptedSmtpServer("250 OK", "250 queued", "500 no")) {
                MailSender sender = new MailSender(plainSmtp(server.port()), SHORT);

                sender.send(mail());

                assertThat(server.bodiesReceived()).isEqualTo(1);
            }
        }
    }

    @Nested
    class AFailure {

        @Test
        void afterTheBodyWithoutAnAnswerIsUncertain() throws Exception {
            try (ScriptedSmtpServer server = new ScriptedSmtpServer("250 OK", null, "221 bye")) {
                MailSender sender = new MailSender(plainSmtp(server.port()), SHORT);

                MailFailure failure = catchThrowableOfType(MailFailure.class, () -> sender.send(mail()));

                assertThat(failure).isNotNull();
                assertThat(failure.uncertain()).isTrue();
                assertThat(failure).hasMessageContaining("may have been delivered")
                        .hasMessageNotContaining("alice@example.com");
            }
        }

        @Test
        void whenTheServerRefusesTheBodyIsCertain() throws Exception {
            try (ScriptedSmtpServer server = new ScriptedSmtpServer("250 OK", "554 rejected", "221 bye")) {
                MailSender sender = new MailSender(plainSmtp(server.port()), SHORT);

                MailFailure failure = catchThrowableOfType(MailFailure.class, () -> sender.send(mail()));

                assertThat(failure).isNotNull();
                assertThat(failure.uncertain()).isFalse();
            }
        }

        @Test
        void whenTheRecipientIsRefusedIsCertainAndNoBodyGoesOut() throws Exception {
            try (ScriptedSmtpServer server = new ScriptedSmtpServer("550 no such user", "250 queued", "221 bye")) {
                MailSender sender = new MailSender(plainSmtp(server.port()), SHORT);

                MailFailure failure = catchThrowableOfType(MailFailure.class, () -> sender.send(mail()));

                assertThat(failure).isNotNull();
                assertThat(failure.uncertain()).isFalse();
                assertThat(server.bodiesReceived()).isZero();
            }
        }

        @Test
        void toAClosedPortIsCertain() {
            MailSender sender = new MailSender(plainSmtp(io.github.mfaenroll.testing.TestApp.freePort()), SHORT);

            assertThatThrownBy(() -> sender.send(mail())).isInstanceOfSatisfying(MailFailure.class,
                    failure -> assertThat(failure.uncertain()).isFalse());
        }
    }
}
