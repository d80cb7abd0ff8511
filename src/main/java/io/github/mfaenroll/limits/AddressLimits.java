package io.github.mfaenroll.limits;

import static io.github.mfaenroll.store.Rows.instant;

import io.github.mfaenroll.audit.AuditAction;
import io.github.mfaenroll.audit.AuditEntry.Outcome;
import io.github.mfaenroll.audit.AuditLog;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Requests per client address, per {@link Scope}, in a fixed window counted in the database (several instances share
 * it). An address over the limit is refused until its window ends, or until a helpdesk member lifts the limit. The
 * first refusal of a window is audited as {@link AuditAction#ADDRESS_THROTTLED}; later ones are not (a flood must not
 * flood the audit trail as well).
 */
public final class AddressLimits {

    /** What is counted; each kind has its own count per address. Stored by name: only add, never rename. */
    public enum Scope {
        /** Claiming an onboarding link (POST of the landing page's button). */
        LINK_CLAIM,
        /** Local helpdesk sign-in requests (password and code). */
        SIGN_IN,
        /** Starting a sign-in with the company identity provider. */
        OIDC_START,
        /** Calls to the API with one token (counted per token name, not per address; its own limit and window). */
        API_TOKEN,
        /** API calls from one address whose token was refused (unknown, expired, revoked). */
        API_REFUSED_TOKEN;

        /** For the audit trail and the log. */
        public String label() {
            return switch (this) {
                case LINK_CLAIM -> "link claims";
                case SIGN_IN -> "local sign-in requests";
                case OIDC_START -> "company sign-in starts";
                case API_TOKEN -> "API calls with one token";
                case API_REFUSED_TOKEN -> "API calls with a refused token";
            };
        }
    }

    /** Whether a request may go ahead; if not, when it may. {@code firstRefusal} is true once per window. */
    public record Attempt(boolean allowed, Instant retryAt, boolean firstRefusal) {
    }

    /** An address over its limit now: since when, until when (the end of its window), for which kind of request. */
    public record Throttled(Scope scope, String clientAddress, Instant since, Instant until, int requests) {
    }

    private static final Logger log = LoggerFactory.getLogger(AddressLimits.class);
    private static final Pattern IPV6_LITERAL = Pattern.compile("[0-9a-f:][0-9a-f:.]{1,44}");

    private final Jdbi jdbi;
    private final AuditLog audit;
    private final Clock clock;
    private final int maxRequests;
    private final Duration window;
    private final int apiMaxRequests;
    private final Duration apiWindow;

    /**
     * Limits for client addresses only; API tokens get the same limit and window.
     *
     * @param maxRequests how many requests of one kind one client address may make per window
     */
    public AddressLimits(Jdbi jdbi, AuditLog audit, Clock clock, int maxRequests, Duration window) {
        this(jdbi, audit, clock, maxRequests, window, maxRequests, window);
    }

    /**
     * @param apiMaxRequests how many API calls one token may make per {@code apiWindow}: an integration makes many
     *     more requests than a person signing in, so it has a limit of its own
     */
    public AddressLimits(Jdbi jdbi, AuditLog audit, Clock clock, int maxRequests, Duration window, int apiMaxRequests,
                         Duration apiWindow) {
        if (maxRequests < 1 || window.isNegative() || window.isZero() || apiMaxRequests < 1
                || apiWindow.isNegative() || apiWindow.isZero()) {
            throw new IllegalArgumentException("maxRequests and window must be positive");
        }
        this.jdbi = jdbi;
        this.audit = audit;
        this.clock = clock;
        this.maxRequests = maxRequests;
        this.window = window;
        this.apiMaxRequests = apiMaxRequests;
        this.apiWindow = apiWindow;
    }

    private int maxRequests(Scope scope) {
        return scope == Scope.API_TOKEN ? apiMaxRequests : maxRequests;
    }

    private Duration window(Scope scope) {
        return scope == Scope.API_TOKEN ? apiWindow : window;
    }

    /** Counts one request from {@code clientAddress} and says whether it is within the limit. */
    public Attempt count(Scope scope, String clientAddress) {
        return countKey(scope, key(clientAddress));
    }

    /**
     * Counts one API call with the token of this name and throws {@link TooManyRequests} when the token is over its
     * limit. Counted by name, which is never reused, under the key {@code api:NAME} (what the audit trail calls it).
     */
    public void requireForToken(String tokenName) {
        require(countKey(Scope.API_TOKEN, "api:" + tokenName), Scope.API_TOKEN);
    }

    private Attempt countKey(Scope scope, String key) {
        int maxRequests = maxRequests(scope);
        Duration window = window(scope);
        Instant now = clock.instant();
        Instant cutoff = now.minus(window);
        Attempt attempt = null;
        for (int tries = 0; attempt == null; tries++) {
            try {
                attempt = jdbi.inTransaction(h -> {
                    int counted = h.createUpdate("""
                                    UPDATE address_requests SET requests = requests + 1
                                    WHERE scope = :scope AND client_address = :key AND window_start > :cutoff""")
                            .bind("scope", scope.name()).bind("key", key).bind("cutoff", cutoff).execute();
                    if (counted == 0) {
                        counted = h.createUpdate("""
                                        UPDATE address_requests SET requests = 1, window_start = :now, throttled_at = NULL
                                        WHERE scope = :scope AND client_address = :key AND window_start <= :cutoff""")
                                .bind("scope", scope.name()).bind("key", key).bind("now", now).bind("cutoff", cutoff)
                                .execute();
                    }
                    if (counted == 0) {
                        // Old windows of other addresses are useless: drop them while we are writing anyway (of
                        // this scope only: another scope's window may be longer).
                        h.createUpdate("DELETE FROM address_requests WHERE scope = :scope AND window_start <= :cutoff")
                                .bind("scope", scope.name()).bind("cutoff", cutoff).execute();
                        h.createUpdate("""
                                        INSERT INTO address_requests (scope, client_address, window_start, requests)
                                        VALUES (:scope, :key, :now, 1)""")
                                .bind("scope", scope.name()).bind("key", key).bind("now", now).execute();
                    }
                    // The first request over the limit marks the address; only that one sees firstRefusal.
                    int marked = h.createUpdate("""
                                    UPDATE address_requests SET throttled_at = :now
                                    WHERE scope = :scope AND client_address = :key AND requests > :max
                                    AND throttled_at IS NULL""")
                            .bind("now", now).bind("scope", scope.name()).bind("key", key).bind("max", maxRequests)
                            .execute();
                    return h.createQuery("""
                                    SELECT window_start, requests FROM address_requests
                                    WHERE scope = :scope AND client_address = :key""")
                            .bind("scope", scope.name()).bind("key", key)
                            .map((rs, ctx) -> new Attempt(rs.getInt("requests") <= maxRequests,
                                    instant(rs, "window_start").plus(window), marked == 1))
                            .one();
                });
            } catch (UnableToExecuteStatementException e) {
                // Another instance inserted the same address first (primary key): count again, once.
                if (tries > 0) {
                    throw e;
                }
            }
        }
        if (attempt.firstRefusal()) {
            // A token is named by its name; an address is anonymous.
            audit.record(scope == Scope.API_TOKEN ? key : "anonymous", null, AuditAction.ADDRESS_THROTTLED,
                    Outcome.DENIED, (scope == Scope.API_TOKEN ? "token " : "address ") + key
                    + ": more than " + maxRequests + " " + scope.label() + " within " + window
                    + "; refused until " + attempt.retryAt());
            log.warn("Address limit reached: {} from {}", scope.label(), key);
        }
        return attempt;
    }

    /** Counts one request and throws {@link TooManyRequests} when the address is over its limit. */
    public void require(Scope scope, String clientAddress) {
        require(count(scope, clientAddress), scope);
    }

    /**
     * Throws {@link TooManyRequests} when the address is over its limit now, without counting this request: for a
     * check that must come before work the limit protects (the API looks a token up only for an address not
     * throttled for refused tokens).
     */
    public void requireNotThrottled(Scope scope, String clientAddress) {
        Instant now = clock.instant();
        Optional<Instant> windowStart = jdbi.withHandle(h -> h.createQuery("""
                        SELECT window_start FROM address_requests
                        WHERE scope = :scope AND client_address = :key AND throttled_at IS NOT NULL
                            AND window_start > :cutoff""")
                .bind("scope", scope.name()).bind("key", key(clientAddress)).bind("cutoff", now.minus(window(scope)))
                .map((rs, ctx) -> instant(rs, "window_start")).findOne());
        if (windowStart.isPresent()) {
            require(new Attempt(false, windowStart.get().plus(window(scope)), false), scope);
        }
    }

    private void require(Attempt attempt, Scope scope) {
        if (!attempt.allowed()) {
            long seconds = Math.max(1, Duration.between(clock.instant(), attempt.retryAt()).toSeconds() + 1);
            throw new TooManyRequests(scope, attempt.retryAt(), seconds);
        }
    }

    /** Addresses over their limit now, newest first. */
    public List<Throttled> throttled() {
        Instant now = clock.instant();
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT * FROM address_requests WHERE throttled_at IS NOT NULL ORDER BY throttled_at DESC""")
                .map((rs, ctx) -> {
                    Scope scope = Scope.valueOf(rs.getString("scope"));
                    return new Throttled(scope, rs.getString("client_address"), instant(rs, "throttled_at"),
                            instant(rs, "window_start").plus(window(scope)), rs.getInt("requests"));
                })
                .list()).stream().filter(t -> t.until().isAfter(now)).toList();
    }

    /** The throttled entry for this scope and address, if the address is over its limit now. */
    public Optional<Throttled> find(Scope scope, String clientAddress) {
        String key = scope == Scope.API_TOKEN ? clientAddress : key(clientAddress);
        return throttled().stream().filter(t -> t.scope() == scope && t.clientAddress().equals(key)).findFirst();
    }

    /**
     * Lifts the limit of a throttled address: its count starts again at zero. Returns false when the address was not
     * throttled (any more). Audited with the acting staff member.
     */
    public boolean lift(Scope scope, String clientAddress, String actor) {
        Optional<Throttled> current = find(scope, clientAddress);
        if (current.isEmpty()) {
            return false;
        }
        int deleted = jdbi.withHandle(h -> h.createUpdate(
                        "DELETE FROM address_requests WHERE scope = :scope AND client_address = :key")
                .bind("scope", scope.name()).bind("key", current.get().clientAddress()).execute());
        if (deleted == 0) {
            return false;
        }
        audit.record(actor, null, AuditAction.ADDRESS_THROTTLE_LIFTED, Outcome.SUCCESS, "address "
                + current.get().clientAddress() + ": limit on " + scope.label() + " lifted (was until "
                + current.get().until() + ")");
        log.info("Address limit on {} for {} lifted by {}", scope.label(), current.get().clientAddress(), actor);
        return true;
    }

    /**
     * What one count belongs to: the address, or for IPv6 its /64. A host is usually given a whole /64 and can use any
     * address in it (privacy extensions change it daily), so counting single IPv6 addresses would give one client
     * 2^64 fresh counts. An IPv4 address mapped into IPv6 counts as the IPv4 address. Idempotent: a key is its own key.
     */
    static String key(String clientAddress) {
        String key = clientAddress == null || clientAddress.isBlank() ? "unknown"
                : clientAddress.strip().toLowerCase(Locale.ROOT);
        if (key.contains(":") && !key.endsWith("/64")) {
            key = ipv6Network(key);
        }
        return key.length() > 64 ? key.substring(0, 64) : key;
    }

    private static String ipv6Network(String address) {
        String literal = address.startsWith("[") && address.endsWith("]") ? address.substring(1, address.length() - 1)
                : address;
        int zone = literal.indexOf('%');
        literal = zone < 0 ? literal : literal.substring(0, zone);
        // Only a literal reaches the parser, so it never asks DNS.
        if (!IPV6_LITERAL.matcher(literal).matches()) {
            return address;
        }
        try {
            InetAddress parsed = InetAddress.getByName(literal);
            if (!(parsed instanceof Inet6Address)) {
                return parsed.getHostAddress();
            }
            byte[] network = parsed.getAddress();
            Arrays.fill(network, 8, 16, (byte) 0);
            return InetAddress.getByAddress(network).getHostAddress() + "/64";
        } catch (UnknownHostException e) {
            return address;
        }
    }
}
