package io.github.mfaenroll.helpdesk;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.github.mfaenroll.testing.Secrets;
import jakarta.mail.BodyPart;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.net.URI;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A GreenMail server for a whole test class, read as a person reads mail: by recipient, subject and text. */
final class Inbox {

    private static final Pattern LINK = Pattern.compile("http://[^\\s\"<]+/onboard/[A-Za-z0-9_-]{43}");

    private Inbox() {
    }

    /**
     * A started SMTP server for a whole test class (the app under test is configured once with its port; the JUnit
     * extension would restart it, on another port, for each nested class). Stop it after the class.
     */
    static GreenMail server() {
        GreenMail greenMail = new GreenMail(ServerSetup.SMTP.createCopy("127.0.0.1").dynamicPort());
        greenMail.start();
        return greenMail;
    }

    /** The app's settings to send through it. */
    static Map<String, String> smtpSettings(GreenMail greenMail) {
        return Map.of("MFA_SMTP_HOST", "127.0.0.1", "MFA_SMTP_PORT", String.valueOf(greenMail.getSmtp().getPort()),
                "MFA_SMTP_SECURITY", "none", "MFA_SMTP_FROM", "mfa@example.com");
    }

    /** A received mail: subject and the text/plain part. */
    record Mail(String subject, String text) {

        /** The onboarding link in the text (registered as a secret for the log check). */
        URI link() {
            Matcher link = LINK.matcher(text);
            if (!link.find()) {
                throw new AssertionError("no onboarding link in: " + subject);
            }
            Secrets.register(link.group().substring(link.group().lastIndexOf('/') + 1));
            return URI.create(link.group());
        }
    }

    /** Every mail to this address so far, oldest first. */
    static List<Mail> to(GreenMail greenMail, String address) {
        return Arrays.stream(greenMail.getReceivedMessages()).filter(m -> recipient(m).equals(address))
                .map(Inbox::read).toList();
    }

    private static String recipient(MimeMessage message) {
        try {
            return message.getRecipients(Message.RecipientType.TO)[0].toString();
        } catch (MessagingException e) {
            throw new AssertionError(e);
        }
    }

    private static Mail read(MimeMessage message) {
        try {
            Object content = message.getContent();
            String text = content instanceof String s ? s : "";
            if (content instanceof Multipart multipart) {
                for (int i = 0; i < multipart.getCount(); i++) {
                    BodyPart part = multipart.getBodyPart(i);
                    if (part.isMimeType("text/plain")) {
                        text = (String) part.getContent();
                    }
                }
            }
            return new Mail(message.getSubject(), text.replace("\r\n", "\n"));
        } catch (MessagingException | IOException e) {
            throw new AssertionError(e);
        }
    }
}
