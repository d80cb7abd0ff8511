package io.github.mfaenroll.mail;

/**
 * Sending a mail failed (server unreachable, TLS refused, authentication or recipient rejected). The message names
 * the masked recipient, the server and the reason; it never holds a body, so it may be logged and audited as is.
 */
public final class MailFailure extends RuntimeException {

    public MailFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
