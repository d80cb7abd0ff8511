package io.github.mfaenroll.identity;

import java.time.Instant;

/**
 * A signed-in session as stored server-side. {@code iamUser} is the only IAM user this session may enroll or
 * change; it is set at sign-in and never taken from a request. {@code key} names this sign-in server-side (never in
 * a cookie or page): random, kept when the id rotates; an enrollment belongs to the session with its key.
 * {@code allowAdditionalDevice} is true only when the session came from a link on which a helpdesk member allowed
 * adding a device to a user who already has MFA.
 * {@code idToken} is the company provider's ID token of the sign-in (null for other sign-ins), kept only to end the
 * provider's session at sign-out; it never leaves the server but as that sign-out's {@code id_token_hint}.
 */
public record Session(String idHash, String key, String csrfToken, String principal, Role role, String iamUser,
                      Instant createdAt, Instant lastSeenAt, Instant expiresAt, String flash,
                      boolean allowAdditionalDevice, String idToken) {

    @Override
    public String toString() {
        // Never the ID token (nor the CSRF token).
        return "Session[principal=" + principal + ", role=" + role + ", iamUser=" + iamUser
                + (allowAdditionalDevice ? ", additional device allowed" : "") + "]";
    }
}
