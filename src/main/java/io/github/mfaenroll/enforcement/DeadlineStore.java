package io.github.mfaenroll.enforcement;

import static io.github.mfaenroll.store.Rows.instant;

import io.github.mfaenroll.iam.AccountUser;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

/**
 * Enroll-by deadlines, one per IAM user. Sending a reminder is claimed with one conditional update, so two instances
 * (or two runs) never both send one on the same day.
 */
public record DeadlineStore(Jdbi jdbi, Clock clock) {

    /** Sets (or moves) the user's deadline. Forgets that MFA was seen: the helpdesk wants them reminded again. */
    public void set(AccountUser iamUser, LocalDate enrollBy, String setBy) {
        if (update(iamUser, enrollBy, setBy)) {
            return;
        }
        try {
            jdbi.useHandle(h -> h.createUpdate("""
                            INSERT INTO enrollment_deadlines (account_id, iam_user, enroll_by, set_by, set_at)
                            VALUES (:account, :user, :enrollBy, :setBy, :now)""")
                    .bind("account", iamUser.account().value()).bind("user", iamUser.name()).bind("enrollBy", enrollBy).bind("setBy", setBy)
                    .bind("now", clock.instant()).execute());
        } catch (UnableToExecuteStatementException e) {
            // Someone set it a moment ago: the last writer wins, as with the update.
            if (!update(iamUser, enrollBy, setBy)) {
                throw e;
            }
        }
    }

    private boolean update(AccountUser iamUser, LocalDate enrollBy, String setBy) {
        return jdbi.withHandle(h -> h.createUpdate("""
                        UPDATE enrollment_deadlines SET enroll_by = :enrollBy, set_by = :setBy, set_at = :now,
                               mfa_seen_at = NULL WHERE account_id = :account AND iam_user = :user""")
                .bind("account", iamUser.account().value()).bind("user", iamUser.name()).bind("enrollBy", enrollBy).bind("setBy", setBy).bind("now", clock.instant())
                .execute()) == 1;
    }

    /** Removes the user's deadline; false when there was none. */
    public boolean clear(AccountUser iamUser) {
        return jdbi.withHandle(h -> h.createUpdate("DELETE FROM enrollment_deadlines WHERE account_id = :account AND iam_user = :user")
                .bind("account", iamUser.account().value()).bind("user", iamUser.name()).execute()) == 1;
    }

    public Optional<Deadline> find(AccountUser iamUser) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM enrollment_deadlines WHERE account_id = :account AND iam_user = :user")
                .bind("account", iamUser.account().value()).bind("user", iamUser.name()).map(DeadlineStore::map).findOne());
    }

    /** Every deadline, soonest first. */
    public List<Deadline> all() {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM enrollment_deadlines ORDER BY enroll_by, iam_user, account_id")
                .map(DeadlineStore::map).list());
    }

    /**
     * Deadlines from {@code from} to {@code to} (inclusive) whose user was not seen with MFA and has had no reminder
     * since {@code since}.
     */
    public List<Deadline> dueForReminder(LocalDate from, LocalDate to, Instant since) {
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT * FROM enrollment_deadlines
                        WHERE enroll_by BETWEEN :from AND :to AND mfa_seen_at IS NULL
                          AND (last_reminder_at IS NULL OR last_reminder_at < :since)
                        ORDER BY enroll_by, iam_user, account_id""")
                .bind("from", from).bind("to", to).bind("since", since).map(DeadlineStore::map).list());
    }

    /** Takes today's reminder for the user: true for exactly one caller per {@code since}. */
    public boolean claimReminder(AccountUser iamUser, Instant since) {
        return jdbi.withHandle(h -> h.createUpdate("""
                        UPDATE enrollment_deadlines SET last_reminder_at = :now
                        WHERE account_id = :account AND iam_user = :user AND mfa_seen_at IS NULL
                          AND (last_reminder_at IS NULL OR last_reminder_at < :since)""")
                .bind("account", iamUser.account().value()).bind("user", iamUser.name()).bind("since", since).bind("now", clock.instant()).execute()) == 1;
    }

    /** Records that the user has MFA: no more reminders (or IAM look-ups) until the deadline is set again. */
    public void markMfaSeen(AccountUser iamUser) {
        jdbi.useHandle(h -> h.createUpdate("""
                        UPDATE enrollment_deadlines SET mfa_seen_at = :now WHERE account_id = :account AND iam_user = :user AND mfa_seen_at IS NULL""")
                .bind("account", iamUser.account().value()).bind("user", iamUser.name()).bind("now", clock.instant()).execute());
    }

    private static Deadline map(ResultSet rs, StatementContext ctx) throws SQLException {
        return new Deadline(AccountUser.of(rs.getString("account_id"), rs.getString("iam_user")), rs.getObject("enroll_by", LocalDate.class),
                rs.getString("set_by"), instant(rs, "set_at"), instant(rs, "last_reminder_at"),
                instant(rs, "mfa_seen_at"));
    }
}
