package io.github.mfaenroll.helpdesk;

import static io.github.mfaenroll.store.Rows.instant;

import io.github.mfaenroll.audit.Actors;
import io.github.mfaenroll.iam.AccountId;
import io.github.mfaenroll.iam.AccountUser;
import io.github.mfaenroll.store.UniqueViolation;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
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

    /**
     * A row the helpdesk should see: listed, and nobody sent the person a link by hand since it was listed (the page
     * says doing so is enough). Bound: {@code :auto}, the feature's own actor.
     */
    private static final String LISTED_NOW = """
            a.state IN ('GAVE_UP', 'NO_ADDRESS', 'BAD_ADDRESS', 'PROTECTED', 'UNCONFIRMED')
            AND NOT EXISTS (SELECT 1 FROM link_tokens l WHERE l.account_id = a.account_id AND l.iam_user = a.iam_user
                            AND l.issued_by <> :auto AND l.created_at >= a.updated_at)""";

    /** Where one user stands. {@code listed}: the helpdesk home lists the user for a link sent by hand. */
    public enum State {
        /** Claimed, the mail is on its way (or the instance died while sending it: then UNCONFIRMED at the next run). */
        SENDING(false),
        SENT(false),
        /** The mail failed before the server took it; the link was withdrawn; tried again once a day, up to a bound. */
        FAILED(false),
        /** The mail failed every time it was tried. */
        GAVE_UP(true),
        /** The user has no email tag: nobody to mail. Looked at again once a day, so setting the tag is enough. */
        NO_ADDRESS(true),
        /** The user's email tag is not one valid address: nothing is sent until it is corrected. Looked at every run. */
        BAD_ADDRESS(true),
        /** A protected or administrator's user: only an administrator sends their link, by hand. */
        PROTECTED(true),
        /**
         * The mail may or may not have arrived: its link was issued and the instance stopped, or the server never
         * confirmed the message it was handed. Never sent again.
         */
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
                        Instant firstSeenAt, Instant updatedAt, Instant checkedAt) {
    }

    /**
     * The feature's baseline: when it was first turned on, whether users IAM created before that are still to be
     * invited (MFA_AUTO_INVITE_EXISTING as it was then, until a run reached every account), and when any instance last
     * started a run.
     */
    public record Baseline(Instant turnedOnAt, boolean inviteExisting, Instant lastRunAt) {
    }

    /**
     * The stored baseline, or one stored now ({@code now} cut to the second, as IAM's creation times are) when there
     * is none. Never moved afterwards, so a restart or an off/on cycle keeps it; {@code inviteExisting} counts only
     * when this call stores it.
     */
    public Baseline baseline(Instant now, boolean inviteExisting) {
        Optional<Baseline> stored = baseline();
        if (stored.isPresent()) {
            return stored.get();
        }
        try {
            jdbi.useHandle(h -> h.createUpdate("""
                            INSERT INTO auto_invite_baseline (id, turned_on_at, invite_existing)
                            VALUES (1, :at, :existing)""")
                    .bind("at", now.truncatedTo(ChronoUnit.SECONDS)).bind("existing", inviteExisting).execute());
        } catch (UnableToExecuteStatementException e) {
            if (!UniqueViolation.causedBy(e)) {
                throw e;
            }
            // Another instance stored it first: its moment stands.
        }
        return baseline().orElseThrow();
    }

    /** The baseline; empty while the feature was never turned on. */
    public Optional<Baseline> baseline() {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM auto_invite_baseline WHERE id = 1")
                .map((rs, ctx) -> new Baseline(instant(rs, "turned_on_at"), rs.getBoolean("invite_existing"),
                        instant(rs, "last_run_at")))
                .findOne());
    }

    /**
     * Records that a run starts now, unless any instance started one less than {@code interval} ago: one conditional
     * update, so of several instances due at once exactly one is told to run. False: not due.
     */
    public boolean startRun(Instant now, Duration interval) {
        return jdbi.withHandle(h -> h.createUpdate("""
                        UPDATE auto_invite_baseline SET last_run_at = :now
                        WHERE id = 1 AND (last_run_at IS NULL OR last_run_at <= :due)""")
                .bind("now", now).bind("due", now.minus(interval)).execute()) == 1;
    }

    /** The users created before the baseline were dealt with (a run reached every account): never again. */
    public void existingInvited() {
        jdbi.useHandle(h -> h.createUpdate("UPDATE auto_invite_baseline SET invite_existing = FALSE WHERE id = 1")
                .execute());
    }

    public Optional<Entry> find(AccountUser user) {
        return jdbi.withHandle(h -> h.createQuery(
                        "SELECT * FROM auto_invitations WHERE account_id = :account AND iam_user = :user")
                .bind("account", user.account().value()).bind("user", user.name())
                .map(AutoInvitationStore::map).findOne());
    }

    /**
     * Claims the user for one send: a new row in SENDING, or a row in FAILED, NO_ADDRESS, BAD_ADDRESS or RESOLVED moved to SENDING,
     * with one more attempt (SENT, UNCONFIRMED, GAVE_UP and PROTECTED are never claimed: at most one invitation per
     * user, and none a person must decide on). True only for the caller whose statement changed the row; the claim is committed before
     * this returns, so nobody else can claim it until it leaves SENDING.
     */
    public boolean claim(AccountUser user, Instant userCreatedAt) {
        Instant now = clock.instant();
        int moved = jdbi.withHandle(h -> h.createUpdate("""
                        UPDATE auto_invitations SET state = 'SENDING', attempts = attempts + 1, updated_at = :now
                        WHERE account_id = :account AND iam_user = :user
                          AND state IN ('FAILED', 'NO_ADDRESS', 'BAD_ADDRESS', 'RESOLVED')""")
                .bind("now", now).bind("account", user.account().value()).bind("user", user.name()).execute());
        if (moved == 1) {
            return true;
        }
        return insert(user, State.SENDING, 1, userCreatedAt, now);
    }

    /** Ends a send: SENT (with the link), FAILED or GAVE_UP. Only a row in SENDING moves. */
    public void finish(AccountUser user, State state, String linkId) {
        jdbi.useHandle(h -> h.createUpdate("""
                        UPDATE auto_invitations SET state = :state, link_id = :link, updated_at = :now, checked_at = :now
                        WHERE account_id = :account AND iam_user = :user AND state = 'SENDING'""")
                .bind("state", state.name()).bind("link", linkId).bind("now", clock.instant())
                .bind("account", user.account().value()).bind("user", user.name()).execute());
    }

    /**
     * Records a state reached without a send (NO_ADDRESS, BAD_ADDRESS, PROTECTED, RESOLVED; SENT for a send cut short
     * whose user has MFA now) from any state but SENT and SENDING: a row in SENDING belongs to the send under way (or
     * to the next lease holder's {@link #sendingCutShort}), and moving it could make it claimable again.
     * True when the user's state changed (the caller audits changes, not every run that sees the same thing).
     */
    public boolean note(AccountUser user, State state, Instant userCreatedAt) {
        Instant now = clock.instant();
        int moved = jdbi.withHandle(h -> h.createUpdate("""
                        UPDATE auto_invitations SET state = :state, updated_at = :now, checked_at = :now
                        WHERE account_id = :account AND iam_user = :user AND state <> :state
                          AND state NOT IN ('SENT', 'SENDING')""")
                .bind("state", state.name()).bind("now", now)
                .bind("account", user.account().value()).bind("user", user.name()).execute());
        if (moved == 1) {
            return true;
        }
        // Unchanged: only the look is recorded (it spaces out the next one), not a change of state.
        int same = jdbi.withHandle(h -> h.createUpdate("""
                        UPDATE auto_invitations SET checked_at = :now
                        WHERE account_id = :account AND iam_user = :user AND state = :state""")
                .bind("state", state.name()).bind("now", now)
                .bind("account", user.account().value()).bind("user", user.name()).execute());
        // No row in this state: a first row, unless the user already has one (in SENT or SENDING), which insert leaves.
        return same == 0 && insert(user, state, 0, userCreatedAt, now);
    }

    /**
     * Ends a send that was cut short (an instance stopped mid-send; only the lease holder calls this): {@code state}
     * is UNCONFIRMED when its link was issued (it may have been mailed) or FAILED/GAVE_UP when not (nothing went out).
     * Only a row still in SENDING moves (looked at again by the next run, not a day later); true when this call moved
     * it.
     */
    public boolean sendingCutShort(AccountUser user, State state) {
        return jdbi.withHandle(h -> h.createUpdate("""
                        UPDATE auto_invitations SET state = :state, updated_at = :now, checked_at = NULL
                        WHERE account_id = :account AND iam_user = :user AND state = 'SENDING'""")
                .bind("state", state.name()).bind("now", clock.instant())
                .bind("account", user.account().value()).bind("user", user.name()).execute()) == 1;
    }

    /**
     * Listed users whom a person sent a link since they were listed: RESOLVED (off the list; the person's link keeps
     * the feature from ever mailing them). Returns how many.
     */
    public int resolveInvitedByPeople() {
        return jdbi.withHandle(h -> h.createUpdate("""
                        UPDATE auto_invitations a SET state = 'RESOLVED', updated_at = :now
                        WHERE a.state IN ('GAVE_UP', 'NO_ADDRESS', 'BAD_ADDRESS', 'PROTECTED', 'UNCONFIRMED')
                          AND NOT (""" + LISTED_NOW + ")")
                .bind("now", clock.instant()).bind("auto", Actors.AUTO_INVITE).execute());
    }

    /** How many users wait for the helpdesk in all: the first page lists some, and says how many more there are. */
    public int countListedForHelpdesk() {
        return jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM auto_invitations a WHERE " + LISTED_NOW)
                .bind("auto", Actors.AUTO_INVITE).mapTo(Integer.class).one());
    }

    /** The users the helpdesk should send a link to by hand, oldest first. */
    public List<Entry> listedForHelpdesk(int limit) {
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT * FROM auto_invitations a WHERE\s""" + LISTED_NOW
                        + " ORDER BY first_seen_at, account_id, iam_user LIMIT :limit")
                .bind("auto", Actors.AUTO_INVITE).bind("limit", limit).map(AutoInvitationStore::map).list());
    }

    /** The account's users in a state that waits for something (listed, or FAILED awaiting its retry). */
    public List<Entry> waiting(AccountId account) {
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT * FROM auto_invitations WHERE account_id = :account
                          AND state IN ('FAILED', 'GAVE_UP', 'NO_ADDRESS', 'BAD_ADDRESS', 'PROTECTED', 'UNCONFIRMED')""")
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
                                                          first_seen_at, updated_at, checked_at)
                            VALUES (:account, :user, :state, :attempts, :created, :now, :now, :now)""")
                    .bind("account", user.account().value()).bind("user", user.name()).bind("state", state.name())
                    .bind("attempts", attempts).bind("created", userCreatedAt).bind("now", now).execute());
            return true;
        } catch (UnableToExecuteStatementException e) {
            if (!UniqueViolation.causedBy(e)) {
                throw e;
            }
            // The primary key: someone else's row exists (a second instance, or a run that already dealt with them).
            return false;
        }
    }

    private static Entry map(ResultSet rs, StatementContext ctx) throws SQLException {
        return new Entry(AccountUser.of(rs.getString("account_id"), rs.getString("iam_user")),
                State.valueOf(rs.getString("state")), rs.getInt("attempts"), rs.getString("link_id"),
                instant(rs, "user_created_at"), instant(rs, "first_seen_at"), instant(rs, "updated_at"),
                instant(rs, "checked_at"));
    }
}
