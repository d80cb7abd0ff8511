package io.github.mfaenroll.enrollment;

import static io.github.mfaenroll.store.Rows.instant;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

/**
 * Per user and device: the hash of the last code pair sent to {@code ResyncMFADevice} and the count of consecutive
 * pairs IAM refused. Claiming a pair is one conditional write, so the same pair is never sent twice, from any
 * instance.
 */
public final class ResyncStore {

    /** The state of one user's device: consecutive refusals and when the last one happened (null if none). */
    public record Attempts(int failedAttempts, Instant lastFailedAt) {
        static final Attempts NONE = new Attempts(0, null);
    }

    private final Jdbi jdbi;
    private final Clock clock;

    public ResyncStore(Jdbi jdbi, Clock clock) {
        this.jdbi = jdbi;
        this.clock = clock;
    }

    public Attempts attempts(String iamUser, String serialNumber) {
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT failed_attempts, last_failed_at FROM resync_attempts
                        WHERE iam_user = :user AND serial_number = :serial""")
                .bind("user", iamUser).bind("serial", serialNumber)
                .map((rs, ctx) -> new Attempts(rs.getInt("failed_attempts"), instant(rs, "last_failed_at")))
                .findOne()).orElse(Attempts.NONE);
    }

    /**
     * Records {@code pairHash} as the last pair sent for this device, unless it already is: true when the caller may
     * send the pair, false when exactly this pair was sent before.
     */
    public boolean claimPair(String iamUser, String serialNumber, String pairHash, long step) {
        if (replace(iamUser, serialNumber, pairHash, step)) {
            return true;
        }
        try {
            jdbi.useHandle(h -> h.createUpdate("""
                            INSERT INTO resync_attempts (iam_user, serial_number, pair_hash, pair_step, updated_at)
                            VALUES (:user, :serial, :hash, :step, :now)""")
                    .bind("user", iamUser).bind("serial", serialNumber).bind("hash", pairHash).bind("step", step)
                    .bind("now", clock.instant()).execute());
            return true;
        } catch (UnableToExecuteStatementException e) {
            // The row exists (with this very pair, or another request inserted one a moment ago): try the update
            // once more; it answers for both cases.
            return replace(iamUser, serialNumber, pairHash, step);
        }
    }

    private boolean replace(String iamUser, String serialNumber, String pairHash, long step) {
        return jdbi.withHandle(h -> h.createUpdate("""
                        UPDATE resync_attempts SET pair_hash = :hash, pair_step = :step, updated_at = :now
                        WHERE iam_user = :user AND serial_number = :serial AND pair_hash <> :hash""")
                .bind("user", iamUser).bind("serial", serialNumber).bind("hash", pairHash).bind("step", step)
                .bind("now", clock.instant()).execute()) == 1;
    }

    /** Counts a pair IAM refused and returns the new number of consecutive refusals. */
    public int recordFailure(String iamUser, String serialNumber) {
        return jdbi.inTransaction(h -> {
            h.createUpdate("""
                            UPDATE resync_attempts SET failed_attempts = failed_attempts + 1, last_failed_at = :now,
                                   updated_at = :now WHERE iam_user = :user AND serial_number = :serial""")
                    .bind("user", iamUser).bind("serial", serialNumber).bind("now", clock.instant()).execute();
            return h.createQuery("""
                            SELECT failed_attempts FROM resync_attempts
                            WHERE iam_user = :user AND serial_number = :serial""")
                    .bind("user", iamUser).bind("serial", serialNumber).mapTo(Integer.class).findOne().orElse(0);
        });
    }

    /** A success (or the end of a pause) starts the count again. The last pair stays: it is never sent again. */
    public void resetFailures(String iamUser, String serialNumber) {
        jdbi.useHandle(h -> h.createUpdate("""
                        UPDATE resync_attempts SET failed_attempts = 0, last_failed_at = NULL, updated_at = :now
                        WHERE iam_user = :user AND serial_number = :serial""")
                .bind("user", iamUser).bind("serial", serialNumber).bind("now", clock.instant()).execute());
    }

    /** The step at which the last pair was sent, if any (for tests and support). */
    public Optional<Long> lastPairStep(String iamUser, String serialNumber) {
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT pair_step FROM resync_attempts WHERE iam_user = :user AND serial_number = :serial""")
                .bind("user", iamUser).bind("serial", serialNumber).mapTo(Long.class).findOne());
    }
}
