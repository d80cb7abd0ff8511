package io.github.mfaenroll.mail;

import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.URLName;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Date;
import java.util.Objects;
import java.util.Properties;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.smtp.SMTPTransport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends {@link OutgoingMail} over SMTP with Jakarta Mail (Angus), or only logs it when no SMTP host is configured
 * ({@link #logOnly()}), so the demo and a first installation work without a mail server.
 *
 * <p>Security modes: {@code none} (plain SMTP, e.g. a relay on localhost), {@code starttls} (the upgrade is
 * <em>required</em>: a server that does not offer it fails the send instead of receiving the mail in clear text) and
 * {@code tls} (implicit TLS, usually port 465). With TLS the server certificate is checked against the JVM's trust
 * store and the host name. Credentials are sent only when a user is configured.
 */
public final class MailSender {

    /** Connect, read and write timeouts: a dead or stalled server must not hold a request for long. */
    static final Duration TIMEOUT = Duration.ofSeconds(10);

    private static final Logger log = LoggerFactory.getLogger(MailSender.class);
    private static final String CHARSET = StandardCharsets.UTF_8.name();

    private final SmtpSettings smtp;
    private final InternetAddress from;
    private final Session session;

    public MailSender(SmtpSettings smtp) {
        this(smtp, TIMEOUT);
    }

    /** With another timeout: tests prove a silent server is given up on without waiting the full 10 s. */
    MailSender(SmtpSettings smtp, Duration timeout) {
        this.smtp = Objects.requireNonNull(smtp, "smtp");
        this.from = Addresses.parse(smtp.from()).orElseThrow(() -> new IllegalArgumentException(
                "MFA_SMTP_FROM must be one email address such as mfa@example.com, got '" + smtp.from() + "'"));
        this.session = smtp.enabled() ? Session.getInstance(properties(smtp, from, timeout)) : null;
        if (smtp.enabled() && smtp.user() != null && "none".equals(smtp.security())) {
            log.warn("SMTP credentials are configured with MFA_SMTP_SECURITY=none: the password travels unencrypted"
                    + " to {}:{}", smtp.host(), smtp.port());
        }
    }

    /** True when no SMTP host is configured: {@link #send} logs the recipient and subject and sends nothing. */
    public boolean logOnly() {
        return session == null;
    }

    /**
     * Sends the mail, or logs it in log-only mode.
     *
     * @throws MailFailure when the address is unusable or the server cannot be reached or refuses the mail; its
     *                     {@link MailFailure#uncertain()} says when the mail may have been delivered all the same
     */
    public void send(OutgoingMail mail) {
        String maskedTo = Addresses.mask(mail.to());
        if (logOnly()) {
            // Recipient and subject only: an invitation's body holds the link token.
            log.info("Mail (log-only, SMTP not configured): to={} subject={}", maskedTo, mail.subject());
            return;
        }
        InternetAddress to = Addresses.parse(mail.to()).orElseThrow(() -> new MailFailure(
                "Mail to " + maskedTo + " not sent: not a usable email address", null));
        HandOverTracking transport = new HandOverTracking(session);
        try {
            MimeMessage message = compose(mail, to);
            // A fresh connection per mail: notices are rare, and a pooled connection would go stale between them.
            transport.connect(smtp.host(), smtp.port(), smtp.user(), smtp.password());
            transport.sendMessage(message, message.getAllRecipients());
        } catch (MessagingException | RuntimeException e) {
            closeQuietly(transport, maskedTo);
            // The message body went out and no reply said it was refused (a timeout or a dropped connection while
            // waiting for the answer to the final dot): the server may well have accepted it.
            boolean uncertain = transport.handedOver && !(e instanceof SMTPSendFailedException);
            throw new MailFailure("Mail to " + maskedTo + " via " + smtp.host() + ":" + smtp.port() + " ("
                    + smtp.security() + ") " + (uncertain ? "may have been delivered: " : "failed: ")
                    + reason(e, to.getAddress(), maskedTo), e, uncertain);
        }
        // The server accepted the mail: a failing QUIT (Angus rethrows it from close) must not turn it into a failure
        // that someone retries, mailing the person twice.
        closeQuietly(transport, maskedTo);
        log.debug("Mail sent: to={} subject={}", maskedTo, mail.subject());
    }

    private static void closeQuietly(Transport transport, String maskedTo) {
        try {
            transport.close();
        } catch (MessagingException | RuntimeException e) {
            log.debug("Closing the SMTP connection after the mail to {} failed: {}", maskedTo,
                    e.getClass().getSimpleName());
        }
    }

    /**
     * Angus's SMTP transport, noting when the message body started to go out (DATA): a failure before that point
     * means the server has nothing and the mail may be tried again; a failure after it, without the server's
     * refusal, means nobody knows.
     */
    private static final class HandOverTracking extends SMTPTransport {
        private volatile boolean handedOver;

        HandOverTracking(Session session) {
            super(session, new URLName("smtp", null, -1, null, null, null));
        }

        @Override
        protected OutputStream data() throws MessagingException {
            OutputStream stream = super.data();
            handedOver = true;
            return stream;
        }
    }

    private MimeMessage compose(OutgoingMail mail, InternetAddress to) throws MessagingException {
        MimeMessage message = new MimeMessage(session);
        message.setFrom(from);
        message.setRecipient(Message.RecipientType.TO, to);
        message.setSubject(mail.subject(), CHARSET);
        message.setSentDate(new Date());
        // RFC 3834: tells vacation responders and ticket systems not to answer a machine.
        message.setHeader("Auto-Submitted", "auto-generated");
        if (mail.htmlBody() == null) {
            message.setText(mail.textBody(), CHARSET, "plain");
        } else {
            MimeBodyPart text = new MimeBodyPart();
            text.setText(mail.textBody(), CHARSET, "plain");
            MimeBodyPart html = new MimeBodyPart();
            html.setText(mail.htmlBody(), CHARSET, "html");
            // RFC 2046: alternatives go from plainest to richest; clients show the last one they can render.
            MimeMultipart alternative = new MimeMultipart("alternative");
            alternative.addBodyPart(text);
            alternative.addBodyPart(html);
            message.setContent(alternative);
        }
        message.saveChanges();
        return message;
    }

    private static Properties properties(SmtpSettings smtp, InternetAddress from, Duration timeout) {
        Properties props = new Properties();
        props.put("mail.smtp.host", smtp.host());
        props.put("mail.smtp.port", String.valueOf(smtp.port()));
        props.put("mail.smtp.from", from.getAddress());
        String millis = String.valueOf(timeout.toMillis());
        props.put("mail.smtp.connectiontimeout", millis);
        props.put("mail.smtp.timeout", millis);
        props.put("mail.smtp.writetimeout", millis);
        props.put("mail.smtp.auth", String.valueOf(smtp.user() != null));
        // The app's configuration always sets it; a hand-built record without one gets the default, never plain text.
        switch (smtp.security() == null ? "starttls" : smtp.security()) {
            case "starttls" -> {
                props.put("mail.smtp.starttls.enable", "true");
                // Without "required" Jakarta Mail silently falls back to clear text when STARTTLS is not offered.
                props.put("mail.smtp.starttls.required", "true");
                props.put("mail.smtp.ssl.checkserveridentity", "true");
            }
            case "tls" -> {
                props.put("mail.smtp.ssl.enable", "true");
                props.put("mail.smtp.ssl.checkserveridentity", "true");
            }
            case "none" -> {
                // Plain SMTP, chosen explicitly (a local relay).
            }
            default -> throw new IllegalArgumentException(
                    "MFA_SMTP_SECURITY must be one of none, starttls, tls, got '" + smtp.security() + "'");
        }
        return props;
    }

    /**
     * The failure chain on one line (up to four causes, e.g. "could not connect <- connection refused"), with the
     * recipient masked (servers echo it in replies such as {@code 550 <alice@example.com> unknown}). Never the body:
     * Jakarta Mail does not put it in exceptions.
     */
    private static String reason(Throwable failure, String address, String maskedTo) {
        StringBuilder reason = new StringBuilder();
        String previousMessage = null;
        Throwable current = failure;
        for (int depth = 0; current != null && depth < 4; depth++) {
            String message = current.getMessage() == null ? null : current.getMessage().strip();
            // Wrappers often repeat their cause's message word for word; once is enough.
            if (message == null || !message.equals(previousMessage)) {
                if (!reason.isEmpty()) {
                    reason.append(" <- ");
                }
                reason.append(current.getClass().getSimpleName());
                if (message != null) {
                    reason.append(": ").append(message);
                }
            }
            previousMessage = message;
            Throwable next = current instanceof MessagingException m && m.getNextException() != null
                    ? m.getNextException() : current.getCause();
            current = next == current ? null : next;
        }
        String text = reason.toString().replace(address, maskedTo).replaceAll("\\s+", " ");
        return text.length() > 400 ? text.substring(0, 400) + "…" : text;
    }
}
