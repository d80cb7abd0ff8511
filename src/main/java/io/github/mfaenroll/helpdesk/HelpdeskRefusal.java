package io.github.mfaenroll.helpdesk;

import io.github.mfaenroll.iam.AccountUser;
import io.github.mfaenroll.text.Explained;
import io.github.mfaenroll.text.ExplainedFailure;

/**
 * Why a helpdesk action (or page) was refused, in terms a page can explain. Every refusal is already in the audit
 * trail when this is thrown. Kinds with a {@link Kind#field()} are mistakes in a form, shown next to the field on the
 * user page; the others become a page of their own, once, in the web layer's error pages. {@link #reference()} is
 * also in the log and the audit entry (IAM failures only).
 */
public final class HelpdeskRefusal extends ExplainedFailure {

    /** What went wrong, with the HTTP status it is answered with. */
    public enum Kind implements Explained {
        USER_NOT_FOUND(404, null),
        DEVICE_NOT_FOUND(404, null),
        LINK_NOT_FOUND(404, null),
        JOB_NOT_FOUND(404, null),
        /** IAM knows no hardware token with this serial. */
        TOKEN_NOT_FOUND(404, null),
        /** The user already has MFA and the staff member did not allow adding a device. */
        ALREADY_COMPLIANT(409, null),
        DEVICE_LIMIT(409, null),
        /** The link was claimed, revoked or expired meanwhile. */
        LINK_NOT_VALID(409, null),
        /** The hardware token is already assigned (to this user or another). */
        TOKEN_IN_USE(409, null),
        NO_CONSOLE_PASSWORD(409, null),
        /** The user is not locked out (any more): the lockout ended, or someone lifted it meanwhile. */
        NOT_LOCKED_OUT(409, null),
        /** The address is not over its limit (any more): its window ended, or someone lifted it meanwhile. */
        ADDRESS_NOT_THROTTLED(409, null),
        /** Staff never act on their own IAM user: someone else has to. */
        OWN_USER(403, null),
        /** An administrator's IAM user, or one with the protected tag: for administrators only. */
        PROTECTED_USER(403, null),
        /** IAM is busy or unreachable: nothing changed, trying again later may work. */
        IAM_UNAVAILABLE(503, null),
        /** IAM refused for a reason the app cannot fix (permissions, an unknown error): nothing changed. */
        IAM_REFUSED(502, null),
        /** The device was deactivated (it no longer works for signing in) but deleting it failed. */
        RESET_INCOMPLETE(502, null),
        NOT_CONFIRMED(400, "confirm"),
        REASON_REQUIRED(400, "reason"),
        INVALID_SERIAL(400, "serial"),
        INVALID_CODES(400, "codes"),
        /** An explicit address for an invitation that is not one valid mailbox. */
        INVALID_EMAIL(400, "email"),
        /** IAM did not accept the two codes for this token. */
        CODES_REJECTED(422, "codes");

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

        /** The form field the mistake is in, or null when the refusal is not about one field. */
        public String field() {
            return field;
        }

        @Override
        public String messageKey() {
            return Explained.messageKeyOf("helpdesk.refused.", this);
        }
    }

    private final AccountUser iamUser;

    /**
     * @param iamUser the user acted on when it exists (for a "back to the user" link), else null
     * @param reference the reference in the log and audit entry, or null
     */
    public HelpdeskRefusal(Kind kind, AccountUser iamUser, String reference) {
        super(kind, reference, null);
        this.iamUser = iamUser;
    }

    @Override
    public Kind kind() {
        return (Kind) super.kind();
    }

    public AccountUser iamUser() {
        return iamUser;
    }
}
