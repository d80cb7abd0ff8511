package io.github.mfaenroll.api;

/**
 * A token command the store refuses, with a sentence for the operator that says what to type instead. Nothing was
 * changed.
 */
public final class TokenRefused extends RuntimeException {

    /** Why. */
    public enum Kind {
        INVALID_NAME, DUPLICATE_NAME, UNKNOWN_SCOPE, NO_SCOPE, INVALID_EXPIRY, UNKNOWN_TOKEN
    }

    private final Kind kind;

    public TokenRefused(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
