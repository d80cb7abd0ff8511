package io.github.mfaenroll.mail;

/**
 * Sending a mail failed (server unreachable, TLS refused, authentication or recipient rejected). The message names
 * the masked recipient, the server and the reason; it never holds a body, so it may be logged and audited as is.
 */
public final class MailFailure extends RuntimeException {

    private final boolean uncertain;

    public MailFailure(String message, Throwable cause) {
        this(message, cause, false);
    }

    public MailFailure(String message, Throwable cause, boolean uncertain) {
        super(message, cause);
        this.uncertain = uncertain;
    }

    /**
     * True when the server may have accepted the mail all the same (the body went out, then the answer never came):
     * sending it again could mail the person twice.
     */
    public boolean uncertain() {
        return uncertain;
    }
}
