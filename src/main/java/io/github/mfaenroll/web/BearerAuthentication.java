package io.github.mfaenroll.web;

import io.github.mfaenroll.audit.AuditAction;
import io.github.mfaenroll.audit.AuditEntry.Outcome;
import io.github.mfaenroll.audit.AuditLog;
import io.github.mfaenroll.iam.AccountUser;
import io.github.mfaenroll.identity.ApiCaller;
import io.github.mfaenroll.identity.ApiScope;
import io.github.mfaenroll.identity.BearerTokens;
import io.github.mfaenroll.identity.SecretTokens;
import io.github.mfaenroll.limits.AddressLimits;
import io.github.mfaenroll.limits.TooManyRequests;
import io.javalin.http.Context;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * How a request under {@link Paths#API} proves who it is: {@code Authorization: Bearer TOKEN}, and nothing else (no
 * cookie, no form field, no query parameter). Then the token's rate limit and the route's scope; after the response,
 * one audit entry per authenticated call, with the token's name as actor.
 */
public final class BearerAuthentication {

    /** The query parameter RFC 6750 section 2.3 names; refused like any other token in a URL. */
    private static final String ACCESS_TOKEN_PARAMETER = "access_token";
    private static final String CALLER = "mfa.apiCaller";
    private static final String SUBJECT = "mfa.apiSubject";

    private final BearerTokens tokens;
    private final AddressLimits limits;
    private final AuditLog audit;
    private final String tokenPrefix;

    /** @param tokenPrefix how every token starts, to recognise one where it must not be (a query string) */
    public BearerAuthentication(BearerTokens tokens, AddressLimits limits, AuditLog audit, String tokenPrefix) {
        this.tokens = tokens;
        this.limits = limits;
        this.audit = audit;
        this.tokenPrefix = tokenPrefix;
    }

    /**
     * Before routing, on every API request (matched or not): a token in the URL is refused. URLs end up in proxy
     * logs, browser history and Referer headers; a client that puts the token there must learn it at once, not
     * after it has worked for months. The refusal never repeats the URL or the token.
     */
    void refuseTokenInUrl(Context ctx) {
        for (Map.Entry<String, List<String>> parameter : ctx.queryParamMap().entrySet()) {
            boolean named = parameter.getKey().toLowerCase(Locale.ROOT).equals(ACCESS_TOKEN_PARAMETER);
            if (named || looksLikeToken(parameter.getKey())
                    || parameter.getValue().stream().anyMatch(this::looksLikeToken)) {
                throw new ApiProblem(ApiProblem.Kind.TOKEN_IN_QUERY, "Send the token in the Authorization header "
                        + "(Authorization: Bearer TOKEN). A token that was sent in a URL may be in logs along the way: "
                        + "revoke it and create a new one.");
            }
        }
    }

    private boolean looksLikeToken(String text) {
        return text != null && (text.contains(tokenPrefix)
                || SecretTokens.plausible(text));
    }

    /** Once the API route is matched: the token, its rate limit, then the route's scope. */
    void checkAccess(Context ctx, ApiScope scope) {
        String header = ctx.header("Authorization");
        if (header == null || header.isBlank()) {
            throw new ApiProblem(ApiProblem.Kind.TOKEN_REQUIRED, "Send Authorization: Bearer TOKEN.");
        }
        // RFC 6750: the scheme is case-insensitive, one or more spaces follow it.
        String[] parts = header.strip().split(" +", 2);
        if (parts.length != 2 || !parts[0].equalsIgnoreCase("Bearer")) {
            throw new ApiProblem(ApiProblem.Kind.TOKEN_REQUIRED, "Only bearer tokens are accepted: "
                    + "Authorization: Bearer TOKEN.");
        }
        // Refused tokens count per address, and an address over its limit is answered before any token is looked up:
        // guessing is hopeless at 256 bits, but a flood of made-up tokens must not keep the database busy.
        String address = WebContext.clientAddress(ctx);
        Optional<ApiCaller> caller;
        try {
            limits.requireNotThrottled(AddressLimits.Scope.API_REFUSED_TOKEN, address);
            caller = tokens.authenticate(parts[1].strip());
            if (caller.isEmpty()) {
                limits.require(AddressLimits.Scope.API_REFUSED_TOKEN, address);
            }
        } catch (TooManyRequests e) {
            throw new ApiProblem(ApiProblem.Kind.TOO_MANY_REQUESTS, "Too many calls with a refused token from this "
                    + "address; try again after Retry-After seconds.", Map.of(), null, e.retryAfterSeconds());
        }
        if (caller.isEmpty()) {
            throw new ApiProblem(ApiProblem.Kind.TOKEN_INVALID, "Create a new token with `token create`.");
        }
        ctx.attribute(CALLER, caller.get());
        try {
            limits.requireForToken(caller.get().tokenName());
        } catch (TooManyRequests e) {
            throw new ApiProblem(ApiProblem.Kind.TOO_MANY_REQUESTS, "This token made more calls than its limit "
                    + "allows; try again after Retry-After seconds.", Map.of(), null, e.retryAfterSeconds());
        }
        if (!caller.get().may(scope)) {
            throw new ApiProblem(ApiProblem.Kind.INSUFFICIENT_SCOPE, "This call needs the scope " + scope.wireName()
                    + "; create a token that has it.", Map.of(), scope, 0);
        }
    }

    /**
     * After the response: every call made with a valid token is in the audit trail, with the token's name, the route
     * (never the raw path or query) and the status. Calls without a valid token are not, nor calls over the token's
     * limit (the first of those is, as ADDRESS_THROTTLED): a flood must not flood the trail as well (they are all in
     * the request log).
     */
    void auditCall(Context ctx) {
        ApiCaller caller = ctx.attribute(CALLER);
        int status = ctx.status().getCode();
        if (caller == null || status == 429) {
            return;
        }
        Outcome outcome = status < 400 ? Outcome.SUCCESS : status == 401 || status == 403 ? Outcome.DENIED
                : Outcome.FAILURE;
        AccountUser subject = ctx.attribute(SUBJECT);
        audit.recordOnUser(caller.actor(), subject, AuditAction.API_CALL, outcome,
                ctx.method() + " " + RequestLog.routeOf(ctx) + " -> " + status);
    }

    /**
     * Whether the request is the API's: by its path, or by the rule of the route it matched (however the path was
     * spelled), so its failures are answered as problem+json.
     */
    public static boolean isApiRequest(Context ctx) {
        return Paths.isApi(ctx.path()) || ctx.routeRoles().contains(Access.API);
    }

    /** The caller of an API route; only call on routes whose access rule is {@link Access#API}. */
    public static ApiCaller caller(Context ctx) {
        ApiCaller caller = ctx.attribute(CALLER);
        if (caller == null) {
            throw new ApiProblem(ApiProblem.Kind.TOKEN_REQUIRED, "Send Authorization: Bearer TOKEN.");
        }
        return caller;
    }

    /** Names the IAM user an API call was about, for its audit entry. */
    public static void auditAbout(Context ctx, AccountUser user) {
        ctx.attribute(SUBJECT, user);
    }
}
