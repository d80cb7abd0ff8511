package io.github.mfaenroll.audit;

import java.time.Clock;
import java.util.List;
import org.jdbi.v3.core.Jdbi;

/**
 * Appends to and reads the audit trail. There is deliberately no update or delete: the table is append-only as
 * far as the application is concerned.
 */
public record AuditLog(Jdbi jdbi, Clock clock) {

    public void record(String actor, String subject, AuditAction action, AuditEntry.Outcome outcome, String detail) {
        record(actor, subject, action, outcome, detail, null);
    }

    public void record(String actor, String subject, AuditAction action, AuditEntry.Outcome outcome, String detail,
                       String reference) {
        jdbi.useHandle(h -> h.createUpdate("""
                        INSERT INTO audit_log (occurred_at, actor, subject, action, outcome, detail, reference)
                        VALUES (:at, :actor, :subject, :action, :outcome, :detail, :reference)""")
                .bind("at", clock.instant())
                .bind("actor", actor)
                .bind("subject", subject)
                .bind("action", action.name())
                .bind("outcome", outcome.name())
                .bind("detail", detail)
                .bind("reference", reference)
                .execute());
    }

    /** The entries about one IAM user, newest first. */
    public List<AuditEntry> forSubject(String subject, int limit) {
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT * FROM audit_log WHERE subject = :subject ORDER BY id DESC LIMIT :limit""")
                .bind("subject", subject)
                .bind("limit", limit)
                .map(AuditLog::map)
                .list());
    }

    /** The latest entries across all subjects, newest first. */
    public List<AuditEntry> latest(int limit) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM audit_log ORDER BY id DESC LIMIT :limit")
                .bind("limit", limit)
                .map(AuditLog::map)
                .list());
    }

    private static AuditEntry map(java.sql.ResultSet rs, org.jdbi.v3.core.statement.StatementContext ctx)
            throws java.sql.SQLException {
        return new AuditEntry(rs.getLong("id"), rs.getTimestamp("occurred_at").toInstant(), rs.getString("actor"),
                rs.getString("subject"), AuditAction.valueOf(rs.getString("action")),
                AuditEntry.Outcome.valueOf(rs.getString("outcome")), rs.getString("detail"),
                rs.getString("reference"));
    }
}
