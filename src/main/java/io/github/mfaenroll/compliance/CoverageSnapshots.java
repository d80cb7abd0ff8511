package io.github.mfaenroll.compliance;

import io.github.mfaenroll.iam.AccountId;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

/**
 * Coverage over time: at most one {@link CoverageSnapshot} per account per day, in the database so every instance
 * draws the same chart. Recording a day that already has a row replaces its figures (the day's latest read wins).
 */
public final class CoverageSnapshots {

    private final Jdbi jdbi;
    private final Clock clock;

    public CoverageSnapshots(Jdbi jdbi, Clock clock) {
        this.jdbi = jdbi;
        this.clock = clock;
    }

    /** Today's (UTC) snapshot of the account from a report just read. */
    public void recordToday(AccountId account, ComplianceReport report) {
        record(CoverageSnapshot.of(account, today(), report));
    }

    /**
     * Inserts the day's row, or replaces its figures. An UPDATE then an INSERT rather than {@code MERGE} or
     * {@code ON CONFLICT}, which H2 and every supported PostgreSQL do not share; two instances inserting the same day at
     * once collide on the primary key, and the loser updates instead.
     */
    public void record(CoverageSnapshot snapshot) {
        if (update(snapshot)) {
            return;
        }
        try {
            jdbi.useHandle(h -> h.createUpdate("""
                            INSERT INTO coverage_snapshots (account_id, snapshot_day, with_console_password,
                                with_console_password_and_mfa, taken_at)
                            VALUES (:account, :day, :withPassword, :withMfa, :now)""")
                    .bind("account", snapshot.account().value()).bind("day", snapshot.day())
                    .bind("withPassword", snapshot.withConsolePassword())
                    .bind("withMfa", snapshot.withConsolePasswordAndMfa()).bind("now", clock.instant()).execute());
        } catch (UnableToExecuteStatementException e) {
            if (!update(snapshot)) {
                throw e;
            }
        }
    }

    private boolean update(CoverageSnapshot snapshot) {
        return jdbi.withHandle(h -> h.createUpdate("""
                        UPDATE coverage_snapshots SET with_console_password = :withPassword,
                               with_console_password_and_mfa = :withMfa, taken_at = :now
                        WHERE account_id = :account AND snapshot_day = :day""")
                .bind("account", snapshot.account().value()).bind("day", snapshot.day())
                .bind("withPassword", snapshot.withConsolePassword())
                .bind("withMfa", snapshot.withConsolePasswordAndMfa()).bind("now", clock.instant()).execute()) == 1;
    }

    /** The account's snapshots from {@code from} to {@code to} (inclusive), oldest first. */
    public List<CoverageSnapshot> between(AccountId account, LocalDate from, LocalDate to) {
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT * FROM coverage_snapshots
                        WHERE account_id = :account AND snapshot_day BETWEEN :from AND :to
                        ORDER BY snapshot_day""")
                .bind("account", account.value()).bind("from", from).bind("to", to)
                .map(CoverageSnapshots::map).list());
    }

    /** Every account's snapshots from {@code from} to {@code to} (inclusive), oldest first. */
    public List<CoverageSnapshot> between(LocalDate from, LocalDate to) {
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT * FROM coverage_snapshots WHERE snapshot_day BETWEEN :from AND :to
                        ORDER BY snapshot_day, account_id""")
                .bind("from", from).bind("to", to).map(CoverageSnapshots::map).list());
    }

    /** Whether the account has a snapshot for today (UTC): the daily job then leaves it alone. */
    public boolean hasToday(AccountId account) {
        LocalDate today = today();
        return !between(account, today, today).isEmpty();
    }

    /** Today in UTC: one calendar for every instance, whatever their time zones. */
    public LocalDate today() {
        return LocalDate.ofInstant(clock.instant(), java.time.ZoneOffset.UTC);
    }

    private static CoverageSnapshot map(ResultSet rs, StatementContext ctx) throws SQLException {
        return new CoverageSnapshot(new AccountId(rs.getString("account_id")),
                rs.getObject("snapshot_day", LocalDate.class), rs.getInt("with_console_password"),
                rs.getInt("with_console_password_and_mfa"));
    }
}
