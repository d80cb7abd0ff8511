package io.github.mfaenroll.oidc;

import io.github.mfaenroll.text.Explained;
import io.github.mfaenroll.text.ExplainedFailure;

/**
 * A sign-in with the identity provider that ends without a session for IAM actions. {@link #kind()} says why, in
 * terms the error page can explain; the message is safe to log (it never holds a state, code, nonce or token).
 */
public final class OidcSignInFailure extends ExplainedFailure {

    /** Why the sign-in did not work. */
    public enum Kind implements Explained {
        /** The callback's state is unknown, already used, or belongs to another browser (tampering or replay). */
        INVALID_STATE(400),
        /** The sign-in was started too long ago. */
        EXPIRED(400),
        /** The provider said no ({@code error=access_denied} and the like). */
        PROVIDER_DENIED(401),
        /** The code exchange failed or the ID token did not pass validation (signature, issuer, audience, nonce…). */
        TOKEN_REJECTED(400),
        /** The provider or IAM could not be reached. */
        UNAVAILABLE(503),
        /** The provider refused this app's own settings (client, secret, redirect URI, scopes): an operator must act. */
        MISCONFIGURED(500),
        /** The provider says the email address is not verified, so it cannot select an IAM user. */
        EMAIL_UNVERIFIED(403),
        /** No IAM user matches the signed-in person. */
        NO_MATCH(403),
        /** More than one IAM user matches the signed-in person. */
        AMBIGUOUS(409),
        /** Staff typed too many wrong codes at the app's own second factor: locked for a while. */
        STAFF_LOCKED(429),
        /**
         * A staff principal ({@code oidc:NAME}) is bound to another person at the provider (another subject): the
         * name was changed or reused there. Refused, so nobody inherits a colleague's second factor or role.
         */
        STAFF_SUBJECT_MISMATCH(403);

        private final int status;

        Kind(int status) {
            this.status = status;
        }

        @Override
        public int status() {
            return status;
        }

        @Override
        public String messageKey() {
            return Explained.messageKeyOf("oidc.failed.", this);
        }

        /**
         * Whether the provider did authenticate someone: then whatever session the browser had belongs to the past
         * and ends, even though no new one starts.
         */
        public boolean identityProven() {
            return this == EMAIL_UNVERIFIED || this == NO_MATCH || this == AMBIGUOUS || this == STAFF_LOCKED
                    || this == STAFF_SUBJECT_MISMATCH;
        }
    }

    public OidcSignInFailure(Kind kind, String safeDetail) {
        this(kind, safeDetail, null);
    }

    /** No reference: the audit trail has the details of a refusal, the log those of an outage. */
    public OidcSignInFailure(Kind kind, String safeDetail, Throwable cause) {
        super(kind + ": " + safeDetail, kind, null, cause);
    }

    @Override
    public Kind kind() {
        return (Kind) super.kind();
    }
}
