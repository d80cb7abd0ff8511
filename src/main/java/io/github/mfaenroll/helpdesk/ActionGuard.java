package io.github.mfaenroll.helpdesk;

import io.github.mfaenroll.audit.AuditAction;
import io.github.mfaenroll.audit.AuditEntry.Outcome;
import io.github.mfaenroll.audit.AuditLog;
import io.github.mfaenroll.audit.References;
import io.github.mfaenroll.helpdesk.HelpdeskRefusal.Kind;
import io.github.mfaenroll.iam.IamFailure;
import io.github.mfaenroll.iam.IamGateway;
import io.github.mfaenroll.iam.IamUser;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every helpdesk action does before and around its IAM calls: checks the confirmation and the reason,
 * validates the user name from the path and that the user exists, and turns each refusal into an audit entry (with
 * the acting staff member as actor) and a {@link HelpdeskRefusal}. Nothing a request carried reaches the audit trail
 * or the log unless it passed validation first.
 */
public final class ActionGuard {

    /** IAM user names: {@code [\w+=,.@-]}, at most 64 characters. */
    private static final Pattern USER_NAME = Pattern.compile("[\\w+=,.@-]{1,64}");
    /** Reasons are for people: one line, bounded, no control characters (they end up in mails and the audit). */
    private static final int MAX_REASON = 500;

    private static final Logger log = LoggerFactory.getLogger(ActionGuard.class);

    private final IamGateway iam;
    private final AuditLog audit;

    public ActionGuard(IamGateway iam, AuditLog audit) {
        this.iam = iam;
        this.audit = audit;
    }

    static boolean validUserName(String name) {
        return name != null && USER_NAME.matcher(name).matches();
    }

    /** The user, or USER_NOT_FOUND (audited) for a malformed or unknown name. */
    IamUser requireUser(String actor, String name, AuditAction action) {
        if (!validUserName(name)) {
            throw refuse(Kind.USER_NOT_FOUND, actor, null, action, "not a valid IAM user name");
        }
        try {
            return iam.getUser(name);
        } catch (IamFailure e) {
            if (e.kind() == IamFailure.Kind.NO_SUCH_ENTITY) {
                throw refuse(Kind.USER_NOT_FOUND, actor, name, action, "no such IAM user");
            }
            throw iamFailure(e, actor, name, action, "nothing changed");
        }
    }

    void requireConfirmed(boolean confirmed, String actor, String name, AuditAction action) {
        if (!confirmed) {
            throw refuse(Kind.NOT_CONFIRMED, actor, validUserName(name) ? name : null, action, "not confirmed");
        }
    }

    /** The reason as it will be stored and mailed: trimmed, whitespace collapsed, at most 500 characters. */
    String requireReason(String reason, String actor, String name, AuditAction action) {
        String cleaned = reason == null ? "" : reason.replaceAll("[\\p{Cntrl}\\s]+", " ").strip();
        if (cleaned.isEmpty()) {
            throw refuse(Kind.REASON_REQUIRED, actor, validUserName(name) ? name : null, action, "no reason given");
        }
        return cleaned.length() > MAX_REASON ? cleaned.substring(0, MAX_REASON) : cleaned;
    }

    /** Audits a refusal by rule (outcome DENIED) and returns the exception to throw. */
    HelpdeskRefusal refuse(Kind kind, String actor, String name, AuditAction action, String detail) {
        audit.record(actor, name, action, Outcome.DENIED, detail);
        return new HelpdeskRefusal(kind, kind == Kind.USER_NOT_FOUND ? null : name, null);
    }

    /**
     * Logs and audits a failed IAM call with a fresh reference (outcome FAILURE) and returns the refusal to throw:
     * IAM_UNAVAILABLE when trying again later may work, else IAM_REFUSED. {@code consequence} tells the audit what
     * state things were left in.
     */
    HelpdeskRefusal iamFailure(IamFailure e, String actor, String name, AuditAction action, String consequence) {
        return iamFailure(e, actor, name, action, consequence,
                e.kind().transientFailure() ? Kind.IAM_UNAVAILABLE : Kind.IAM_REFUSED);
    }

    HelpdeskRefusal iamFailure(IamFailure e, String actor, String name, AuditAction action, String consequence,
                               Kind kind) {
        String reference = References.next();
        log.warn("{} for user {} by {} failed: {} (AWS request id {}) [{}]", e.action(), name, actor, e.kind(),
                e.awsRequestId(), reference);
        audit.record(actor, name, action, Outcome.FAILURE, e.action() + " failed: " + e.kind() + "; " + consequence,
                reference);
        return new HelpdeskRefusal(kind, name, reference);
    }
}
