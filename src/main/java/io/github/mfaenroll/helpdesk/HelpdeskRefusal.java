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
        CODES_REJECTED(422, "codes"),
        /**
         * A link that adds a device to a user who already has MFA may only go to the address in the user's email tag
         * (the user then learns of it): not handed to the caller unmailed, not mailed to an address the caller chose.
         */
        ADDITIONAL_DEVICE_LINK_MUST_BE_MAILED(409, null);

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
    private final AccountUser confirmedUser;

    /**
     * @param iamUser the user acted on when it exists (for a "back to the user" link), else null
     * @param reference the reference in the log and audit entry, or null
     */
    public HelpdeskRefusal(Kind kind, AccountUser iamUser, String reference) {
        this(kind, iamUser, reference, null);
    }

    private HelpdeskRefusal(Kind kind, AccountUser iamUser, String reference, AccountUser confirmedUser) {
        super(kind, reference, null);
        this.iamUser = iamUser;
        this.confirmedUser = confirmedUser;
    }

    /**
     * The same refusal, about {@code user} as IAM names it: for refusals after IAM confirmed that the user exists. Only
     * such a user may become the subject of an entry the caller's request alone decides (the API's call entry): any
     * well-formed name could otherwise fill the audit trail of a user who does not exist, or appear in two spellings.
     */
    HelpdeskRefusal confirmedAbout(AccountUser user) {
        HelpdeskRefusal confirmed = new HelpdeskRefusal(kind(), user, reference(), user);
        confirmed.setStackTrace(getStackTrace());
        return confirmed;
    }

    @Override
    public Kind kind() {
        return (Kind) super.kind();
    }

    public AccountUser iamUser() {
        return iamUser;
    }

    /** The user as IAM names it when IAM confirmed it exists before the refusal, else null. */
    public AccountUser confirmedUser() {
        return confirmedUser;
    }
}
