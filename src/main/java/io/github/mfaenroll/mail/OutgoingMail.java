package io.github.mfaenroll.mail;

import java.util.Objects;

/**
 * One message to send: a recipient, a subject, a plain-text body and (optionally) an HTML alternative.
 * {@link #toString()} leaves out both bodies, because an invitation's body holds the link token.
 *
 * @param htmlBody the HTML alternative, or null for a text-only message
 */
public record OutgoingMail(String to, String subject, String textBody, String htmlBody) {

    public OutgoingMail {
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(textBody, "textBody");
    }

    @Override
    public String toString() {
        return "OutgoingMail[to=" + Addresses.mask(to) + ", subject=" + subject + "]";
    }
}
