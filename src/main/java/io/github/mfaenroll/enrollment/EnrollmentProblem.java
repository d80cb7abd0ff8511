package io.github.mfaenroll.enrollment;

import io.github.mfaenroll.text.Explained;
import io.github.mfaenroll.text.ExplainedFailure;

/**
 * Why the wizard cannot go on, in terms a page can explain: each kind carries its status and sentence, which the
 * error pages show. {@link #reference()} is also in the log and the audit trail.
 */
public final class EnrollmentProblem extends ExplainedFailure {

    /** What stops the wizard, with the status of its page and whether starting again can help. */
    public enum Kind implements Explained {
        /** There is no enrollment in progress for this user (finished, cancelled, or never started). */
        NO_ACTIVE_ENROLLMENT(409, true),
        /** The enrollment took longer than allowed; its device was removed. */
        ENROLLMENT_EXPIRED(410, true),
        /** The user already has the maximum number of MFA devices IAM allows. */
        DEVICE_LIMIT(409, true),
        /** The user already has MFA; another device needs the helpdesk (or a device bound in this session). */
        ALREADY_HAS_MFA(409, true),
        /** Another request is creating this user's device right now. */
        START_IN_PROGRESS(409, true),
        /** The device being set up no longer exists in IAM (removed by someone else). */
        DEVICE_GONE(410, true),
        /** Too many wrong code pairs; the enrollment ended and its device was removed. */
        TOO_MANY_ATTEMPTS(410, true),
        /** The IAM user no longer exists. */
        USER_NOT_FOUND(404, false),
        /** IAM is busy or unreachable; trying again later may work. Nothing was lost. */
        IAM_UNAVAILABLE(503, true),
        /** IAM refused for a reason the user cannot fix; the helpdesk can, with the reference. */
        IAM_REFUSED(502, false),
        /**
         * Too many failed verifications for this IAM user within an hour: enrolling and resyncing are refused until
         * the lockout ends or the helpdesk lifts it.
         */
        LOCKED_OUT(429, false),
        /** More enrollments were started within an hour than allowed, for the user or in this session. */
        TOO_MANY_STARTS(429, false);

        private final int status;
        private final boolean canStartOver;

        Kind(int status, boolean canStartOver) {
            this.status = status;
            this.canStartOver = canStartOver;
        }

        @Override
        public int status() {
            return status;
        }

        /** Whether starting the wizard again can help (the page then offers it). */
        public boolean canStartOver() {
            return canStartOver;
        }

        @Override
        public String messageKey() {
            return Explained.messageKeyOf("problem.", this);
        }
    }

    public EnrollmentProblem(Kind kind, String reference, Throwable cause) {
        super(kind, reference, cause);
    }

    @Override
    public Kind kind() {
        return (Kind) super.kind();
    }
}
