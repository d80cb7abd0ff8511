package io.github.mfaenroll.helpdesk;

import io.github.mfaenroll.audit.AuditAction;
import io.github.mfaenroll.audit.AuditEntry.Outcome;
import io.github.mfaenroll.audit.AuditLog;
import io.github.mfaenroll.helpdesk.HelpdeskRefusal.Kind;
import io.github.mfaenroll.iam.AccountDirectory;
import io.github.mfaenroll.iam.AccountUser;
import io.github.mfaenroll.iam.IamFailure;
import io.github.mfaenroll.iam.IamGateway;
import io.github.mfaenroll.mail.Notifications;
import java.time.Clock;

/**
 * Removes the console password of a user who does not need one (administrators only; the route says so). A user
 * without a console password is outside the CIS control, so this is the other way to make someone compliant. Their
 * access keys, if any, are untouched. Confirmed, with a reason, audited, and the user is told by email.
 */
public record ConsolePasswords(AccountDirectory accounts, Notifications notifications, ActionGuard guard, AuditLog audit,
                               Clock clock) {

    /** Removes the password; returns whether the user was mailed. NO_CONSOLE_PASSWORD when there is none. */
    public boolean remove(StaffMember staff, AccountUser name, String reason, boolean confirmed) {
        String actor = staff.principal();
        AuditAction action = AuditAction.CONSOLE_PASSWORD_REMOVED;
        guard.requireConfirmed(confirmed, actor, name, action);
        String why = guard.requireReason(reason, actor, name, action);
        AccountUser user = new AccountUser(name.account(), guard.requireUser(staff, name, action).userName());
        IamGateway iam = accounts.iam(user.account());
        try {
            if (!iam.hasConsolePassword(user.name())) {
                throw guard.refuse(Kind.NO_CONSOLE_PASSWORD, actor, user, action, "the user has no console password");
            }
            iam.deleteLoginProfile(user.name());
        } catch (IamFailure e) {
            // NoSuchEntity right after we saw the password: a retry whose first attempt had worked, or someone else
            // removed it a moment ago. Either way it is gone, which is what was asked.
            if (e.kind() != IamFailure.Kind.NO_SUCH_ENTITY) {
                throw guard.iamFailure(e, actor, user, action, "the console password was not removed");
            }
        }
        audit.recordOnUser(actor, user, action, Outcome.SUCCESS, "reason: " + why);
        return notifications.sendConsolePasswordRemoved(user, actor, why, clock.instant());
    }
}
