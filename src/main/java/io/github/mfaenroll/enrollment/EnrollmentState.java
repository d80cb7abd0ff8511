package io.github.mfaenroll.enrollment;

/**
 * {@code STARTED -> DEVICE_CREATED -> ENABLED}, or to {@code CANCELLED | EXPIRED | FAILED}. The seed exists only
 * in {@code DEVICE_CREATED}; every exit from it wipes the seed.
 */
public enum EnrollmentState {
    STARTED,
    DEVICE_CREATED,
    ENABLED,
    CANCELLED,
    EXPIRED,
    FAILED;

    public boolean active() {
        return this == STARTED || this == DEVICE_CREATED;
    }
}
