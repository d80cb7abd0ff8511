package io.github.mfaenroll.identity;

import static io.github.mfaenroll.store.Rows.instant;

import io.github.mfaenroll.iam.AccountUser;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/**
 * Server-side sessions in the database, so several instances share them. The cookie carries a random 256-bit id;
 * the table holds only its SHA-256. A session ends after {@code idleTimeout} without a request or
 * {@code absoluteTimeout} after sign-in, whichever comes first.
 */
public final class Sessions {

    private static final Duration TOUCH_GRANULARITY = Duration.ofSeconds(30);

    private final Jdbi jdbi;
    private final SecretTokens tokens;
    private final Clock clock;
    private final Duration idleTimeout;
    private final Duration absoluteTimeout;

    public Sessions(Jdbi jdbi, SecretTokens tokens, Clock clock, Duration idleTimeout, Duration absoluteTimeout) {
        this.jdbi = jdbi;
        this.tokens = tokens;
        this.clock = clock;
        this.idleTimeout = idleTimeout;
        this.absoluteTimeout = absoluteTimeout;
    }

    /** A new session and the cookie value that refers to it (the caller sets the cookie, never logs it). */
    public record Started(String cookieValue, Session session) {
        @Override
        public String toString() {
            return "Started[" + session + "]";
        }
    }

    /** Starts a session with a fresh id (never reusing one the browser brought: no fixation). */
    public Started start(String principal, Role role, AccountUser user) {
        return start(principal, role, user, false, null);
    }

    /**
     * Starts the session of a claimed link. It may also add a device to a user who already has MFA when
     * {@code allowAdditionalDevice} (only for links on which a helpdesk member allowed it); {@code tagAddress} is the
     * address in the user's email tag the link's invitation went to, or null.
     */
    public Started start(String principal, Role role, AccountUser user, boolean allowAdditionalDevice,
                         String tagAddress) {
        return start(principal, role, user, allowAdditionalDevice, false, tagAddress, List.of());
    }

    /**
     * Starts a session of a company sign-in: signing out of it ends the provider's session too. {@code tagAddress}:
     * the user's email tag when the sign-in matched the person by it, else null. {@code boundUsers}: every IAM user
     * the sign-in matched (several accounts may hold one for the same person), {@code user} the one to start with.
     */
    public Started startCompanySignIn(String principal, Role role, AccountUser user, String tagAddress,
                                      List<AccountUser> boundUsers) {
        return start(principal, role, user, false, true, tagAddress, boundUsers);
    }

    private Started start(String principal, Role role, AccountUser user, boolean allowAdditionalDevice,
                          boolean companySignIn, String tagAddress, List<AccountUser> boundUsers) {
        String cookieValue = tokens.newToken();
        Instant now = clock.instant();
        Session session = new Session(SecretTokens.sha256(cookieValue), tokens.newToken(), tokens.newToken(),
                principal, role, user, now, now, now.plus(absoluteTimeout), null, allowAdditionalDevice,
                companySignIn, tagAddress, boundUsers);
        jdbi.useHandle(h -> h.createUpdate("""
                        INSERT INTO sessions (id_hash, session_key, csrf_token, principal, role, account_id, iam_user,
                                              created_at, last_seen_at, expires_at, allow_additional_device,
                                              company_sign_in, tag_address, bound_users)
                        VALUES (:idHash, :key, :csrfToken, :principal, :role, :accountId, :iamUser, :createdAt,
                                :lastSeenAt, :expiresAt, :allowAdditionalDevice, :companySignIn, :tagAddress,
                                :boundUsers)""")
                .bindMethods(session)
                .bind("role", role.name())
                .bind("accountId", user == null ? null : user.account().value())
                .bind("iamUser", user == null ? null : user.name())
                .bind("boundUsers", boundUsersColumn(session.boundUsers()))
                .execute());
        return new Started(cookieValue, session);
    }

    /** The live session for a cookie value, refreshing its idle timer; empty when unknown or timed out. */
    public Optional<Session> find(String cookieValue) {
        if (!SecretTokens.plausible(cookieValue)) {
            return Optional.empty();
        }
        String idHash = SecretTokens.sha256(cookieValue);
        Optional<Session> found = jdbi.withHandle(h -> h.createQuery("SELECT * FROM sessions WHERE id_hash = :id")
                .bind("id", idHash)
                .map((rs, ctx) -> new Session(rs.getString("id_hash"), rs.getString("session_key"),
                        rs.getString("csrf_token"),
                        rs.getString("principal"), Role.valueOf(rs.getString("role")), userOf(rs),
                        instant(rs, "created_at"), instant(rs, "last_seen_at"), instant(rs, "expires_at"),
                        rs.getString("flash"), rs.getBoolean("allow_additional_device"), rs.getBoolean("company_sign_in"),
                        rs.getString("tag_address"), boundUsersOf(rs.getString("bound_users"))))
                .findOne());
        Instant now = clock.instant();
        if (found.isEmpty()) {
            return found;
        }
        Session session = found.get();
        if (!now.isBefore(session.expiresAt()) || !now.isBefore(session.lastSeenAt().plus(idleTimeout))) {
            end(cookieValue);
            return Optional.empty();
        }
        // Writing on every request would turn each page view into a write; a coarse touch is enough for idle expiry.
        if (session.lastSeenAt().plus(TOUCH_GRANULARITY).isBefore(now)) {
            jdbi.useHandle(h -> h.createUpdate("UPDATE sessions SET last_seen_at = :now WHERE id_hash = :id")
                    .bind("now", now).bind("id", idHash).execute());
        }
        return found;
    }

    /**
     * Replaces the session's id (and CSRF token) while keeping who it belongs to, e.g. after an MFA device is bound:
     * an id observed before the privilege change is useless after it. Empty when the session is gone.
     */
    public Optional<Started> rotate(String cookieValue) {
        return find(cookieValue).map(old -> {
            String newCookie = tokens.newToken();
            Session renewed = new Session(SecretTokens.sha256(newCookie), old.key(), tokens.newToken(),
                    old.principal(), old.role(), old.user(), old.createdAt(), clock.instant(), old.expiresAt(), old.flash(),
                    old.allowAdditionalDevice(), old.companySignIn(), old.tagAddress(), old.boundUsers());
            jdbi.useTransaction(h -> {
                h.createUpdate("DELETE FROM sessions WHERE id_hash = :id").bind("id", old.idHash()).execute();
                h.createUpdate("""
                                INSERT INTO sessions (id_hash, session_key, csrf_token, principal, role, account_id,
                                                      iam_user, flash, created_at, last_seen_at, expires_at,
                                                      allow_additional_device, company_sign_in, tag_address,
                                                      bound_users)
                                VALUES (:idHash, :key, :csrfToken, :principal, :role, :accountId, :iamUser, :flash,
                                        :createdAt, :lastSeenAt, :expiresAt, :allowAdditionalDevice, :companySignIn,
                                        :tagAddress, :boundUsers)""")
                        .bindMethods(renewed)
                        .bind("role", renewed.role().name())
                        .bind("accountId", renewed.user() == null ? null : renewed.user().account().value())
                        .bind("iamUser", renewed.user() == null ? null : renewed.user().name())
                        .bind("boundUsers", boundUsersColumn(renewed.boundUsers()))
                        .execute();
            });
            return new Started(newCookie, renewed);
        });
    }

    /**
     * Ends every employee session of {@code iamUser} except the one with {@code keepKey}: a claimed link or a bound
     * device means whoever holds another session for that user (a forwarded link, an old tab) is out. Staff sessions
     * are not touched. Returns how many ended.
     */
    public int endOtherEmployeeSessions(AccountUser user, String keepKey) {
        return jdbi.withHandle(h -> h.createUpdate("""
                        DELETE FROM sessions WHERE role = :role AND session_key <> :keep AND (
                            (account_id = :account AND iam_user = :user) OR bound_users LIKE :bound ESCAPE '!')""")
                .bind("account", user.account().value()).bind("user", user.name())
                .bind("bound", boundPattern(user))
                .bind("role", Role.EMPLOYEE.name()).bind("keep", keepKey).execute());
    }

    /**
     * Ends every employee session of the user (a device was bound outside the wizard: whoever holds one of those
     * sessions did not prove holding it, and their view of the user's devices is out of date). Returns how many.
     */
    public int endEmployeeSessions(AccountUser user) {
        return jdbi.withHandle(h -> h.createUpdate("""
                        DELETE FROM sessions WHERE role = :role AND (
                            (account_id = :account AND iam_user = :user) OR bound_users LIKE :bound ESCAPE '!')""")
                .bind("account", user.account().value()).bind("user", user.name())
                .bind("bound", boundPattern(user))
                .bind("role", Role.EMPLOYEE.name()).execute());
    }

    /**
     * Switches the session to another of its bound users (a person matched in several accounts enrolls each in
     * turn). Returns the session as it is now; empty when {@code user} is not one of the session's bound users: a
     * request picks among them, it never names a user of its own.
     */
    public Optional<Session> switchUser(Session session, AccountUser user) {
        if (!session.boundUsers().contains(user)) {
            return Optional.empty();
        }
        jdbi.useHandle(h -> h.createUpdate(
                        "UPDATE sessions SET account_id = :account, iam_user = :user WHERE id_hash = :id")
                .bind("account", user.account().value()).bind("user", user.name()).bind("id", session.idHash())
                .execute());
        return Optional.of(new Session(session.idHash(), session.key(), session.csrfToken(), session.principal(),
                session.role(), user, session.createdAt(), session.lastSeenAt(), session.expiresAt(), session.flash(),
                session.allowAdditionalDevice(), session.companySignIn(), session.tagAddress(),
                session.boundUsers()));
    }

    private static AccountUser userOf(java.sql.ResultSet rs) throws java.sql.SQLException {
        String name = rs.getString("iam_user");
        return name == null ? null : AccountUser.of(rs.getString("account_id"), name);
    }

    /** The {@code bound_users} column's size. */
    private static final int BOUND_USERS_WIDTH = 4000;

    /**
     * Several bound users as one column: " ACCOUNT/NAME ACCOUNT/NAME " (spaces around each, for LIKE); else null.
     * A person matched in more accounts than the column holds (some 50) keeps the first ones, the current user among
     * them: a sign-in must not fail for having too many accounts.
     */
    private static String boundUsersColumn(List<AccountUser> users) {
        if (users.size() < 2) {
            return null;
        }
        StringBuilder column = new StringBuilder(" ");
        for (AccountUser user : users) {
            String entry = user.account().value() + "/" + user.name() + " ";
            if (column.length() + entry.length() > BOUND_USERS_WIDTH) {
                break;
            }
            column.append(entry);
        }
        return column.toString();
    }

    private static List<AccountUser> boundUsersOf(String column) {
        if (column == null || column.isBlank()) {
            return List.of();
        }
        List<AccountUser> users = new ArrayList<>();
        for (String entry : column.strip().split(" ")) {
            int slash = entry.indexOf('/');
            users.add(AccountUser.of(entry.substring(0, slash), entry.substring(slash + 1)));
        }
        return users;
    }

    /** Matches the user's entry in {@code bound_users}; '_' (allowed in IAM names) is a LIKE wildcard, so escaped. */
    private static String boundPattern(AccountUser user) {
        String entry = user.account().value() + "/" + user.name();
        return "% " + entry.replace("!", "!!").replace("_", "!_").replace("%", "!%") + " %";
    }

    /** Ends the session: the cookie becomes useless on every instance. */
    public void end(String cookieValue) {
        if (cookieValue == null) {
            return;
        }
        jdbi.useHandle(h -> h.createUpdate("DELETE FROM sessions WHERE id_hash = :id")
                .bind("id", SecretTokens.sha256(cookieValue)).execute());
    }

    /** Stores a one-shot message key for the next page (Post/Redirect/Get). Keys only: never user input. */
    public void setFlash(Session session, String messageKey) {
        jdbi.useHandle(h -> h.createUpdate("UPDATE sessions SET flash = :flash WHERE id_hash = :id")
                .bind("flash", messageKey).bind("id", session.idHash()).execute());
    }

    /** Returns and clears the session's flash message key, if any. */
    public Optional<String> takeFlash(Session session) {
        if (session.flash() == null) {
            return Optional.empty();
        }
        jdbi.useHandle(h -> h.createUpdate("UPDATE sessions SET flash = NULL WHERE id_hash = :id")
                .bind("id", session.idHash()).execute());
        return Optional.of(session.flash());
    }

    /** Sessions that have not timed out (for the metrics gauge). */
    public double countActive() {
        Instant now = clock.instant();
        return jdbi.withHandle(h -> h.createQuery(
                        "SELECT COUNT(*) FROM sessions WHERE expires_at > :now AND last_seen_at > :idleCutoff")
                .bind("now", now).bind("idleCutoff", now.minus(idleTimeout)).mapTo(Integer.class).one());
    }

    /** Deletes sessions past their absolute or idle timeout. Returns how many. */
    public int purgeExpired() {
        Instant now = clock.instant();
        return jdbi.withHandle(h -> h.createUpdate(
                        "DELETE FROM sessions WHERE expires_at <= :now OR last_seen_at <= :idleCutoff")
                .bind("now", now).bind("idleCutoff", now.minus(idleTimeout)).execute());
    }
}
