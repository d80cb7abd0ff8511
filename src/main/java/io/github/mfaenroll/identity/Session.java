package io.github.mfaenroll.identity;

import io.github.mfaenroll.iam.AccountUser;
import java.time.Instant;
import java.util.List;

/**
 * A signed-in session as stored server-side. {@code user} is the IAM user (an account and a name) this session
 * enrolls or changes now; {@code boundUsers} are all the IAM users the sign-in proved to be this person's (one, or
 * several accounts' users matched by a company sign-in), {@code user} always among them. Both are set at sign-in and
 * never taken from a request: a request may only pick which of {@code boundUsers} to work on. Null and empty for staff. {@code key} names this sign-in server-side (never in
 * a cookie or page): random, kept when the id rotates; an enrollment belongs to the session with its key.
 * {@code allowAdditionalDevice} is true only when the session came from a link on which a helpdesk member allowed
 * adding a device to a user who already has MFA.
 * {@code companySignIn} is true for a sign-in with the company identity provider: signing out then ends the
 * provider's session too. No token of the provider is kept (an ID token sent back as {@code id_token_hint} would sit
 * in a URL: in the browser's history and the provider's access log).
 * {@code tagAddress} is the address in the user's email tag when the sign-in already knew it (the link's invitation
 * went there, or the company sign-in matched it), else null; the notice that a device was bound goes to it without
 * reading the tags again. Like the principal, it stays out of {@link #toString()}.
 */
public record Session(String idHash, String key, String csrfToken, String principal, Role role, AccountUser user,
                      Instant createdAt, Instant lastSeenAt, Instant expiresAt, String flash,
                      boolean allowAdditionalDevice, boolean companySignIn, String tagAddress,
                      List<AccountUser> boundUsers) {

    public Session {
        boundUsers = boundUsers == null || boundUsers.isEmpty()
                ? (user == null ? List.of() : List.of(user))
                : List.copyOf(boundUsers);
        if (user != null && !boundUsers.contains(user)) {
            throw new IllegalArgumentException("A session's user must be one of its bound users");
        }
    }

    /** Whether the session works on more than one account's user (a company sign-in matched several). */
    public boolean severalUsers() {
        return boundUsers.size() > 1;
    }

    @Override
    public String toString() {
        // Never the CSRF token.
        return "Session[principal=" + principal + ", role=" + role + ", user=" + user
                + (allowAdditionalDevice ? ", additional device allowed" : "") + "]";
    }
}
