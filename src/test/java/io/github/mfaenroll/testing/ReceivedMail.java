package io.github.mfaenroll.testing;

import jakarta.mail.BodyPart;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A message as GreenMail received it, decoded the way a mail client would: subject, recipient, the text/plain and
 * text/html alternatives. Decoding first matters: in the raw message quoted-printable line breaks could split a
 * seed-shaped string and hide it from a check. Line ends are normalised to {@code \n}.
 */
public record ReceivedMail(String subject, String to, String contentType, String text, String html, MimeMessage raw) {

    /** 32 or more base32 characters: what an MFA seed looks like. */
    public static final Pattern SEED_SHAPE = Pattern.compile("(?<![A-Za-z0-9])[A-Z2-7]{32,}(?![A-Za-z0-9])");
    /** Six digits standing alone: what a TOTP code looks like (the 12-digit account id in an ARN is not one). */
    public static final Pattern CODE_SHAPE = Pattern.compile("(?<![0-9])[0-9]{6}(?![0-9])");

    private static final Pattern LINK = Pattern.compile("http://[^\\s\"<]+/onboard/[A-Za-z0-9_-]{43}");

    public static ReceivedMail of(MimeMessage message) {
        try {
            String text = null;
            String html = null;
            Object content = message.getContent();
            if (content instanceof Multipart multipart) {
                for (int i = 0; i < multipart.getCount(); i++) {
                    BodyPart part = multipart.getBodyPart(i);
                    if (part.isMimeType("text/plain")) {
                        text = lines((String) part.getContent());
                    } else if (part.isMimeType("text/html")) {
                        html = lines((String) part.getContent());
                    }
                }
            } else {
                text = lines((String) content);
            }
            return new ReceivedMail(message.getSubject(),
                    message.getRecipients(Message.RecipientType.TO)[0].toString(), message.getContentType(), text,
                    html, message);
        } catch (MessagingException | IOException e) {
            throw new AssertionError("GreenMail received an unreadable message", e);
        }
    }

    /** SMTP carries text with CRLF line ends; a reader sees lines. */
    private static String lines(String content) {
        return content.replace("\r\n", "\n");
    }

    public static List<ReceivedMail> all(MimeMessage[] messages) {
        return Arrays.stream(messages).map(ReceivedMail::of).toList();
    }

    /** Everything a reader sees: subject and both alternatives. */
    public List<String> visibleParts() {
        List<String> parts = new ArrayList<>();
        parts.add(subject);
        parts.add(text);
        if (html != null) {
            parts.add(html);
        }
        return parts;
    }

    public String header(String name) {
        try {
            String[] values = raw.getHeader(name);
            return values == null ? null : values[0];
        } catch (MessagingException e) {
            throw new AssertionError(e);
        }
    }

    /** The onboarding link in the text (registered as a secret for the log check). */
    public URI link() {
        Matcher link = LINK.matcher(text);
        if (!link.find()) {
            throw new AssertionError("no onboarding link in: " + subject);
        }
        Secrets.register(link.group().substring(link.group().lastIndexOf('/') + 1));
        return URI.create(link.group());
    }
}
