package io.github.mfaenroll.audit;

import io.github.mfaenroll.iam.AccountUser;
import java.time.Clock;
import java.util.List;
import org.jdbi.v3.core.Jdbi;

/**
 * Appends to and reads the audit trail. There is deliberately no update or delete: the table is append-only as
 * far as the application is concerned.
 */
public record AuditLog(Jdbi jdbi, Clock clock) {

    /** An entry about no IAM user: {@code subject} is a staff member, or null. */
    public void record(String actor, String subject, AuditAction action, AuditEntry.Outcome outcome, String detail) {
        record(actor, subject, action, outcome, detail, null);
    }

    /** As {@link #record(String, String, AuditAction, AuditEntry.Outcome, String)}, with an error page's reference. */
    public void record(String actor, String subject, AuditAction action, AuditEntry.Outcome outcome, String detail,
                       String reference) {
        insert(actor, null, subject, action, outcome, detail, reference);
    }

    /** An entry about an IAM user (null: about nobody). */
    public void recordOnUser(String actor, AccountUser user, AuditAction action, AuditEntry.Outcome outcome,
                             String detail) {
        recordOnUser(actor, user, action, outcome, detail, null);
    }

    /** As {@link #recordOnUser(String, AccountUser, AuditAction, AuditEntry.Outcome, String)}, with a reference. */
    public void recordOnUser(String actor, AccountUser user, AuditAction action, AuditEntry.Outcome outcome,
                             String detail, String reference) {
        insert(actor, user == null ? null : user.account().value(), user == null ? null : user.name(), action,
                outcome, detail, reference);
    }

    private void insert(String actor, String account, String subject, AuditAction action, AuditEntry.Outcome outcome,
                        String detail, String reference) {
        jdbi.useHandle(h -> h.createUpdate("""
                        INSERT INTO audit_log (occurred_at, actor, account_id, subject, action, outcome, detail,
                            reference)
                        VALUES (:at, :actor, :account, :subject, :action, :outcome, :detail, :reference)""")
                .bind("at", clock.instant())
                .bind("actor", actor)
                .bind("account", account)
                .bind("subject", subject)
                .bind("action", action.name())
                .bind("outcome", outcome.name())
                .bind("detail", detail)
                .bind("reference", reference)
                .execute());
    }

    /** The entries about one IAM user, newest first. */
    public List<AuditEntry> forUser(AccountUser user, int limit) {
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT * FROM audit_log WHERE account_id = :account AND subject = :subject
                        ORDER BY id DESC LIMIT :limit""")
                .bind("account", user.account().value())
                .bind("subject", user.name())
                .bind("limit", limit)
                .map(AuditLog::map)
                .list());
    }

    /** The entries about one staff member (or other subject that is no IAM user), newest first. */
    public List<AuditEntry> forStaff(String subject, int limit) {
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT * FROM audit_log WHERE account_id IS NULL AND subject = :subject
                        ORDER BY id DESC LIMIT :limit""")
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
                rs.getString("account_id"), rs.getString("subject"), AuditAction.valueOf(rs.getString("action")),
                AuditEntry.Outcome.valueOf(rs.getString("outcome")), rs.getString("detail"),
                rs.getString("reference"));
    }
}
