package io.github.mfaenroll.helpdesk;

import io.github.mfaenroll.audit.AuditAction;
import io.github.mfaenroll.helpdesk.HelpdeskRefusal.Kind;
import io.github.mfaenroll.iam.AccountUser;
import io.github.mfaenroll.limits.AddressLimits.Scope;
import io.github.mfaenroll.limits.AddressLimits.Throttled;
import io.github.mfaenroll.limits.AddressLimits;
import io.github.mfaenroll.limits.UserLockouts.Lockout;
import io.github.mfaenroll.limits.UserLockouts;
import java.util.List;
import java.util.Optional;

/**
 * What the helpdesk sees of the limits and how it lifts them: an IAM user's lockout (after too many failed
 * verifications) and a client address's request limit. Each lift needs the confirmation box; successes are audited
 * by the limits themselves, refusals here, always with the acting staff member. A user's lockout is lifted under the
 * same limits of helpdesk power as every action on a user (never one's own IAM user; administrators' and protected
 * users by administrators only): lifting it reopens guessing at that user's codes. A deleted user's lockout only an
 * administrator lifts.
 */
public record LockoutActions(UserLockouts users, AddressLimits addresses, ActionGuard guard) {

    /** The user's active lockout, if any (nothing for a malformed name). */
    public Optional<Lockout> activeLockout(AccountUser name) {
        return ActionGuard.validUserName(name.name()) ? users.active(name) : Optional.empty();
    }

    public List<Lockout> activeLockouts() {
        return users.activeLockouts();
    }

    public List<Throttled> throttledAddresses() {
        return addresses.throttled();
    }

    /** Lifts the user's lockout: they may enroll and resync again at once, with a fresh failure count. */
    public void liftUserLockout(StaffMember staff, AccountUser name, boolean confirmed) {
        String actor = staff.principal();
        guard.requireConfirmed(confirmed, actor, name, AuditAction.LOCKOUT_LIFTED);
        try {
            guard.requireUser(staff, name, AuditAction.LOCKOUT_LIFTED);
        } catch (HelpdeskRefusal refused) {
            boolean deletedUsersLockout = refused.kind() == Kind.USER_NOT_FOUND && ActionGuard.validUserName(name.name());
            if (!deletedUsersLockout || !staff.administrator()) {
                throw refused;
            }
        }
        if (!users.lift(name, actor)) {
            throw guard.refuse(Kind.NOT_LOCKED_OUT, actor, name, AuditAction.LOCKOUT_LIFTED, "no active lockout");
        }
    }

    /**
     * Lifts the request limit of a throttled address for one kind of request. Only an address on the list can be
     * lifted; anything else is refused without echoing it into the audit trail.
     */
    public void liftAddressLimit(String actor, String scope, String address, boolean confirmed) {
        guard.requireConfirmed(confirmed, actor, null, AuditAction.ADDRESS_THROTTLE_LIFTED);
        Optional<Throttled> throttled = scopeOf(scope).flatMap(s -> addresses.find(s, address));
        if (throttled.isEmpty() || !addresses.lift(throttled.get().scope(), throttled.get().clientAddress(), actor)) {
            throw guard.refuse(Kind.ADDRESS_NOT_THROTTLED, actor, null, AuditAction.ADDRESS_THROTTLE_LIFTED,
                    "the address is not over its limit");
        }
    }

    /** The listed entry a form names, if it is still on the list (to show a form mistake next to it). */
    public Optional<Throttled> findThrottled(String scope, String address) {
        return scopeOf(scope).flatMap(s -> addresses.find(s, address));
    }

    private static Optional<Scope> scopeOf(String scope) {
        for (Scope candidate : Scope.values()) {
            if (candidate.name().equals(scope)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }
}
