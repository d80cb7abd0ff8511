package io.github.mfaenroll.helpdesk;

import io.github.mfaenroll.audit.AuditAction;
import io.github.mfaenroll.audit.AuditEntry.Outcome;
import io.github.mfaenroll.audit.AuditLog;
import io.github.mfaenroll.audit.References;
import io.github.mfaenroll.helpdesk.HelpdeskRefusal.Kind;
import io.github.mfaenroll.iam.AccountDirectory;
import io.github.mfaenroll.iam.AccountUser;
import io.github.mfaenroll.iam.IamFailure;
import io.github.mfaenroll.iam.IamUser;
import io.github.mfaenroll.iam.TaggedUser;
import io.github.mfaenroll.staff.HelpdeskAccounts;
import io.github.mfaenroll.staff.StaffSecondFactors;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every helpdesk action does before and around its IAM calls: checks the confirmation and the reason,
 * validates the user name from the path and that the user exists in the account named by the path, and turns each refusal into an audit entry (with
 * the acting staff member as actor) and a {@link HelpdeskRefusal}. Nothing a request carried reaches the audit trail
 * or the log unless it passed validation first.
 *
 * <p>It is also the one place that limits whom staff may act on ({@link #requireUser}): never their own IAM user (the
 * one their company sign-in mapped them to, or one whose staff tag names them), and only as administrators on an
 * administrator's IAM user or on a user carrying the protected tag. Otherwise a helpdesk member could reset their own
 * MFA, or take over an administrator's AWS user by resetting its device and binding one of their own.
 *
 * @param localAccounts which local accounts are administrators
 * @param companyStaff which company principals last signed in as administrators, and their IAM users
 */
public record ActionGuard(AccountDirectory accounts, AuditLog audit, HelpdeskSettings settings, HelpdeskAccounts localAccounts,
                          StaffSecondFactors companyStaff) {

    /** IAM user names: {@code [\w+=,.@-]}, at most 64 characters. */
    private static final Pattern USER_NAME = Pattern.compile("[\\w+=,.@-]{1,64}");
    /** Reasons are for people: one line, bounded, no control characters (they end up in mails and the audit). */
    private static final int MAX_REASON = 500;

    private static final Logger log = LoggerFactory.getLogger(ActionGuard.class);

    static boolean validUserName(String name) {
        return name != null && USER_NAME.matcher(name).matches();
    }

    /**
     * The user, if {@code staff} may act on it: USER_NOT_FOUND for a malformed or unknown name, OWN_USER for the
     * staff member's own IAM user, PROTECTED_USER for an administrator's IAM user or a user with the protected tag
     * unless {@code staff} is an administrator. Every refusal is audited.
     */
    TaggedUser requireUser(StaffMember staff, AccountUser target, AuditAction action) {
        // One GetUser answers both questions: whether the user exists and what its tags say.
        TaggedUser user = requireUser(staff.principal(), target, action, accounts.iam(target.account())::getUserWithTags);
        Map<String, String> tags = user.tags();
        String owner = tag(tags, settings.staffTagKey());
        // By name in any account: staff whose sign-in maps them to alice in one account are alice in every other.
        // From here on IAM has confirmed the user: refusals name it as IAM spells it.
        AccountUser found = new AccountUser(target.account(), user.userName());
        if (user.userName().equalsIgnoreCase(staff.iamUser())
                || (owner != null && owner.equalsIgnoreCase(staff.staffTagValue()))) {
            throw refuse(Kind.OWN_USER, staff.principal(), found, action,
                    "refused: staff may not act on their own IAM user").confirmedAbout(found);
        }
        if (!staff.administrator()) {
            if (tag(tags, settings.protectedTagKey()) != null) {
                throw refuse(Kind.PROTECTED_USER, staff.principal(), found, action,
                        "refused: the user carries the protected tag " + settings.protectedTagKey()
                                + "; administrators only").confirmedAbout(found);
            }
            if (belongsToAnAdministrator(user.userName(), owner)) {
                throw refuse(Kind.PROTECTED_USER, staff.principal(), found, action,
                        "refused: an administrator's IAM user; administrators only").confirmedAbout(found);
            }
        }
        return user;
    }

    /** Whether the staff tag names an administrator, or the provider last mapped an administrator to this user. */
    private boolean belongsToAnAdministrator(String userName, String owner) {
        if (owner != null && (localAccounts.isAdministrator(owner) || companyStaff.isAdministrator(owner))) {
            return true;
        }
        return companyStaff.isAdministratorsIamUser(userName);
    }

    /** A tag's value (blank counts as absent); IAM refuses two keys differing only by case, so case is ignored. */
    private static String tag(Map<String, String> tags, String key) {
        if (key == null) {
            return null;
        }
        return tags.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(key)).map(Map.Entry::getValue)
                .filter(v -> v != null && !v.isBlank()).map(String::strip).findFirst().orElse(null);
    }

    /** The user, or USER_NOT_FOUND (audited) for a malformed or unknown name. */
    IamUser requireUser(String actor, AccountUser target, AuditAction action) {
        return requireUser(actor, target, action, accounts.iam(target.account())::getUser);
    }

    private <T> T requireUser(String actor, AccountUser target, AuditAction action, Function<String, T> read) {
        if (!validUserName(target.name())) {
            throw refuse(Kind.USER_NOT_FOUND, actor, null, action, "not a valid IAM user name");
        }
        try {
            return read.apply(target.name());
        } catch (IamFailure e) {
            if (e.kind() == IamFailure.Kind.NO_SUCH_ENTITY) {
                throw refuse(Kind.USER_NOT_FOUND, actor, target, action, "no such IAM user");
            }
            throw iamFailure(e, actor, target, action, "nothing changed");
        }
    }

    void requireConfirmed(boolean confirmed, String actor, AccountUser target, AuditAction action) {
        if (!confirmed) {
            throw refuse(Kind.NOT_CONFIRMED, actor, valid(target), action, "not confirmed");
        }
    }

    /** The reason as it will be stored and mailed: trimmed, whitespace collapsed, at most 500 characters. */
    String requireReason(String reason, String actor, AccountUser target, AuditAction action) {
        String cleaned = reason == null ? "" : reason.replaceAll("[\\p{Cntrl}\\s]+", " ").strip();
        if (cleaned.isEmpty()) {
            throw refuse(Kind.REASON_REQUIRED, actor, valid(target), action, "no reason given");
        }
        return cleaned.length() > MAX_REASON ? cleaned.substring(0, MAX_REASON) : cleaned;
    }

    /** The target when its name is a valid IAM user name (fit for the audit trail and a page), else null. */
    static AccountUser valid(AccountUser target) {
        return target != null && validUserName(target.name()) ? target : null;
    }

    /** Audits a refusal by rule (outcome DENIED) and returns the exception to throw. */
    HelpdeskRefusal refuse(Kind kind, String actor, AccountUser target, AuditAction action, String detail) {
        audit.recordOnUser(actor, valid(target), action, Outcome.DENIED, detail);
        return new HelpdeskRefusal(kind, kind == Kind.USER_NOT_FOUND ? null : valid(target), null);
    }

    /**
     * Logs and audits a failed IAM call with a fresh reference (outcome FAILURE) and returns the refusal to throw:
     * IAM_UNAVAILABLE when trying again later may work, else IAM_REFUSED. {@code consequence} tells the audit what
     * state things were left in.
     */
    HelpdeskRefusal iamFailure(IamFailure e, String actor, AccountUser target, AuditAction action,
                               String consequence) {
        return iamFailure(e, actor, target, action, consequence,
                e.kind().transientFailure() ? Kind.IAM_UNAVAILABLE : Kind.IAM_REFUSED);
    }

    HelpdeskRefusal iamFailure(IamFailure e, String actor, AccountUser target, AuditAction action,
                               String consequence, Kind kind) {
        String reference = References.next();
        AccountUser subject = valid(target);
        log.warn("{} for user {} by {} failed: {} (AWS request id {}) [{}]", e.action(), subject, actor, e.kind(),
                e.awsRequestId(), reference);
        audit.recordOnUser(actor, subject, action, Outcome.FAILURE,
                e.action() + " failed: " + e.kind() + "; " + consequence, reference);
        return new HelpdeskRefusal(kind, subject, reference);
    }
}
