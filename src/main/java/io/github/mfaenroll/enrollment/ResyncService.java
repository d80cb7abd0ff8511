package io.github.mfaenroll.enrollment;

import io.github.mfaenroll.audit.Actors;
import io.github.mfaenroll.audit.AuditAction;
import io.github.mfaenroll.audit.AuditEntry.Outcome;
import io.github.mfaenroll.audit.AuditLog;
import io.github.mfaenroll.audit.References;
import io.github.mfaenroll.enrollment.EnrollmentProblem.Kind;
import io.github.mfaenroll.iam.AccountDirectory;
import io.github.mfaenroll.iam.AccountId;
import io.github.mfaenroll.iam.AccountUser;
import io.github.mfaenroll.iam.IamFailure;
import io.github.mfaenroll.iam.MfaDevice;
import io.github.mfaenroll.iam.MfaSerial;
import io.github.mfaenroll.limits.UserLockouts;
import io.github.mfaenroll.totp.TotpVerifier;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Self-service resync of a drifted device with {@code ResyncMFADevice}. The app no longer holds the seed of a bound
 * device (it is wiped when the wizard ends), so the only checks it can make are the shape of the codes (six digits,
 * two different codes) and that this exact pair was not sent within the last ten minutes; IAM decides the rest and
 * says only {@code InvalidAuthenticationCode}, whatever the mistake. Every method takes the session's IAM user.
 *
 * @param lockouts counts every pair IAM refuses against the user (with the wizard's), and refuses a locked-out user
 */
public record ResyncService(AccountDirectory accounts, ResyncStore store, AuditLog audit, Clock clock, EnrollmentMetrics metrics,
                            UserLockouts lockouts) {

    /** Consecutive pairs IAM may refuse before resync pauses for {@link #PAUSE}. */
    public static final int MAX_FAILED_ATTEMPTS = 5;
    public static final Duration PAUSE = Duration.ofMinutes(15);
    private static final long STEP_SECONDS = 30;

    private static final Logger log = LoggerFactory.getLogger(ResyncService.class);

    /** The user's devices that produce codes (virtual and hardware TOTP; security keys have nothing to resync). */
    public List<MfaDevice> devices(AccountUser iamUser) {
        try {
            return accounts.employeeIam(iamUser.account()).listMfaDevices(iamUser.name()).stream()
                    .filter(d -> d.type() != MfaSerial.Type.SECURITY_KEY)
                    .toList();
        } catch (IamFailure e) {
            throw problem(iamUser, e);
        }
    }

    /**
     * Checks what can be checked without the seed, then sends the pair to IAM exactly once: the pair is claimed in
     * the database first, so a double click, a reload or a second instance never sends it again.
     */
    public ResyncResult resync(AccountUser iamUser, String serialNumber, String code1, String code2) {
        if (lockouts.active(iamUser).isPresent()) {
            throw new EnrollmentProblem(Kind.LOCKED_OUT, null, null);
        }
        boolean own = serialNumber != null
                && devices(iamUser).stream().anyMatch(d -> d.serialNumber().equals(serialNumber));
        if (!own) {
            // Another user's serial (or a made-up one) in the form: refused and audited, the serial as typed is not.
            audit.recordOnUser(iamUser.name(), iamUser, AuditAction.RESYNC_FAILED, Outcome.DENIED, "not one of the user's devices");
            return new ResyncResult.UnknownDevice();
        }
        if (pausedUntil(iamUser, serialNumber).isPresent()) {
            return paused(iamUser, serialNumber);
        }
        String first = TotpVerifier.normalize(code1);
        String second = TotpVerifier.normalize(code2);
        if (!sixDigits(first) || !sixDigits(second)) {
            return rejected(iamUser.account(), VerifyProblem.NOT_SIX_DIGITS, 0);
        }
        if (first.equals(second)) {
            return rejected(iamUser.account(), VerifyProblem.SAME_CODE_TWICE, 0);
        }
        long step = Math.floorDiv(clock.instant().getEpochSecond(), STEP_SECONDS);
        if (!store.claimPair(iamUser, serialNumber, pairHash(iamUser.name(), serialNumber, first, second), step)) {
            return rejected(iamUser.account(), VerifyProblem.ALREADY_USED, 0);
        }
        // The pause was read above for a quick answer; this reservation is what decides, atomically, so two requests
        // at once never both send the last pair before a pause.
        OptionalInt attempt = store.reserveAttempt(iamUser, serialNumber, MAX_FAILED_ATTEMPTS,
                clock.instant().minus(PAUSE));
        if (attempt.isEmpty()) {
            return paused(iamUser, serialNumber);
        }
        try {
            accounts.employeeIam(iamUser.account()).resyncMfaDevice(iamUser.name(), serialNumber, first, second);
        } catch (IamFailure e) {
            return refused(iamUser, serialNumber, attempt.getAsInt(), e);
        }
        store.resetFailures(iamUser, serialNumber);
        audit.recordOnUser(iamUser.name(), iamUser, AuditAction.DEVICE_RESYNCED, Outcome.SUCCESS, serialNumber);
        metrics.resynced(iamUser.account());
        log.info("MFA device {} resynced for {}", serialNumber, iamUser);
        return new ResyncResult.Resynced(serialNumber);
    }

    /** When the pause after too many refused pairs ends, if one is running now. */
    private Optional<Instant> pausedUntil(AccountUser iamUser, String serialNumber) {
        ResyncStore.Attempts attempts = store.attempts(iamUser, serialNumber);
        if (attempts.failedAttempts() < MAX_FAILED_ATTEMPTS || attempts.lastFailedAt() == null) {
            return Optional.empty();
        }
        Instant pauseEnds = attempts.lastFailedAt().plus(PAUSE);
        return clock.instant().isBefore(pauseEnds) ? Optional.of(pauseEnds) : Optional.empty();
    }

    private ResyncResult paused(AccountUser iamUser, String serialNumber) {
        Instant pauseEnds = pausedUntil(iamUser, serialNumber).orElse(clock.instant().plus(PAUSE));
        audit.recordOnUser(iamUser.name(), iamUser, AuditAction.RESYNC_FAILED, Outcome.DENIED, serialNumber
                + ": paused after " + MAX_FAILED_ATTEMPTS + " refused pairs, until " + pauseEnds);
        return rejected(iamUser.account(), VerifyProblem.TOO_MANY_ATTEMPTS, minutesUntil(pauseEnds));
    }

    /** @param failures the refused pairs in a row, counting this one (reserved before IAM was asked) */
    private ResyncResult refused(AccountUser iamUser, String serialNumber, int failures, IamFailure e) {
        if (e.kind() == IamFailure.Kind.INVALID_AUTHENTICATION_CODE) {
            audit.recordOnUser(iamUser.name(), iamUser, AuditAction.RESYNC_FAILED, Outcome.FAILURE, serialNumber
                    + ": AWS refused the codes, attempt " + failures + " of " + MAX_FAILED_ATTEMPTS);
            if (lockouts.recordFailure(iamUser, "a resync pair refused by AWS")) {
                metrics.resyncRefused(iamUser.account(), VerifyProblem.LOCKED_OUT);
                throw new EnrollmentProblem(Kind.LOCKED_OUT, null, null);
            }
            return failures >= MAX_FAILED_ATTEMPTS ? rejected(iamUser.account(), VerifyProblem.TOO_MANY_ATTEMPTS, PAUSE.toMinutes())
                    : rejected(iamUser.account(), VerifyProblem.AWS_REJECTED, MAX_FAILED_ATTEMPTS - failures);
        }
        if (e.kind() == IamFailure.Kind.NO_SUCH_ENTITY) {
            // Removed between the listing and the call (the helpdesk reset it, or the user is gone).
            store.release(iamUser, serialNumber);
            audit.recordOnUser(iamUser.name(), iamUser, AuditAction.RESYNC_FAILED, Outcome.FAILURE,
                    serialNumber + ": the device is no longer on the user");
            return rejected(iamUser.account(), VerifyProblem.DEVICE_GONE, 0);
        }
        // IAM did not judge the pair: the attempt is given back.
        store.release(iamUser, serialNumber);
        EnrollmentProblem problem = problem(iamUser, e);
        audit.recordOnUser(Actors.SYSTEM, iamUser, AuditAction.RESYNC_FAILED, Outcome.FAILURE,
                serialNumber + ": " + e.action() + ": " + e.kind(), problem.reference());
        throw problem;
    }

    private ResyncResult rejected(AccountId account, VerifyProblem problem, long count) {
        metrics.resyncRefused(account, problem);
        return new ResyncResult.Rejected(problem, count);
    }

    private long minutesUntil(Instant instant) {
        long seconds = Duration.between(clock.instant(), instant).getSeconds();
        return Math.max(1, (seconds + 59) / 60);
    }

    /** Logged with a reference that the error page shows; the same mapping as the wizard's. */
    private static EnrollmentProblem problem(AccountUser iamUser, IamFailure e) {
        String reference = References.next();
        Kind kind = switch (e.kind()) {
            case NO_SUCH_ENTITY -> Kind.USER_NOT_FOUND;
            case BUSY, THROTTLED, UNREACHABLE, SERVICE_FAILURE, UNKNOWN -> Kind.IAM_UNAVAILABLE;
            default -> Kind.IAM_REFUSED;
        };
        log.warn("{} for user {}: {} (AWS request id {}) [{}]", e.action(), iamUser, e.kind(), e.awsRequestId(),
                reference);
        return new EnrollmentProblem(kind, reference, e);
    }

    private static boolean sixDigits(String code) {
        return code.length() == 6 && code.chars().allMatch(c -> c >= '0' && c <= '9');
    }

    /**
     * What the replay guard stores instead of the codes. Unsalted SHA-256 of two 6-digit codes can be reversed by
     * brute force (10^12 guesses), but the codes it hides expire within minutes and say nothing about the seed: the
     * hash only keeps them out of plain sight in the database.
     */
    static String pairHash(String userName, String serialNumber, String code1, String code2) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            byte[] digest = sha256.digest((userName + '\n' + serialNumber + '\n' + code1 + '\n' + code2)
                    .getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
