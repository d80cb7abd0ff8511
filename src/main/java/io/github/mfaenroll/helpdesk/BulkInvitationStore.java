package io.github.mfaenroll.helpdesk;

import static io.github.mfaenroll.store.Rows.instant;

import io.github.mfaenroll.iam.AccountId;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementContext;

/** Bulk invitation runs and their progress, in the database so the progress page works on any instance. */
public record BulkInvitationStore(Jdbi jdbi, Clock clock) {

    /** QUEUED -> RUNNING -> DONE, or FAILED (IAM could not list the users) or INTERRUPTED (shut down, lease lost). */
    public enum State {
        QUEUED, RUNNING, DONE, FAILED, INTERRUPTED;

        public boolean finished() {
            return this != QUEUED && this != RUNNING;
        }
    }

    /** One run. {@code total} is null while the users without MFA are still being looked up. */
    public record Job(String id, String createdBy, State state, Integer total, int sent, int skipped, int failed,
                      String reference, Instant createdAt, Instant updatedAt) {

        /** Users handled so far. */
        public int processed() {
            return sent + skipped + failed;
        }
    }

    /** Which counter an invitation attempt adds to. */
    enum Counter { SENT, SKIPPED, FAILED }

    /** @param account the one account the run invites in; null for every account the deployment serves */
    void insert(String id, String createdBy, AccountId account) {
        Instant now = clock.instant();
        jdbi.useHandle(h -> h.createUpdate("""
                        INSERT INTO bulk_invitation_jobs (id, created_by, state, created_at, updated_at, account_id)
                        VALUES (:id, :by, 'QUEUED', :now, :now, :account)""")
                .bind("id", id).bind("by", createdBy).bind("now", now)
                .bind("account", account == null ? null : account.value()).execute());
    }

    public Optional<Job> find(String id) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM bulk_invitation_jobs WHERE id = :id")
                .bind("id", id).map(BulkInvitationStore::map).findOne());
    }

    /** The newest runs, newest first. */
    public List<Job> latest(int limit) {
        return jdbi.withHandle(h -> h.createQuery(
                        "SELECT * FROM bulk_invitation_jobs ORDER BY created_at DESC, id LIMIT :limit")
                .bind("limit", limit).map(BulkInvitationStore::map).list());
    }

    /** The newest run not yet finished, if any. */
    Optional<Job> unfinished() {
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT * FROM bulk_invitation_jobs WHERE state IN ('QUEUED', 'RUNNING')
                        ORDER BY created_at DESC LIMIT 1""")
                .map(BulkInvitationStore::map).findOne());
    }

    /** Runs left unfinished by an instance that died: whoever holds the lease now knows they are not running. */
    void interruptOthers(String runningId) {
        jdbi.useHandle(h -> h.createUpdate("""
                        UPDATE bulk_invitation_jobs SET state = 'INTERRUPTED', updated_at = :now
                        WHERE state IN ('QUEUED', 'RUNNING') AND id <> :id""")
                .bind("now", clock.instant()).bind("id", runningId).execute());
    }

    void markRunning(String id) {
        update(id, "state = 'RUNNING'");
    }

    void setTotal(String id, int total) {
        jdbi.useHandle(h -> h.createUpdate(
                        "UPDATE bulk_invitation_jobs SET total = :total, updated_at = :now WHERE id = :id")
                .bind("total", total).bind("now", clock.instant()).bind("id", id).execute());
    }

    void count(String id, Counter counter) {
        String column = switch (counter) {
            case SENT -> "sent";
            case SKIPPED -> "skipped";
            case FAILED -> "failed";
        };
        update(id, column + " = " + column + " + 1");
    }

    void finish(String id, State state, String reference) {
        jdbi.useHandle(h -> h.createUpdate("""
                        UPDATE bulk_invitation_jobs SET state = :state, reference = :reference, updated_at = :now
                        WHERE id = :id""")
                .bind("state", state.name()).bind("reference", reference).bind("now", clock.instant())
                .bind("id", id).execute());
    }

    private void update(String id, String assignment) {
        // assignment is one of the constant fragments above, never request input.
        jdbi.useHandle(h -> h.createUpdate("UPDATE bulk_invitation_jobs SET " + assignment
                        + ", updated_at = :now WHERE id = :id")
                .bind("now", clock.instant()).bind("id", id).execute());
    }

    private static Job map(ResultSet rs, StatementContext ctx) throws SQLException {
        int total = rs.getInt("total");
        Integer knownTotal = rs.wasNull() ? null : total;
        return new Job(rs.getString("id"), rs.getString("created_by"), State.valueOf(rs.getString("state")),
                knownTotal, rs.getInt("sent"), rs.getInt("skipped"), rs.getInt("failed"), rs.getString("reference"),
                instant(rs, "created_at"), instant(rs, "updated_at"));
    }
}
