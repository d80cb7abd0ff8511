package io.github.mfaenroll.enrollment;

import static io.github.mfaenroll.store.Rows.instant;

import io.github.mfaenroll.iam.AccountUser;
import java.time.Clock;
import java.time.Instant;
import java.util.OptionalInt;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

/**
 * Per user and device: the code pairs sent to {@code ResyncMFADevice} within the replay window (hashed), and the
 * count of pairs IAM refused in a row. Each guard is one conditional write, so it holds across requests and
 * instances: a pair is never sent twice within the window, and no two requests share the last attempt before a pause.
 */
public record ResyncStore(Jdbi jdbi, Clock clock) {

    /**
     * How long a sent pair is remembered, in 30-second steps: ten minutes, well past the time IAM would still take
     * its codes.
     */
    public static final long REPLAY_WINDOW_STEPS = 20;

    /** The state of one user's device: pairs refused in a row and when the last one was sent (null if none). */
    public record Attempts(int failedAttempts, Instant lastFailedAt) {
        static final Attempts NONE = new Attempts(0, null);
    }

    public Attempts attempts(AccountUser iamUser, String serialNumber) {
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT failed_attempts, last_failed_at FROM resync_attempts
                        WHERE account_id = :account AND iam_user = :user AND serial_number = :serial""")
                .bind("account", iamUser.account().value()).bind("user", iamUser.name()).bind("serial", serialNumber)
                .map((rs, ctx) -> new Attempts(rs.getInt("failed_attempts"), instant(rs, "last_failed_at")))
                .findOne()).orElse(Attempts.NONE);
    }

    /**
     * Records {@code pairHash} as sent at {@code step}: true when the caller may send the pair, false when this pair
     * was sent within the last {@link #REPLAY_WINDOW_STEPS} steps (by any request, on any instance). The primary key
     * decides; pairs older than the window are forgotten first.
     */
    public boolean claimPair(AccountUser iamUser, String serialNumber, String pairHash, long step) {
        jdbi.useHandle(h -> h.createUpdate("""
                        DELETE FROM resync_pairs
                        WHERE account_id = :account AND iam_user = :user AND serial_number = :serial AND pair_step < :oldest""")
                .bind("account", iamUser.account().value()).bind("user", iamUser.name()).bind("serial", serialNumber).bind("oldest", step - REPLAY_WINDOW_STEPS)
                .execute());
        try {
            jdbi.useHandle(h -> h.createUpdate("""
                            INSERT INTO resync_pairs (account_id, iam_user, serial_number, pair_hash, pair_step)
                            VALUES (:account, :user, :serial, :hash, :step)""")
                    .bind("account", iamUser.account().value()).bind("user", iamUser.name()).bind("serial", serialNumber).bind("hash", pairHash).bind("step", step)
                    .execute());
            return true;
        } catch (UnableToExecuteStatementException e) {
            if (pairRemembered(iamUser, serialNumber, pairHash)) {
                return false;
            }
            throw e;
        }
    }

    private boolean pairRemembered(AccountUser iamUser, String serialNumber, String pairHash) {
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT COUNT(*) FROM resync_pairs
                        WHERE account_id = :account AND iam_user = :user AND serial_number = :serial AND pair_hash = :hash""")
                .bind("account", iamUser.account().value()).bind("user", iamUser.name()).bind("serial", serialNumber).bind("hash", pairHash)
                .mapTo(Integer.class).one()) > 0;
    }

    /**
     * Reserves one attempt at IAM unless resync is paused ({@code max} refused pairs in a row, the last one sent after
     * {@code pauseStartedBefore}). The check and the count are one conditional update, so two requests at once
     * cannot both take the last attempt. The attempt counts as refused until {@link #resetFailures} (IAM accepted) or
     * {@link #release} (IAM did not answer). Returns the count with this attempt, or empty while paused. A pause that
     * is over starts the count again at this attempt.
     */
    public OptionalInt reserveAttempt(AccountUser iamUser, String serialNumber, int max, Instant pauseStartedBefore) {
        insertIfAbsent(iamUser, serialNumber);
        return jdbi.inTransaction(h -> {
            int reserved = h.createUpdate("""
                            UPDATE resync_attempts
                            SET failed_attempts = CASE WHEN failed_attempts >= :max THEN 1 ELSE failed_attempts + 1 END,
                                last_failed_at = :now, updated_at = :now
                            WHERE account_id = :account AND iam_user = :user AND serial_number = :serial
                              AND (failed_attempts < :max OR last_failed_at <= :pauseStart)""")
                    .bind("account", iamUser.account().value()).bind("user", iamUser.name()).bind("serial", serialNumber).bind("max", max)
                    .bind("pauseStart", pauseStartedBefore).bind("now", clock.instant()).execute();
            if (reserved == 0) {
                return OptionalInt.empty();
            }
            return OptionalInt.of(h.createQuery("""
                            SELECT failed_attempts FROM resync_attempts
                            WHERE account_id = :account AND iam_user = :user AND serial_number = :serial""")
                    .bind("account", iamUser.account().value()).bind("user", iamUser.name()).bind("serial", serialNumber).mapTo(Integer.class).one());
        });
    }

    /** Gives back an attempt IAM never judged (busy, unreachable, the device gone). */
    public void release(AccountUser iamUser, String serialNumber) {
        jdbi.useHandle(h -> h.createUpdate("""
                        UPDATE resync_attempts SET failed_attempts = failed_attempts - 1, updated_at = :now
                        WHERE account_id = :account AND iam_user = :user AND serial_number = :serial AND failed_attempts > 0""")
                .bind("account", iamUser.account().value()).bind("user", iamUser.name()).bind("serial", serialNumber).bind("now", clock.instant()).execute());
    }

    /** A success starts the count again. The pairs stay remembered: none is sent again within the window. */
    public void resetFailures(AccountUser iamUser, String serialNumber) {
        jdbi.useHandle(h -> h.createUpdate("""
                        UPDATE resync_attempts SET failed_attempts = 0, last_failed_at = NULL, updated_at = :now
                        WHERE account_id = :account AND iam_user = :user AND serial_number = :serial""")
                .bind("account", iamUser.account().value()).bind("user", iamUser.name()).bind("serial", serialNumber).bind("now", clock.instant()).execute());
    }

    private void insertIfAbsent(AccountUser iamUser, String serialNumber) {
        if (attemptsRowExists(iamUser, serialNumber)) {
            return;
        }
        try {
            jdbi.useHandle(h -> h.createUpdate("""
                            INSERT INTO resync_attempts (account_id, iam_user, serial_number, failed_attempts, updated_at)
                            VALUES (:account, :user, :serial, 0, :now)""")
                    .bind("account", iamUser.account().value()).bind("user", iamUser.name()).bind("serial", serialNumber).bind("now", clock.instant()).execute());
        } catch (UnableToExecuteStatementException e) {
            if (!attemptsRowExists(iamUser, serialNumber)) {
                throw e;
            }
            // Another request inserted it a moment ago: fine, the reservation below decides.
        }
    }

    private boolean attemptsRowExists(AccountUser iamUser, String serialNumber) {
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT COUNT(*) FROM resync_attempts WHERE account_id = :account AND iam_user = :user AND serial_number = :serial""")
                .bind("account", iamUser.account().value()).bind("user", iamUser.name()).bind("serial", serialNumber).mapTo(Integer.class).one()) > 0;
    }
}
