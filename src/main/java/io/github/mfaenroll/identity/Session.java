package io.github.mfaenroll.identity;

import java.time.Instant;

/**
 * A signed-in session as stored server-side. {@code iamUser} is the only IAM user this session may enroll or
 * change; it is set at sign-in and never taken from a request.
 */
public record Session(String idHash, String csrfToken, String principal, Role role, String iamUser,
                      Instant createdAt, Instant lastSeenAt, Instant expiresAt, String flash) {

    @Override
    public String toString() {
        return "Session[principal=" + principal + ", role=" + role + ", iamUser=" + iamUser + "]";
    }
}
