package io.github.mfaenroll.identity;

import static io.github.mfaenroll.store.Rows.instant;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

/**
 * Limits on local sign-in that are not about one account: attempts per client address (a fixed window counted in
 * the database, so that several instances share it), and failure counts for names that are not accounts.
 *
 * <p>The second exists so that an unknown name locks exactly like a real one after the same number of failures:
 * otherwise "too many attempts" would appear only for names that exist, and tell an attacker which ones do. Only the
 * SHA-256 of such a name is kept (people type passwords into the name field).
 */
public final class SignInThrottle {

    /** Whether an attempt may go ahead; if not, when it may. {@code firstRefusal} is true once per window. */
    public record Attempt(boolean allowed, Instant retryAt, boolean firstRefusal) {
    }

    private final Jdbi jdbi;
    private final Clock clock;
    private final int attemptsPerWindow;
    private final Duration window;

    /**
     * @param attemptsPerWindow how many sign-in requests (password or code) one client address may make per window
     */
    public SignInThrottle(Jdbi jdbi, Clock clock, int attemptsPerWindow, Duration window) {
        if (attemptsPerWindow < 1 || window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("attemptsPerWindow and window must be positive");
        }
        this.jdbi = jdbi;
        this.clock = clock;
        this.attemptsPerWindow = attemptsPerWindow;
        this.window = window;
    }

    /** Counts one attempt from {@code clientAddress} and says whether it is within the limit. */
    public Attempt countAttempt(String clientAddress) {
        String key = clientAddress == null ? "unknown" : clientAddress.toLowerCase(Locale.ROOT);
        Instant now = clock.instant();
        Instant cutoff = now.minus(window);
        for (int tries = 0; ; tries++) {
            try {
                return jdbi.inTransaction(h -> {
                    int counted = h.createUpdate("""
                                    UPDATE sign_in_attempts SET attempts = attempts + 1
                                    WHERE client_address = :key AND window_start > :cutoff""")
                            .bind("key", key).bind("cutoff", cutoff).execute();
                    if (counted == 0) {
                        counted = h.createUpdate("""
                                        UPDATE sign_in_attempts SET attempts = 1, window_start = :now
                                        WHERE client_address = :key AND window_start <= :cutoff""")
                                .bind("key", key).bind("now", now).bind("cutoff", cutoff).execute();
                    }
                    if (counted == 0) {
                        // Old windows of other addresses are useless: drop them while we are writing anyway.
                        h.createUpdate("DELETE FROM sign_in_attempts WHERE window_start <= :cutoff")
                                .bind("cutoff", cutoff).execute();
                        h.createUpdate("INSERT INTO sign_in_attempts (client_address, window_start, attempts) "
                                + "VALUES (:key, :now, 1)").bind("key", key).bind("now", now).execute();
                    }
                    return h.createQuery("SELECT window_start, attempts FROM sign_in_attempts WHERE client_address = :key")
                            .bind("key", key)
                            .map((rs, ctx) -> {
                                int attempts = rs.getInt("attempts");
                                Instant retryAt = instant(rs, "window_start").plus(window);
                                return new Attempt(attempts <= attemptsPerWindow, retryAt,
                                        attempts == attemptsPerWindow + 1);
                            })
                            .one();
                });
            } catch (UnableToExecuteStatementException e) {
                // Another instance inserted the same address first (primary key): count again, once.
                if (tries > 0) {
                    throw e;
                }
            }
        }
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
