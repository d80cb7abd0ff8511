package io.github.mfaenroll.audit;

/**
 * Who the audit trail names when no person acted. A person is named by their principal ({@code link:alice},
 * {@code local:helpdesk1}, an IAM user name); these are the app's own parts.
 */
public final class Actors {

    /** The app itself, on someone's behalf: a device it created or removed, a lockout, an IAM failure it recorded. */
    public static final String SYSTEM = "system";
    /** The sweeper job: expired enrollments and the leftover devices it removes. */
    public static final String SWEEPER = "sweeper";
    /** Invitations that send themselves ({@code MFA_AUTO_INVITE}): the links it issues and the mail it sends. */
    public static final String AUTO_INVITE = "auto-invite";

    private Actors() {
    }
}
