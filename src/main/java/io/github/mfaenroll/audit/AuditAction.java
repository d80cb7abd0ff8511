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
    SIGNED_OUT
}
