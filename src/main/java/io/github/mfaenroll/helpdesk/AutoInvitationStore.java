package io.github.mfaenroll.helpdesk;

import static io.github.mfaenroll.store.Rows.instant;

import io.github.mfaenroll.iam.AccountId;
import io.github.mfaenroll.iam.AccountUser;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

/**
 * What invitations that send themselves remember: when the feature was first turned on, and one row per user it dealt
 * with. The row is the claim that makes a send happen once: it is committed in state SENDING before the mail goes
 * out, and only a row in a state that may be retried can be claimed again. Plain INSERT and conditional UPDATE (a
 * unique violation is the loser's answer), so it behaves the same on H2 and PostgreSQL.
 */
public record AutoInvitationStore(Jdbi jdbi, Clock clock) {

    /** Where one user stands. {@code listed}: the helpdesk home lists the user for a link sent by hand. */
    public enum State {
        /** Claimed, the mail is on its way (or the instance died while sending it: then UNCONFIRMED at the next run). */
        SENDING(false),
        SENT(false),
        /** The mail failed; the link was withdrawn; the next run tries again, up to a bound. */
        FAILED(false),
        /** The mail failed every time it was tried. */
        GAVE_UP(true),
        /** The user has no email tag: nobody to mail. Looked at again every run, so setting the tag is enough. */
        NO_ADDRESS(true),
        /** A protected or administrator's user: only an administrator sends their link, by hand. */
        PROTECTED(true),
        /** A send was started and never finished (the instance stopped): it may or may not have arrived. */
        UNCONFIRMED(true),
        /** The user no longer needs an invitation: MFA now, no console password, deleted, or invited by a person. */
        RESOLVED(false);

        private final boolean listed;

        State(boolean listed) {
            this.listed = listed;
        }

        public boolean listed() {
            return listed;
        }

        /** The message key that explains the state to the helpdesk. */
        public String messageKey() {
            return "helpdesk.auto_invite.state." + name().toLowerCase(Locale.ROOT);
        }
    }

    /** One user the feature dealt with. */
    public record Entry(AccountUser user, State state, int attempts, String linkId, Instant userCreatedAt,
                        Instant firstSeenAt, Instant updatedAt) {
    }

    /**
     * When the feature was first turned on: the stored moment, or {@code now} (to the second, as IAM's creation times
     * are) stored when there is none. Never moved afterwards, so a restart or an off/on cycle keeps it.
     */
    public Instant turnedOnAt(Instant now) {
        Optional<Instant> stored = turnedOnAt();
        if (stored.isPresent()) {
            return stored.get();
        }
        try {
            jdbi.useHandle(h -> h.createUpdate(
                            "INSERT INTO auto_invite_baseline (id, turned_on_at) VALUES (1, :at)")
                    .bind("at", now.truncatedTo(ChronoUnit.SECONDS)).execute());
        } catch (UnableToExecuteStatementException e) {
            if (!isUniqueViolation(e)) {
                throw e;
            }
            // Another instance stored it first: its moment stands.
        }
        return turnedOnAt().orElseThrow();
    }

    /** When the feature was first turned on; empty while it never was. */
    public Optional<Instant> turnedOnAt() {
        return jdbi.withHandle(h -> h.createQuery("SELECT turned_on_at FROM auto_invite_baseline WHERE id = 1")
                .map((rs, ctx) -> instant(rs, "turned_on_at")).findOne());
    }

    public Optional<Entry> find(AccountUser user) {
        return jdbi.withHandle(h -> h.createQuery(
                        "SELECT * FROM auto_invitations WHERE account_id = :account AND iam_user = :user")
                .bind("account", user.account().value()).bind("user", user.name())
                .map(AutoInvitationStore::map).findOne());
    }

    /**
     * Claims the user for one send: a new row in SENDING, or a row in FAILED, NO_ADDRESS or RESOLVED moved to SENDING,
     * with one more attempt (SENT, UNCONFIRMED, GAVE_UP and PROTECTED are never claimed: at most one invitation per
     * user, and none a person must decide on). True only for the caller whose statement changed the row; the claim is committed before
     * this returns, so nobody else can claim it until it leaves SENDING.
     */
    public boolean claim(AccountUser user, Instant userCreatedAt) {
        Instant now = clock.instant();
        int moved = jdbi.withHandle(h -> h.createUpdate("""
                        UPDATE auto_invitations SET state = 'SENDING', attempts = attempts + 1, updated_at = :now
                        WHERE account_id = :account AND iam_user = :user
                          AND state IN ('FAILED', 'NO_ADDRESS', 'RESOLVED')""")
                .bind("now", now).bind("account", user.account().value()).bind("user", user.name()).execute());
        if (moved == 1) {
            return true;
        }
        return insert(user, State.SENDING, 1, userCreatedAt, now);
    }

    /** Ends a send: SENT (with the link), FAILED or GAVE_UP. Only a row in SENDING moves. */
    public void finish(AccountUser user, State state, String linkId) {
        jdbi.useHandle(h -> h.createUpdate("""
                        UPDATE auto_invitations SET state = :state, link_id = :link, updated_at = :now
                        WHERE account_id = :account AND iam_user = :user AND state = 'SENDING'""")
                .bind("state", state.name()).bind("link", linkId).bind("now", clock.instant())
                .bind("account", user.account().value()).bind("user", user.name()).execute());
    }

    /**
     * Records a state reached without a send (NO_ADDRESS, PROTECTED, UNCONFIRMED, RESOLVED; SENT for a send cut short
     * whose user has MFA now) from any state but SENT.
     * True when the user's state changed (the caller audits changes, not every run that sees the same thing).
     */
    public boolean note(AccountUser user, State state, Instant userCreatedAt) {
        Instant now = clock.instant();
        int moved = jdbi.withHandle(h -> h.createUpdate("""
                        UPDATE auto_invitations SET state = :state, updated_at = :now
                        WHERE account_id = :account AND iam_user = :user AND state <> :state AND state <> 'SENT'""")
                .bind("state", state.name()).bind("now", now)
                .bind("account", user.account().value()).bind("user", user.name()).execute());
        if (moved == 1) {
            return true;
        }
        return find(user).isEmpty() && insert(user, state, 0, userCreatedAt, now);
    }

    /** The users the helpdesk should send a link to by hand, oldest first. */
    public List<Entry> listedForHelpdesk(int limit) {
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT * FROM auto_invitations WHERE state IN ('GAVE_UP', 'NO_ADDRESS', 'PROTECTED', 'UNCONFIRMED')
                        ORDER BY first_seen_at, account_id, iam_user LIMIT :limit""")
                .bind("limit", limit).map(AutoInvitationStore::map).list());
    }

    /** The account's users in a state that waits for something (listed, or FAILED awaiting its retry). */
    public List<Entry> waiting(AccountId account) {
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT * FROM auto_invitations WHERE account_id = :account
                          AND state IN ('FAILED', 'GAVE_UP', 'NO_ADDRESS', 'PROTECTED', 'UNCONFIRMED')""")
                .bind("account", account.value()).map(AutoInvitationStore::map).list());
    }

    /** Users left in SENDING: at the start of a run (the lease holder's) they are sends an instance never finished. */
    public List<Entry> unfinished() {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM auto_invitations WHERE state = 'SENDING'")
                .map(AutoInvitationStore::map).list());
    }

    private boolean insert(AccountUser user, State state, int attempts, Instant userCreatedAt, Instant now) {
        try {
            jdbi.useHandle(h -> h.createUpdate("""
                            INSERT INTO auto_invitations (account_id, iam_user, state, attempts, user_created_at,
                                                          first_seen_at, updated_at)
                            VALUES (:account, :user, :state, :attempts, :created, :now, :now)""")
                    .bind("account", user.account().value()).bind("user", user.name()).bind("state", state.name())
                    .bind("attempts", attempts).bind("created", userCreatedAt).bind("now", now).execute());
            return true;
        } catch (UnableToExecuteStatementException e) {
            if (!isUniqueViolation(e)) {
                throw e;
            }
            // The primary key: someone else's row exists (a second instance, or a run that already dealt with them).
            return false;
        }
    }

    /** SQLState 23505 is a unique violation on PostgreSQL and H2 alike. */
    private static boolean isUniqueViolation(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && "23505".equals(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    private static Entry map(ResultSet rs, StatementContext ctx) throws SQLException {
        return new Entry(AccountUser.of(rs.getString("account_id"), rs.getString("iam_user")),
                State.valueOf(rs.getString("state")), rs.getInt("attempts"), rs.getString("link_id"),
                instant(rs, "user_created_at"), instant(rs, "first_seen_at"), instant(rs, "updated_at"));
    }
}
