package io.github.mfaenroll.limits;

import java.time.Duration;

/**
 * Limits on guessing and flooding: failed verifications per IAM user in any rolling hour before a lockout of
 * {@code userLockout}; requests of each kind (link claims, local sign-ins, company sign-in starts) per client
 * address per {@code addressWindow}; API calls per token per {@code apiWindow}.
 */
public record LimitSettings(int userFailuresPerHour, Duration userLockout, int addressMaxRequests,
                            Duration addressWindow, int apiMaxRequests, Duration apiWindow) {

    public LimitSettings {
        if (apiMaxRequests < 1) {
            throw new IllegalArgumentException("MFA_API_MAX_REQUESTS must be at least 1, got " + apiMaxRequests);
        }
        if (apiWindow.isNegative() || apiWindow.isZero()) {
            throw new IllegalArgumentException("MFA_API_WINDOW must be a positive duration, got " + apiWindow);
        }
        if (userFailuresPerHour < 1) {
            throw new IllegalArgumentException("MFA_USER_MAX_FAILURES_PER_HOUR must be at least 1, got "
                    + userFailuresPerHour);
        }
        if (addressMaxRequests < 1) {
            throw new IllegalArgumentException("MFA_ADDRESS_MAX_REQUESTS must be at least 1, got "
                    + addressMaxRequests);
        }
        if (userLockout.isNegative() || userLockout.isZero()) {
            throw new IllegalArgumentException("MFA_USER_LOCKOUT must be a positive duration, got " + userLockout);
        }
        if (addressWindow.isNegative() || addressWindow.isZero()) {
            throw new IllegalArgumentException("MFA_ADDRESS_WINDOW must be a positive duration, got "
                    + addressWindow);
        }
    }
}
