package io.github.mfaenroll.text;

/**
 * A typed failure of a feature: its kind says what a page explains (status and sentence, which this failure answers
 * for it), and {@link #reference()}, when there is one, ties the page to the log line and audit entry with the
 * details. Each subclass narrows {@link #kind()} to its own enum (Java allows no generic exceptions, so the narrowing
 * is a cast, safe because its constructors take only that enum).
 */
public abstract class ExplainedFailure extends RuntimeException implements Explained {

    private final Explained kind;
    private final String reference;

    /** A failure whose message is its kind and, when there is one, its reference. */
    protected ExplainedFailure(Explained kind, String reference, Throwable cause) {
        this(kind + (reference == null ? "" : " [" + reference + "]"), kind, reference, cause);
    }

    /** A failure with a message of its own; it must be safe to log (no code, token or seed). */
    protected ExplainedFailure(String message, Explained kind, String reference, Throwable cause) {
        super(message, cause);
        this.kind = kind;
        this.reference = reference;
    }

    /** What went wrong; subclasses return their own kind. */
    public Explained kind() {
        return kind;
    }

    @Override
    public int status() {
        return kind.status();
    }

    @Override
    public String messageKey() {
        return kind.messageKey();
    }

    /** The reference shown on the page and written to the log and audit trail; null when there is none. */
    public String reference() {
        return reference;
    }
}
