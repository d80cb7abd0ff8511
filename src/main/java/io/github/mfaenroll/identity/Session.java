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
 */
public record Session(String idHash, String key, String csrfToken, String principal, Role role, String iamUser,
                      Instant createdAt, Instant lastSeenAt, Instant expiresAt, String flash,
                      boolean allowAdditionalDevice, boolean companySignIn) {

    @Override
    public String toString() {
        // Never the CSRF token.
        return "Session[principal=" + principal + ", role=" + role + ", iamUser=" + iamUser
                + (allowAdditionalDevice ? ", additional device allowed" : "") + "]";
    }
}
