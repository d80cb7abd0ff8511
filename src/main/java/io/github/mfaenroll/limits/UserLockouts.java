package io.github.mfaenroll.limits;

import static io.github.mfaenroll.store.Rows.instant;

import io.github.mfaenroll.audit.AuditAction;
import io.github.mfaenroll.audit.AuditEntry.Outcome;
import io.github.mfaenroll.audit.AuditLog;
import io.github.mfaenroll.iam.AccountUser;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Failed verifications per IAM user in any rolling hour, and the lockout they lead to (NIST SP 800-63B §5.2.2: at
 * most 100 failed attempts on one account). Wrong code pairs in the wizard and pairs IAM refused at resync both
 * count, across enrollments and devices. Reaching the limit locks the user out of enrolling and resyncing until the
 * lockout ends or a helpdesk member lifts it; the lockout is audited and the user is told by email (a second channel:
 * someone may be guessing at their codes). The counts live in the database, so every instance sees the same ones.
 */
public final class UserLockouts {

    /** An active lockout: since when, until when, and why (a short phrase, never a code). */
    public record Lockout(AccountUser user, Instant lockedAt, Instant lockedUntil, String reason) {
    }

    /** The window the failures are counted in. */
    public static final Duration WINDOW = Duration.ofHours(1);

    private static final Logger log = LoggerFactory.getLogger(UserLockouts.class);

    private final Jdbi jdbi;
    private final AuditLog audit;
    private final LockoutNotice notice;
    private final Clock clock;
    private final int maxFailures;
    private final Duration lockout;

    /**
     * @param maxFailures failed verifications allowed per user in any rolling hour; the one that reaches it locks
     * @param lockout how long a lockout lasts unless the helpdesk lifts it sooner
     * @param notice tells the person they were locked out
     */
    public UserLockouts(Jdbi jdbi, AuditLog audit, LockoutNotice notice, Clock clock,
                        int maxFailures, Duration lockout) {
        if (maxFailures < 1 || lockout.isNegative() || lockout.isZero()) {
            throw new IllegalArgumentException("maxFailures and lockout must be positive");
        }
        this.jdbi = jdbi;
        this.audit = audit;
        this.notice = notice;
        this.clock = clock;
        this.maxFailures = maxFailures;
        this.lockout = lockout;
    }

    public int maxFailures() {
        return maxFailures;
    }

    /** The user's lockout, if one is active now. */
    public Optional<Lockout> active(AccountUser user) {
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT * FROM user_lockouts
                        WHERE account_id = :account AND iam_user = :user AND lifted_at IS NULL AND locked_until > :now""")
                .bind("account", user.account().value()).bind("user", user.name()).bind("now", clock.instant())
                .map((rs, ctx) -> new Lockout(AccountUser.of(rs.getString("account_id"), rs.getString("iam_user")), instant(rs, "locked_at"),
                        instant(rs, "locked_until"), rs.getString("reason")))
                .findOne());
    }

    /** Every active lockout, newest first. */
    public List<Lockout> activeLockouts() {
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT * FROM user_lockouts WHERE lifted_at IS NULL AND locked_until > :now
                        ORDER BY locked_at DESC""")
                .bind("now", clock.instant())
                .map((rs, ctx) -> new Lockout(AccountUser.of(rs.getString("account_id"), rs.getString("iam_user")), instant(rs, "locked_at"),
                        instant(rs, "locked_until"), rs.getString("reason")))
                .list());
    }

    /**
     * Counts one failed verification of the user. Returns true when the user is locked out now: this failure reached
     * the limit (the lockout is audited and the user mailed, once, by whichever instance made it) or a lockout was
     * already active.
     *
     * @param what which kind of failure, for the lockout's reason ("wrong code pairs", "resync codes refused by AWS")
     */
    public boolean recordFailure(AccountUser user, String what) {
        Instant now = clock.instant();
        int failures = jdbi.inTransaction(h -> {
            // Failures older than the window no longer count for anyone: drop them while we are writing anyway.
            h.createUpdate("DELETE FROM verification_failures WHERE failed_at <= :cutoff")
                    .bind("cutoff", now.minus(WINDOW)).execute();
            h.createUpdate("INSERT INTO verification_failures (account_id, iam_user, failed_at) VALUES (:account, :user, :now)")
                    .bind("account", user.account().value()).bind("user", user.name()).bind("now", now).execute();
            return h.createQuery("SELECT COUNT(*) FROM verification_failures WHERE account_id = :account AND iam_user = :user")
                    .bind("account", user.account().value()).bind("user", user.name()).mapTo(Integer.class).one();
        });
        if (failures < maxFailures) {
            return active(user).isPresent();
        }
        String reason = maxFailures + " failed verifications within an hour, the last one " + what;
        if (lock(user, now, reason)) {
            audit.recordOnUser("system", user, AuditAction.USER_LOCKED_OUT, Outcome.DENIED,
                    reason + "; enrolling and resyncing refused until " + now.plus(lockout)
                            + " unless the helpdesk lifts it");
            log.warn("User {} locked out after {} failed verifications within an hour", user, maxFailures);
            notice.lockedOut(user, now, now.plus(lockout));
        }
        return true;
    }

    /**
     * Lifts the user's active lockout; the failure count starts again at zero. Returns false when there was none.
     * Audited with the acting staff member.
     */
    public boolean lift(AccountUser user, String actor) {
        Instant now = clock.instant();
        int lifted = jdbi.inTransaction(h -> {
            int updated = h.createUpdate("""
                            UPDATE user_lockouts SET lifted_at = :now, lifted_by = :actor
                            WHERE account_id = :account AND iam_user = :user AND lifted_at IS NULL AND locked_until > :now""")
                    .bind("now", now).bind("actor", actor).bind("account", user.account().value()).bind("user", user.name()).execute();
            h.createUpdate("DELETE FROM verification_failures WHERE account_id = :account AND iam_user = :user").bind("account", user.account().value()).bind("user", user.name()).execute();
            return updated;
        });
        if (lifted == 0) {
            return false;
        }
        audit.recordOnUser(actor, user, AuditAction.LOCKOUT_LIFTED, Outcome.SUCCESS,
                "lockout lifted; the user may enroll and resync again");
        log.info("Lockout of user {} lifted by {}", user, actor);
        return true;
    }

    /**
     * Locks the user unless a lockout is already active; true when this call made the lockout. The user's failure
     * rows go with it, so after the lockout the count starts from zero.
     */
    private boolean lock(AccountUser user, Instant now, String reason) {
        Instant until = now.plus(lockout);
        for (int tries = 0; ; tries++) {
            try {
                return jdbi.inTransaction(h -> {
                    h.createUpdate("DELETE FROM verification_failures WHERE account_id = :account AND iam_user = :user")
                            .bind("account", user.account().value()).bind("user", user.name()).execute();
                    int renewed = h.createUpdate("""
                                    UPDATE user_lockouts SET locked_at = :now, locked_until = :until, reason = :reason,
                                        lifted_at = NULL, lifted_by = NULL
                                    WHERE account_id = :account AND iam_user = :user AND (lifted_at IS NOT NULL OR locked_until <= :now)""")
                            .bind("now", now).bind("until", until).bind("reason", reason).bind("account", user.account().value()).bind("user", user.name())
                            .execute();
                    if (renewed == 1) {
                        return true;
                    }
                    boolean exists = h.createQuery("SELECT COUNT(*) FROM user_lockouts WHERE account_id = :account AND iam_user = :user")
                            .bind("account", user.account().value()).bind("user", user.name()).mapTo(Integer.class).one() > 0;
                    if (exists) {
                        return false; // active already: locked by another request or instance
                    }
                    h.createUpdate("""
                                    INSERT INTO user_lockouts (account_id, iam_user, locked_at, locked_until, reason)
                                    VALUES (:account, :user, :now, :until, :reason)""")
                            .bind("account", user.account().value()).bind("user", user.name()).bind("now", now).bind("until", until).bind("reason", reason)
                            .execute();
                    return true;
                });
            } catch (UnableToExecuteStatementException e) {
                // Another instance inserted the first lockout of this user at the same moment (primary key).
                if (tries > 0) {
                    throw e;
                }
            }
        }
    }
}
