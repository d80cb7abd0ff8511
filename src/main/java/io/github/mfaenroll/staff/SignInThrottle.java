package io.github.mfaenroll.staff;

import io.github.mfaenroll.identity.SecretTokens;
import static io.github.mfaenroll.store.Rows.instant;

import io.github.mfaenroll.audit.AuditAction;
import io.github.mfaenroll.audit.AuditEntry.Outcome;
import io.github.mfaenroll.audit.AuditLog;
import io.github.mfaenroll.limits.AddressLimits;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Limits on local sign-in that are not about one account: attempts per client address (counted by
 * {@link AddressLimits}, in the database, so that several instances share it), and failure counts for names that are
 * not accounts.
 *
 * <p>The second exists so that an unknown name locks exactly like a real one after the same number of failures:
 * otherwise "too many attempts" would appear only for names that exist, and tell an attacker which ones do. Only the
 * SHA-256 of such a name is kept (people type passwords into the name field).
 */
public record SignInThrottle(Jdbi jdbi, Clock clock, AddressLimits addresses) {

    /** Whether an attempt may go ahead; if not, when it may. {@code firstRefusal} is true once per window. */
    public record Attempt(boolean allowed, Instant retryAt, boolean firstRefusal) {

        /**
         * The answer to a refused attempt, audited once per window: a flood must not flood the audit trail as well.
         * One place for every sign-in step (password, code, setup link; local and company staff).
         */
        SignInStep.TooManyAttempts refusal(AuditLog audit, String clientAddress) {
            if (firstRefusal) {
                audit.record("anonymous", null, AuditAction.SIGN_IN_FAILED, Outcome.DENIED,
                        "too many sign-in attempts from " + clientAddress + "; refused until " + retryAt);
                log.warn("Sign-in rate limit reached for {}", clientAddress);
            }
            return new SignInStep.TooManyAttempts(retryAt);
        }
    }

    private static final Logger log = LoggerFactory.getLogger(SignInThrottle.class);

    /** @param addresses the per-address limits; sign-in requests (password or code) are counted as their own kind */

    /** Counts one attempt from {@code clientAddress} and says whether it is within the limit. */
    public Attempt countAttempt(String clientAddress) {
        AddressLimits.Attempt attempt = addresses.count(AddressLimits.Scope.SIGN_IN, clientAddress);
        return new Attempt(attempt.allowed(), attempt.retryAt(), attempt.firstRefusal());
    }

    /** When the unknown name is locked until, or null if it is not locked now. */
    Instant unknownNameLockedUntil(String name) {
        Instant now = clock.instant();
        Instant until = jdbi.withHandle(h -> h.createQuery(
                        "SELECT locked_until FROM sign_in_unknown_names WHERE name_hash = :hash")
                .bind("hash", SecretTokens.sha256(name))
                .map((rs, ctx) -> instant(rs, "locked_until"))
                .findOne().orElse(null));
        return until != null && now.isBefore(until) ? until : null;
    }

    /**
     * Counts a failure for a name that has no account, with the same rule as for accounts: at {@code maxFailures}
     * it locks until now + {@code lockout} and the count starts again. Returns the lock end, or null.
     */
    Instant recordUnknownNameFailure(String name, int maxFailures, Duration lockout) {
        String hash = SecretTokens.sha256(name);
        Instant now = clock.instant();
        return jdbi.inTransaction(h -> {
            int updated = h.createUpdate("""
                            UPDATE sign_in_unknown_names SET failed_attempts = failed_attempts + 1, updated_at = :now
                            WHERE name_hash = :hash""")
                    .bind("now", now).bind("hash", hash).execute();
            if (updated == 0) {
                // Counts idle for a day are worthless; keep the table from growing with every typo ever made.
                h.createUpdate("DELETE FROM sign_in_unknown_names WHERE updated_at < :stale")
                        .bind("stale", now.minus(Duration.ofDays(1)).minus(lockout)).execute();
                h.createUpdate("""
                                INSERT INTO sign_in_unknown_names (name_hash, failed_attempts, updated_at)
                                VALUES (:hash, 1, :now)""")
                        .bind("hash", hash).bind("now", now).execute();
            }
            Instant until = now.plus(lockout);
            int locked = h.createUpdate("""
                            UPDATE sign_in_unknown_names SET locked_until = :until, failed_attempts = 0
                            WHERE name_hash = :hash AND failed_attempts >= :max""")
                    .bind("until", until).bind("hash", hash).bind("max", maxFailures).execute();
            return locked == 1 ? until : null;
        });
    }
}
