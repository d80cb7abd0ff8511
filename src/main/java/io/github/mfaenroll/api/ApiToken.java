package io.github.mfaenroll.api;

import io.github.mfaenroll.identity.ApiScope;
import java.time.Instant;
import java.util.Set;

/**
 * An API token as stored: everything but the token (which is never kept) and its hash (which nobody needs to see).
 *
 * @param expiresAt null when the token does not expire
 * @param lastUsedAt null when it was never used; updated at most once a minute
 */
public record ApiToken(String name, Set<ApiScope> scopes, String createdBy, Instant createdAt, Instant expiresAt,
                       Instant revokedAt, Instant lastUsedAt) {

    /** Whether a token can be used, and if not, why. */
    public enum State {
        ACTIVE, EXPIRED, REVOKED;

        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public ApiToken {
        scopes = Set.copyOf(scopes);
    }

    public State state(Instant now) {
        if (revokedAt != null) {
            return State.REVOKED;
        }
        return expiresAt != null && !now.isBefore(expiresAt) ? State.EXPIRED : State.ACTIVE;
    }
}
