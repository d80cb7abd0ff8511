package io.github.mfaenroll.enforcement;

import io.github.mfaenroll.audit.AuditAction;
import io.github.mfaenroll.audit.AuditEntry.Outcome;
import io.github.mfaenroll.audit.AuditLog;
import io.github.mfaenroll.iam.AccountDirectory;
import io.github.mfaenroll.iam.AccountUser;
import io.github.mfaenroll.iam.IamFailure;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Setting and clearing enroll-by deadlines (helpdesk), audited with the agent as actor. Dates are calendar days in
 * UTC, like every time the app shows.
 */
public record Deadlines(DeadlineStore store, AccountDirectory accounts, AuditLog audit, Clock clock) {

    private static final Pattern USER_NAME = Pattern.compile("[\\w+=,.@-]{1,64}");

    /** What happened to a request to set a deadline; each has a sentence for the agent. */
    public enum SetResult {
        SAVED, NOT_A_USER_NAME, NO_SUCH_USER, NOT_A_DATE, DATE_IN_PAST, IAM_UNAVAILABLE
    }

    /** Today, in UTC. */
    public LocalDate today() {
        return LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
    }

    public List<Deadline> all() {
        return store.all();
    }

    /** Sets the user's deadline to {@code date} (ISO {@code yyyy-MM-dd}, today or later) after checking the user exists. */
    public SetResult set(AccountUser iamUser, String date, String actor) {
        if (iamUser == null || !USER_NAME.matcher(iamUser.name()).matches()) {
            return SetResult.NOT_A_USER_NAME;
        }
        EnrollBy checked = enrollBy(date);
        if (checked.problem() != null) {
            return checked.problem();
        }
        LocalDate enrollBy = checked.date();
        AccountUser user;
        try {
            // IAM's spelling of the name: IAM names ignore case, and the deadline should be found under either.
            user = new AccountUser(iamUser.account(),
                    accounts.iam(iamUser.account()).getUser(iamUser.name()).userName());
        } catch (IamFailure e) {
            return e.kind() == IamFailure.Kind.NO_SUCH_ENTITY ? SetResult.NO_SUCH_USER : SetResult.IAM_UNAVAILABLE;
        }
        store.set(user, enrollBy, actor);
        audit.recordOnUser(actor, user, AuditAction.DEADLINE_SET, Outcome.SUCCESS,
                "enroll by " + enrollBy);
        return SetResult.SAVED;
    }

    /** What a deadline for many users did: how many got it, and the date's problem if it had one. */
    public record ManySet(SetResult result, int users) {
    }

    /**
     * Sets the same deadline for each of {@code users} (everyone without MFA in an account or the whole organization,
     * as the credential report names them: IAM's spelling, so no IAM call per user). Each one is audited.
     */
    public ManySet setForEach(List<AccountUser> users, String date, String actor) {
        EnrollBy checked = enrollBy(date);
        if (checked.problem() != null) {
            return new ManySet(checked.problem(), 0);
        }
        for (AccountUser user : users) {
            store.set(user, checked.date(), actor);
            audit.recordOnUser(actor, user, AuditAction.DEADLINE_SET, Outcome.SUCCESS,
                    "enroll by " + checked.date() + " (everyone without MFA)");
        }
        return new ManySet(SetResult.SAVED, users.size());
    }

    /** A typed date as a deadline: the date, or why it is none (exactly one of the two is set). */
    private record EnrollBy(LocalDate date, SetResult problem) {
    }

    /** Parsed ({@code yyyy-MM-dd}), today or later, and within ten years. */
    private EnrollBy enrollBy(String date) {
        LocalDate enrollBy;
        try {
            enrollBy = LocalDate.parse(date == null ? "" : date.strip());
        } catch (DateTimeParseException e) {
            return new EnrollBy(null, SetResult.NOT_A_DATE);
        }
        if (enrollBy.isBefore(today())) {
            return new EnrollBy(null, SetResult.DATE_IN_PAST);
        }
        if (enrollBy.isAfter(today().plusYears(10))) {
            // A typo like 20255-01-01 parses; it is no useful deadline, and PostgreSQL's date type stops at 5874897.
            return new EnrollBy(null, SetResult.NOT_A_DATE);
        }
        return new EnrollBy(enrollBy, null);
    }

    /** Removes the user's deadline; false when there was none (nothing is audited then). */
    public boolean clear(AccountUser iamUser, String actor) {
        if (iamUser == null || !USER_NAME.matcher(iamUser.name()).matches() || !store.clear(iamUser)) {
            return false;
        }
        audit.recordOnUser(actor, iamUser, AuditAction.DEADLINE_CLEARED, Outcome.SUCCESS,
                "no deadline");
        return true;
    }
}
