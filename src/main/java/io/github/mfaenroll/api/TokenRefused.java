package io.github.mfaenroll.api;

import io.github.mfaenroll.text.Explained;

/**
 * A token command the store refuses, with a sentence for the operator that says what to type instead. Nothing was
 * changed. The command line prints the sentence; the console shows the kind's translated message, next to
 * {@link Kind#field()} when the mistake is in one field of the form.
 */
public final class TokenRefused extends RuntimeException {

    /** Why, with the status a page answers it with and the form field it is about (null: none). */
    public enum Kind implements Explained {
        INVALID_NAME(400, "name"),
        DUPLICATE_NAME(409, "name"),
        UNKNOWN_SCOPE(400, "scopes"),
        NO_SCOPE(400, "scopes"),
        INVALID_EXPIRY(400, "expires"),
        UNKNOWN_TOKEN(404, null);

        private final int status;
        private final String field;

        Kind(int status, String field) {
            this.status = status;
            this.field = field;
        }

        @Override
        public int status() {
            return status;
        }

        @Override
        public String messageKey() {
            return Explained.messageKeyOf("tokens.refused.", this);
        }

        /** The form field the mistake is in, or null when the refusal is not about one field. */
        public String field() {
            return field;
        }
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
