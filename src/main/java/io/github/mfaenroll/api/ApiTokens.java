package io.github.mfaenroll.api;

import static io.github.mfaenroll.store.Rows.instant;

import io.github.mfaenroll.audit.AuditAction;
import io.github.mfaenroll.audit.AuditEntry.Outcome;
import io.github.mfaenroll.audit.AuditLog;
import io.github.mfaenroll.identity.ApiCaller;
import io.github.mfaenroll.identity.ApiScope;
import io.github.mfaenroll.identity.BearerTokens;
import io.github.mfaenroll.identity.SecretTokens;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * API tokens: created with a name and scopes, shown once, stored as their SHA-256 only, revocable, optionally
 * expiring. Creating and revoking are audited; {@link #authenticate} is what the web layer asks on every API call.
 */
public final class ApiTokens implements BearerTokens {

    /**
     * Every token starts with this. Secret scanners (GitHub's, gitleaks, trufflehog) find leaked credentials by a
     * fixed prefix and length; a bare random string looks like any other and a token pasted into a repository or a
     * ticket would go unnoticed. The prefix says nothing secret.
     */
    public static final String PREFIX = "mfa_";

    /** A short slug: it becomes part of the audit trail's actor ({@code api:NAME}) and of command lines. */
    public static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{1,39}");

    /** The longest expiry a token may be given: ten years. */
    public static final Duration MAX_EXPIRY = Duration.ofDays(3650);
    /** How stale {@code last_used_at} may be: one write per token per minute at most, not one per call. */
    private static final Duration LAST_USED_RESOLUTION = Duration.ofMinutes(1);

    private static final Logger log = LoggerFactory.getLogger(ApiTokens.class);

    private final Jdbi jdbi;
    private final SecretTokens tokens;
    private final AuditLog audit;
    private final Clock clock;

    public ApiTokens(Jdbi jdbi, SecretTokens tokens, AuditLog audit, Clock clock) {
        this.jdbi = jdbi;
        this.tokens = tokens;
        this.audit = audit;
        this.clock = clock;
    }

    /** A token just created: the only time the token itself exists outside the caller's hands. */
    public record IssuedToken(ApiToken stored, String token) {
        @Override
        public String toString() {
            return "IssuedToken[" + stored.name() + "]"; // never the token, should this ever be logged
        }
    }

    /**
     * Creates a token; {@link TokenRefused} for a malformed or taken name or no scope.
     *
     * @param expiresIn null for a token that does not expire
     */
    public IssuedToken create(String name, Set<ApiScope> scopes, Duration expiresIn, String actor) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new TokenRefused(TokenRefused.Kind.INVALID_NAME, "A token name has 2 to 40 lower-case letters, "
                    + "digits or hyphens, and starts with a letter or digit (for example ci-onboarding).");
        }
        if (scopes.isEmpty()) {
            throw new TokenRefused(TokenRefused.Kind.NO_SCOPE, "Give at least one scope with --scope: "
                    + ApiScope.allWireNames() + ".");
        }
        if (expiresIn != null && (expiresIn.isNegative() || expiresIn.isZero())) {
            throw new TokenRefused(TokenRefused.Kind.INVALID_EXPIRY, "--expires must be a positive duration.");
        }
        Instant now = clock.instant();
        String token = PREFIX + tokens.newToken();
        ApiToken stored = new ApiToken(name, scopes, actor, now, expiresIn == null ? null : now.plus(expiresIn), null,
                null);
        if (find(name).isPresent()) {
            throw duplicate(name);
        }
        try {
            jdbi.useHandle(h -> h.createUpdate("""
                            INSERT INTO api_tokens (name, token_hash, scopes, created_by, created_at, expires_at)
                            VALUES (:name, :hash, :scopes, :by, :at, :expires)""")
                    .bind("name", name).bind("hash", SecretTokens.sha256(token)).bind("scopes", wireNames(scopes))
                    .bind("by", actor).bind("at", now).bind("expires", stored.expiresAt()).execute());
        } catch (UnableToExecuteStatementException e) {
            // Someone created the same name between the check and the insert.
            if (find(name).isPresent()) {
                throw duplicate(name);
            }
            throw e;
        }
        audit.record(actor, "api:" + name, AuditAction.API_TOKEN_CREATED, Outcome.SUCCESS, "scopes "
                + wireNames(scopes) + ", " + (stored.expiresAt() == null ? "no expiry" : "expires "
                + stored.expiresAt()));
        log.info("API token {} created by {} with scopes {}", name, actor, wireNames(scopes));
        return new IssuedToken(stored, token);
    }

    /** Every token, newest first (revoked and expired ones too: they explain entries in the audit trail). */
    public List<ApiToken> list() {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM api_tokens ORDER BY created_at DESC, name")
                .map(ApiTokens::map).list());
    }

    public Optional<ApiToken> find(String name) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM api_tokens WHERE name = :name")
                .bind("name", name).map(ApiTokens::map).findOne());
    }

    /** A revocation's result: the token as it is now, and whether this call revoked it (false: it already was). */
    public record Revocation(ApiToken token, boolean revokedNow) {
    }

    /**
     * Revokes the token: it stops working on the next request. One already revoked is left as it was (and not audited
     * again). {@link TokenRefused} when there is no token of that name.
     */
    public Revocation revoke(String name, String actor) {
        Instant now = clock.instant();
        int revoked = jdbi.withHandle(h -> h.createUpdate("""
                        UPDATE api_tokens SET revoked_at = :now, revoked_by = :by
                        WHERE name = :name AND revoked_at IS NULL""")
                .bind("now", now).bind("by", actor).bind("name", name).execute());
        ApiToken token = find(name).orElseThrow(() -> new TokenRefused(TokenRefused.Kind.UNKNOWN_TOKEN,
                "There is no API token named " + name + "; `token list` shows them."));
        if (revoked == 1) {
            audit.record(actor, "api:" + name, AuditAction.API_TOKEN_REVOKED, Outcome.SUCCESS,
                    "scopes " + wireNames(token.scopes()));
            log.info("API token {} revoked by {}", name, actor);
        }
        return new Revocation(token, revoked == 1);
    }

    /**
     * The caller a token belongs to, if it is ours, unexpired and not revoked. Looked up by its SHA-256: the database
     * never compares the token itself, so no timing of a comparison tells anything about a guess.
     */
    @Override
    public Optional<ApiCaller> authenticate(String token) {
        if (token == null || !token.startsWith(PREFIX) || !SecretTokens.plausible(token.substring(PREFIX.length()))) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        Optional<ApiToken> found = jdbi.withHandle(h -> h.createQuery("SELECT * FROM api_tokens WHERE token_hash = :hash")
                .bind("hash", SecretTokens.sha256(token)).map(ApiTokens::map).findOne());
        if (found.isEmpty() || found.get().state(now) != ApiToken.State.ACTIVE) {
            return Optional.empty();
        }
        jdbi.useHandle(h -> h.createUpdate("""
                        UPDATE api_tokens SET last_used_at = :now
                        WHERE name = :name AND (last_used_at IS NULL OR last_used_at < :stale)""")
                .bind("now", now).bind("name", found.get().name()).bind("stale", now.minus(LAST_USED_RESOLUTION))
                .execute());
        return Optional.of(new ApiCaller(found.get().name(), found.get().scopes()));
    }

    /** {@code users:read,links:write} as scopes; {@link TokenRefused} naming the unknown one and the choices. */
    public static Set<ApiScope> parseScopes(String commaSeparated) {
        Set<ApiScope> scopes = EnumSet.noneOf(ApiScope.class);
        for (String part : commaSeparated == null ? new String[0] : commaSeparated.split(",")) {
            if (part.isBlank()) {
                continue;
            }
            scopes.add(ApiScope.fromWireName(part.strip()).orElseThrow(() -> new TokenRefused(
                    TokenRefused.Kind.UNKNOWN_SCOPE, "Unknown scope " + part.strip() + "; the scopes are: "
                    + ApiScope.allWireNames() + ".")));
        }
        return scopes;
    }

    /**
     * An ISO-8601 duration such as {@code P90D} or {@code PT12H}, at most {@link #MAX_EXPIRY}; {@link TokenRefused}
     * otherwise.
     */
    public static Duration parseExpiry(String text) {
        Duration duration = null;
        try {
            duration = Duration.parse(text.strip());
        } catch (DateTimeParseException | ArithmeticException e) {
            // answered below, with what to type instead
        }
        if (duration == null || duration.isNegative() || duration.isZero()) {
            throw new TokenRefused(TokenRefused.Kind.INVALID_EXPIRY, "--expires takes a positive ISO-8601 duration in "
                    + "days, hours or minutes, such as P90D (90 days) or PT12H; months and years are not durations: "
                    + "write P365D for a year.");
        }
        // A longer one is no expiry in practice, and an absurd one overflows the clock or the database's timestamps.
        if (duration.compareTo(MAX_EXPIRY) > 0) {
            throw new TokenRefused(TokenRefused.Kind.INVALID_EXPIRY, "--expires is at most " + MAX_EXPIRY.toDays()
                    + " days (P" + MAX_EXPIRY.toDays() + "D); leave it out for a token that does not expire.");
        }
        return duration;
    }

    private static TokenRefused duplicate(String name) {
        return new TokenRefused(TokenRefused.Kind.DUPLICATE_NAME, "There is already an API token named " + name
                + " (names are never reused, even after a revocation, so the audit trail stays unambiguous). "
                + "Choose another name, for example " + name + "-2.");
    }

    private static String wireNames(Set<ApiScope> scopes) {
        return scopes.stream().sorted().map(ApiScope::wireName).collect(Collectors.joining(","));
    }

    private static ApiToken map(ResultSet rs, org.jdbi.v3.core.statement.StatementContext ctx) throws SQLException {
        Set<ApiScope> scopes = EnumSet.noneOf(ApiScope.class);
        // A scope this version does not know (written by a newer one) grants nothing here.
        Arrays.stream(rs.getString("scopes").split(",")).map(ApiScope::fromWireName)
                .flatMap(Optional::stream).forEach(scopes::add);
        return new ApiToken(rs.getString("name"), scopes, rs.getString("created_by"), instant(rs, "created_at"),
                instant(rs, "expires_at"), instant(rs, "revoked_at"), instant(rs, "last_used_at"));
    }
}
