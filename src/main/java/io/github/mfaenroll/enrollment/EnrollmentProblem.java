package io.github.mfaenroll.enrollment;

/**
 * Why the wizard cannot go on, in terms a page can explain. Mapped to a status and a sentence once, in the web
 * layer's error pages. {@link #reference()} is also in the log and the audit trail.
 */
public final class EnrollmentProblem extends RuntimeException {

    public enum Kind {
        /** There is no enrollment in progress for this user (finished, cancelled, or never started). */
        NO_ACTIVE_ENROLLMENT,
        /** The enrollment took longer than allowed; its device was removed. */
        ENROLLMENT_EXPIRED,
        /** The user already has the maximum number of MFA devices IAM allows. */
        DEVICE_LIMIT,
        /** The user already has MFA; another device needs the helpdesk (or a device bound in this session). */
        ALREADY_HAS_MFA,
        /** Another request is creating this user's device right now. */
        START_IN_PROGRESS,
        /** The device being set up no longer exists in IAM (removed by someone else). */
        DEVICE_GONE,
        /** Too many wrong code pairs; the enrollment ended and its device was removed. */
        TOO_MANY_ATTEMPTS,
        /** The IAM user no longer exists. */
        USER_NOT_FOUND,
        /** IAM is busy or unreachable; trying again later may work. Nothing was lost. */
        IAM_UNAVAILABLE,
        /** IAM refused for a reason the user cannot fix; the helpdesk can, with the reference. */
        IAM_REFUSED,
        /**
         * Too many failed verifications for this IAM user within an hour: enrolling and resyncing are refused until
         * the lockout ends or the helpdesk lifts it.
         */
        LOCKED_OUT
    }

    private final Kind kind;
    private final String reference;

    public EnrollmentProblem(Kind kind, String reference, Throwable cause) {
        super(kind + (reference == null ? "" : " [" + reference + "]"), cause);
        this.kind = kind;
        this.reference = reference;
    }

    public Kind kind() {
        return kind;
    }

    public String reference() {
        return reference;
    }
}
