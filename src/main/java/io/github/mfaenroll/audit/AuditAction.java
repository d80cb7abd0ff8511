package io.github.mfaenroll.audit;

/** What was done. Stored by name: only add, never rename. */
public enum AuditAction {
    LINK_ISSUED,
    LINK_CLAIMED,
    LINK_CLAIM_REFUSED,
    LINK_REVOKED,
    ENROLLMENT_STARTED,
    DEVICE_CREATED,
    VERIFICATION_FAILED,
    DEVICE_ENABLED,
    ENROLLMENT_CANCELLED,
    ENROLLMENT_EXPIRED,
    ENROLLMENT_FAILED,
    DEVICE_DELETED,
    SIGNED_IN,
    SIGN_IN_FAILED,
    SIGNED_OUT,
    ACCOUNT_LOCKED,
    HELPDESK_ACCOUNT_CREATED,
    MAIL_SENT,
    MAIL_FAILED,
    /** A helpdesk member reset a lost device: deactivated it, and deleted it when virtual. */
    DEVICE_RESET,
    HARDWARE_DEVICE_ASSIGNED,
    CONSOLE_PASSWORD_REMOVED,
    /** An unclaimed link was replaced by a new one (the old one revoked). */
    LINK_RESENT,
    BULK_INVITATION_STARTED,
    BULK_INVITATION_FINISHED,
    /** A bulk invitation left a user out: they already hold a valid or recent invitation. */
    INVITATION_SKIPPED,
    /** A signed-in person asked for a route their role does not allow. */
    ACCESS_DENIED,
    DEVICE_RESYNCED,
    RESYNC_FAILED,
    DEADLINE_SET,
    DEADLINE_CLEARED,
    /** An IAM user reached the limit of failed verifications in an hour and may not enroll or resync for a while. */
    USER_LOCKED_OUT,
    /** A helpdesk member lifted a user's lockout. */
    LOCKOUT_LIFTED,
    /** A client address went over its request limit (link claims, sign-ins) for the current window. */
    ADDRESS_THROTTLED,
    /** A helpdesk member lifted a client address's request limit. */
    ADDRESS_THROTTLE_LIFTED,
    /**
     * Staff signed in with the company provider without proof of MFA: no session until the app's own second factor.
     */
    SECOND_FACTOR_REQUIRED,
    /** A setup link for a local helpdesk account was issued (earlier unused ones revoked). */
    SETUP_LINK_ISSUED,
    /** A setup link was used, with the account's password, to start enrolling the account's authenticator. */
    SETUP_LINK_CLAIMED,
    /** An API token was created (its name and scopes in the detail; never the token). */
    API_TOKEN_CREATED,
    /** An API token was revoked. */
    API_TOKEN_REVOKED,
    /** A call to the API with a valid token: the token's name is the actor, the status is in the detail. */
    API_CALL
}
