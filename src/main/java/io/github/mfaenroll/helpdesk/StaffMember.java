package io.github.mfaenroll.helpdesk;

import io.github.mfaenroll.identity.Role;
import io.github.mfaenroll.identity.Session;

/**
 * The staff member behind a helpdesk action, as their session says: the principal (the actor in the audit trail:
 * {@code helpdesk:NAME} for local accounts, {@code oidc:NAME} for company sign-ins), the role, and the IAM user the
 * company sign-in mapped them to (null for local accounts and for staff without one). {@link ActionGuard} uses it to
 * keep staff off their own IAM user and off users only administrators may touch.
 */
public record StaffMember(String principal, Role role, String iamUser) {

    private static final String LOCAL_PREFIX = "helpdesk:";

    /** The staff member a staff session stands for. */
    public static StaffMember of(Session session) {
        return new StaffMember(session.principal(), session.role(),
                session.user() == null ? null : session.user().name());
    }

    /**
     * A machine caller (an API token, the automatic invitations) as the staff member the helpdesk services act for:
     * {@code actor} in the audit trail, always the helpdesk role (never administrator, so users only administrators
     * may touch stay out of its reach), and no IAM user of its own, as it has none to be kept off.
     */
    public static StaffMember machine(String actor) {
        return new StaffMember(actor, Role.HELPDESK, null);
    }

    /** The local account name for {@code helpdesk:NAME}, else the principal itself: what the staff tag names. */
    String staffTagValue() {
        return principal.startsWith(LOCAL_PREFIX) ? principal.substring(LOCAL_PREFIX.length()) : principal;
    }

    boolean administrator() {
        return role == Role.ADMIN;
    }
}
