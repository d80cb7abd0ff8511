package io.github.mfaenroll.identity;

import java.time.Instant;

/**
 * A signed-in session as stored server-side. {@code iamUser} is the only IAM user this session may enroll or
 * change; it is set at sign-in and never taken from a request. {@code key} names this sign-in server-side (never in
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
public record Session(String idHash, String key, String csrfToken, String principal, Role role, String iamUser,
                      Instant createdAt, Instant lastSeenAt, Instant expiresAt, String flash,
                      boolean allowAdditionalDevice, boolean companySignIn, String tagAddress) {

    @Override
    public String toString() {
        // Never the CSRF token.
        return "Session[principal=" + principal + ", role=" + role + ", iamUser=" + iamUser
                + (allowAdditionalDevice ? ", additional device allowed" : "") + "]";
    }
}
