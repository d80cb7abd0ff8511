package io.github.mfaenroll.identity;

import java.time.Instant;

/**
 * A signed-in session as stored server-side. {@code iamUser} is the only IAM user this session may enroll or
 * change; it is set at sign-in and never taken from a request. {@code key} names this sign-in server-side (never in
 * a cookie or page): random, kept when the id rotates; an enrollment belongs to the session with its key. {@code allowAdditionalDevice} is true only when
 * the session came from a link on which a helpdesk member allowed adding a device to a user who already has MFA.
 */
public record Session(String idHash, String key, String csrfToken, String principal, Role role, String iamUser,
                      Instant createdAt, Instant lastSeenAt, Instant expiresAt, String flash,
                      boolean allowAdditionalDevice) {

    @Override
    public String toString() {
        return "Session[principal=" + principal + ", role=" + role + ", iamUser=" + iamUser
                + (allowAdditionalDevice ? ", additional device allowed" : "") + "]";
    }
}
