package io.github.mfaenroll.helpdesk;

import io.github.mfaenroll.audit.AuditEntry;
import io.github.mfaenroll.iam.AccountUser;
import io.github.mfaenroll.iam.MfaSerial;
import io.github.mfaenroll.onboarding.OnboardingLinks.Status;
import java.time.Instant;
import java.util.List;

/**
 * Everything the helpdesk sees about one IAM user. Holds no seed, code, token or password: enrollments are shown by
 * state and counts only, links by id and state.
 *
 * @param account the account the user is in
 * @param accountLabel the account's alias, else its id
 * @param email the address in the user's email tag, or "" when there is none
 * @param enrollment the running enrollment, else the latest one, else null
 */
public record UserDetails(String account, String accountLabel, String userName, String arn, boolean consolePassword, String email, List<Device> devices,
                          int deviceLimit, Enrollment enrollment, List<Link> links, List<AuditEntry> history) {

    /** The user page's address, which every form on it posts below. */
    public String path() {
        return UserPaths.of(AccountUser.of(account, userName));
    }

    public boolean hasMfa() {
        return !devices.isEmpty();
    }

    public boolean atDeviceLimit() {
        return devices.size() >= deviceLimit;
    }

    /** Links that can still be resent or revoked. */
    public List<Link> validLinks() {
        return links.stream().filter(link -> link.status() == Status.VALID).toList();
    }

    /** One assigned MFA device; {@code type} is VIRTUAL, HARDWARE_TOTP or SECURITY_KEY. */
    public record Device(String serialNumber, MfaSerial.Type type, Instant enableDate) {
    }

    /** An enrollment by state: its step, failed code pairs, the last problem, and when it expires. */
    public record Enrollment(String state, boolean active, int failedAttempts, String lastProblem, Instant startedAt,
                             Instant expiresAt) {
    }

    /** An onboarding link by id and state. */
    public record Link(String id, Status status, String issuedBy, Instant createdAt, Instant expiresAt,
                       Instant claimedAt, Instant revokedAt, boolean allowAdditionalDevice, boolean bulk) {
    }
}
