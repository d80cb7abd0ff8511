package io.github.mfaenroll.enrollment;

import io.github.mfaenroll.iam.AccountUser;
import java.time.Instant;

/**
 * One attempt to bind a virtual MFA device to an IAM user, owned by the session whose {@code sessionKey} it carries
 * (null for enrollments from before sessions owned them). {@code seedCiphertext} is set only in DEVICE_CREATED.
 * {@code lastClockOffsetSeconds} is how far off the phone's clock was when {@code lastProblem} is a clock problem.
 */
public record Enrollment(String id, AccountUser iamUser, String sessionKey, EnrollmentState state, String deviceName, String serialNumber,
                         String seedCiphertext, int failedAttempts, String lastProblem, Long lastAcceptedStep,
                         Instant createdAt, Instant updatedAt, Instant expiresAt, Long lastClockOffsetSeconds) {

    /** Whether the session with {@code key} started it: only that one may see its seed, verify or cancel. */
    public boolean belongsTo(String key) {
        return sessionKey != null && sessionKey.equals(key);
    }

    public boolean expiredAt(Instant now) {
        return !now.isBefore(expiresAt);
    }

    @Override
    public String toString() {
        return "Enrollment[id=" + id + ", iamUser=" + iamUser + ", state=" + state + ", serial=" + serialNumber + "]";
    }
}
