package io.github.mfaenroll.enrollment;

import static io.github.mfaenroll.store.Rows.instant;

import io.github.mfaenroll.iam.AccountUser;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * Enrollment rows. Every state change is a conditional update on the expected current state, so two requests
 * (or two instances) racing on one enrollment cannot both move it.
 */
public record EnrollmentStore(Jdbi jdbi, Clock clock) {

    /**
     * Inserts a STARTED enrollment owned by the session with {@code sessionKey} and takes the user's single active
     * slot. Returns false (and inserts nothing) when the user already has a running enrollment: the database's
     * primary key decides, on any instance.
     */
    public boolean insertStarted(String id, AccountUser iamUser, String sessionKey, Instant expiresAt) {
        Instant now = clock.instant();
        try {
            jdbi.useTransaction(h -> {
                h.createUpdate("INSERT INTO active_enrollments (account_id, iam_user, enrollment_id) VALUES (:account, :user, :id)")
                        .bind("id", id).bind("account", iamUser.account().value()).bind("user", iamUser.name()).execute();
                h.createUpdate("""
                                INSERT INTO enrollments (id, account_id, iam_user, session_key, state, created_at,
                                                         updated_at, expires_at)
                                VALUES (:id, :account, :user, :key, 'STARTED', :now, :now, :expires)""")
                        .bind("id", id).bind("account", iamUser.account().value()).bind("user", iamUser.name()).bind("key", sessionKey).bind("now", now)
                        .bind("expires", expiresAt).execute();
            });
            return true;
        } catch (org.jdbi.v3.core.statement.UnableToExecuteStatementException e) {
            if (findActive(iamUser).isPresent()) {
                return false;
            }
            throw e;
        }
    }

    public Optional<Enrollment> find(String id) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM enrollments WHERE id = :id")
                .bind("id", id).map(EnrollmentStore::map).findOne());
    }

    /** The user's running enrollment (STARTED or DEVICE_CREATED), if any: there is at most one. */
    public Optional<Enrollment> findActive(AccountUser iamUser) {
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT e.* FROM enrollments e JOIN active_enrollments a ON a.enrollment_id = e.id
                        WHERE a.account_id = :account AND a.iam_user = :user""")
                .bind("account", iamUser.account().value()).bind("user", iamUser.name()).map(EnrollmentStore::map).findOne());
    }

    /** Whether the session with {@code sessionKey} bound a device to the user through this app. */
    public boolean enabledInSession(AccountUser iamUser, String sessionKey) {
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT COUNT(*) FROM enrollments WHERE account_id = :account AND iam_user = :user AND state = 'ENABLED'
                          AND session_key = :key""")
                .bind("account", iamUser.account().value()).bind("user", iamUser.name()).bind("key", sessionKey).mapTo(Integer.class).one()) > 0;
    }

    /** How many enrollments the user started at or after {@code since}, from any session. */
    public int startedByUserSince(AccountUser iamUser, Instant since) {
        return jdbi.withHandle(h -> h.createQuery(
                        "SELECT COUNT(*) FROM enrollments WHERE account_id = :account AND iam_user = :user AND created_at >= :since")
                .bind("account", iamUser.account().value()).bind("user", iamUser.name()).bind("since", since).mapTo(Integer.class).one());
    }

    /** How many enrollments the session with {@code sessionKey} started at or after {@code since}. */
    public int startedBySessionSince(String sessionKey, Instant since) {
        return jdbi.withHandle(h -> h.createQuery(
                        "SELECT COUNT(*) FROM enrollments WHERE session_key = :key AND created_at >= :since")
                .bind("key", sessionKey).bind("since", since).mapTo(Integer.class).one());
    }

    /** The user's newest enrollment in any state. */
    public Optional<Enrollment> findLatest(AccountUser iamUser) {
        return jdbi.withHandle(h -> h.createQuery(
                        "SELECT * FROM enrollments WHERE account_id = :account AND iam_user = :user ORDER BY created_at DESC LIMIT 1")
                .bind("account", iamUser.account().value()).bind("user", iamUser.name()).map(EnrollmentStore::map).findOne());
    }

    /** Active enrollments whose time is up. */
    public List<Enrollment> findExpiredActive() {
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT * FROM enrollments WHERE state IN ('STARTED', 'DEVICE_CREATED') AND expires_at <= :now""")
                .bind("now", clock.instant()).map(EnrollmentStore::map).list());
    }

    public boolean markDeviceCreated(String id, String deviceName, String serialNumber, String seedCiphertext) {
        return jdbi.withHandle(h -> h.createUpdate("""
                        UPDATE enrollments SET state = 'DEVICE_CREATED', device_name = :name, serial_number = :serial,
                               seed_ciphertext = :seed, updated_at = :now
                        WHERE id = :id AND state = 'STARTED'""")
                .bind("id", id).bind("name", deviceName).bind("serial", serialNumber).bind("seed", seedCiphertext)
                .bind("now", clock.instant()).execute()) == 1;
    }

    /** Counts a failed verification and returns the new total. */
    public int recordFailure(String id, String problem) {
        return recordFailure(id, problem, null);
    }

    /**
     * Counts a failed verification, remembering how far off the phone's clock was (null unless the problem is a
     * clock problem) for the helpdesk's walk-through, and returns the new total.
     */
    public int recordFailure(String id, String problem, Long clockOffsetSeconds) {
        return jdbi.inTransaction(h -> {
            h.createUpdate("""
                            UPDATE enrollments SET failed_attempts = failed_attempts + 1, last_problem = :problem,
                                   last_clock_offset_seconds = :offset, updated_at = :now WHERE id = :id""")
                    .bind("id", id).bind("problem", problem).bind("offset", clockOffsetSeconds)
                    .bind("now", clock.instant()).execute();
            return h.createQuery("SELECT failed_attempts FROM enrollments WHERE id = :id")
                    .bind("id", id).mapTo(Integer.class).one();
        });
    }

    /**
     * Reserves a verified code pair: records its second step, provided the pair starts after the last one used.
     * Returns false otherwise. No code is ever accepted twice, on any instance: the guard is this one update.
     */
    public boolean claimSteps(String id, long firstStep, long secondStep) {
        return jdbi.withHandle(h -> h.createUpdate("""
                        UPDATE enrollments SET last_accepted_step = :second, updated_at = :now
                        WHERE id = :id AND state = 'DEVICE_CREATED'
                          AND (last_accepted_step IS NULL OR last_accepted_step < :first)""")
                .bind("id", id).bind("first", firstStep).bind("second", secondStep).bind("now", clock.instant())
                .execute()) == 1;
    }

    /**
     * Moves an active enrollment to a final state, wipes its seed and frees the user's active slot, in one
     * transaction. False when it was no longer in {@code from} (another request got there first).
     */
    public boolean finish(String id, EnrollmentState from, EnrollmentState to, String problem) {
        return jdbi.inTransaction(h -> {
            int moved = h.createUpdate("""
                            UPDATE enrollments SET state = :to, seed_ciphertext = NULL, last_problem = :problem,
                                   updated_at = :now
                            WHERE id = :id AND state = :from""")
                    .bind("id", id).bind("from", from.name()).bind("to", to.name()).bind("problem", problem)
                    .bind("now", clock.instant()).execute();
            if (moved == 1) {
                h.createUpdate("DELETE FROM active_enrollments WHERE enrollment_id = :id").bind("id", id).execute();
            }
            return moved == 1;
        });
    }

    /**
     * Records that the device is bound, whatever state a racing request left the row in (a cancel that lost the
     * race): IAM's truth wins. Wipes the seed and frees the slot.
     */
    public void markEnabled(String id) {
        jdbi.useTransaction(h -> {
            h.createUpdate("""
                            UPDATE enrollments SET state = 'ENABLED', seed_ciphertext = NULL, last_problem = NULL,
                                   updated_at = :now WHERE id = :id""")
                    .bind("id", id).bind("now", clock.instant()).execute();
            h.createUpdate("DELETE FROM active_enrollments WHERE enrollment_id = :id").bind("id", id).execute();
        });
    }

    private static Enrollment map(ResultSet rs, StatementContext ctx) throws SQLException {
        long step = rs.getLong("last_accepted_step");
        Long lastStep = rs.wasNull() ? null : step;
        long offset = rs.getLong("last_clock_offset_seconds");
        Long clockOffset = rs.wasNull() ? null : offset;
        return new Enrollment(rs.getString("id"), AccountUser.of(rs.getString("account_id"), rs.getString("iam_user")), rs.getString("session_key"),
                EnrollmentState.valueOf(rs.getString("state")), rs.getString("device_name"),
                rs.getString("serial_number"), rs.getString("seed_ciphertext"), rs.getInt("failed_attempts"),
                rs.getString("last_problem"), lastStep, instant(rs, "created_at"), instant(rs, "updated_at"),
                instant(rs, "expires_at"), clockOffset);
    }
}
