package io.github.mfaenroll.oidc;

import static io.github.mfaenroll.store.Rows.instant;

import io.github.mfaenroll.identity.SecretTokens;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/**
 * Sign-ins started at the provider and not yet finished, in the database so any instance can finish them. The
 * state is stored only as its SHA-256 and the browser that started the sign-in only as the SHA-256 of its binding
 * cookie. A pending login is single use ({@link #take} deletes it) and lives at most {@link #TTL}.
 */
public final class PendingLogins {

    /** How long a person has at the provider before the sign-in must be started again. */
    static final Duration TTL = Duration.ofMinutes(10);

    private final Jdbi jdbi;
    private final Clock clock;

    public PendingLogins(Jdbi jdbi, Clock clock) {
        this.jdbi = jdbi;
        this.clock = clock;
    }

    /** The secrets the callback needs to finish a sign-in. */
    record Pending(String nonce, String codeVerifier, Instant createdAt) {
        @Override
        public String toString() {
            return "Pending[createdAt=" + createdAt + "]";
        }
    }

    /** What {@link #take} found. {@code pending} is set only for {@link Status#TAKEN}. */
    record Taken(Status status, Pending pending) {
    }

    enum Status { TAKEN, UNKNOWN, OTHER_BROWSER, EXPIRED }

    void save(String state, String browserBinding, String nonce, String codeVerifier) {
        Instant now = clock.instant();
        jdbi.useHandle(h -> {
            // Abandoned sign-ins (the person closed the tab at the provider) are cleared here, so no sweeper is needed.
            h.createUpdate("DELETE FROM oidc_logins WHERE created_at <= :cutoff")
                    .bind("cutoff", now.minus(TTL)).execute();
            h.createUpdate("""
                            INSERT INTO oidc_logins (state_hash, browser_hash, nonce, code_verifier, created_at)
                            VALUES (:state, :browser, :nonce, :verifier, :now)""")
                    .bind("state", SecretTokens.sha256(state)).bind("browser", SecretTokens.sha256(browserBinding))
                    .bind("nonce", nonce).bind("verifier", codeVerifier).bind("now", now)
                    .execute();
        });
    }

    /**
     * Consumes the pending login for {@code state} if {@code browserBinding} is the cookie of the browser that
     * started it. A callback from another browser consumes nothing, so the rightful browser can still finish.
     * The delete decides between two simultaneous callbacks: only one of them removes the row.
     */
    Taken take(String state, String browserBinding) {
        if (state == null || state.isEmpty() || state.length() > 200) {
            return new Taken(Status.UNKNOWN, null);
        }
        String stateHash = SecretTokens.sha256(state);
        return jdbi.withHandle(h -> {
            Optional<Row> row = h.createQuery("SELECT * FROM oidc_logins WHERE state_hash = :state")
                    .bind("state", stateHash)
                    .map((rs, ctx) -> new Row(rs.getString("browser_hash"), new Pending(rs.getString("nonce"),
                            rs.getString("code_verifier"), instant(rs, "created_at"))))
                    .findOne();
            if (row.isEmpty()) {
                return new Taken(Status.UNKNOWN, null);
            }
            if (!sameBrowser(row.get().browserHash(), browserBinding)) {
                return new Taken(Status.OTHER_BROWSER, null);
            }
            int deleted = h.createUpdate("DELETE FROM oidc_logins WHERE state_hash = :state")
                    .bind("state", stateHash).execute();
            if (deleted != 1) {
                return new Taken(Status.UNKNOWN, null);
            }
            Pending pending = row.get().pending();
            if (!clock.instant().isBefore(pending.createdAt().plus(TTL))) {
                return new Taken(Status.EXPIRED, null);
            }
            return new Taken(Status.TAKEN, pending);
        });
    }

    private static boolean sameBrowser(String storedHash, String browserBinding) {
        if (!SecretTokens.plausible(browserBinding)) {
            return false;
        }
        // Constant-time, like every comparison of a secret-derived value.
        return MessageDigest.isEqual(storedHash.getBytes(StandardCharsets.US_ASCII),
                SecretTokens.sha256(browserBinding).getBytes(StandardCharsets.US_ASCII));
    }

    private record Row(String browserHash, Pending pending) {
    }
}
