package io.github.mfaenroll.web;

import io.github.mfaenroll.audit.AuditAction;
import io.github.mfaenroll.audit.AuditEntry.Outcome;
import io.github.mfaenroll.audit.AuditLog;
import io.github.mfaenroll.iam.AccountId;
import io.github.mfaenroll.iam.AccountUser;
import io.github.mfaenroll.identity.ApiScope;
import io.github.mfaenroll.identity.Role;
import io.github.mfaenroll.identity.SecretTokens;
import io.github.mfaenroll.identity.Session;
import io.github.mfaenroll.identity.Sessions;
import io.github.mfaenroll.text.Languages;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.security.RouteRole;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * What runs before every handler: request id, security headers, the session, and for POSTs the origin and CSRF
 * checks; then, once the route is known, its {@link Access} rule. Requests under {@link Paths#API} carry a bearer
 * token instead ({@link BearerAuthentication}): no session cookie is read for them, so no API route can be reached
 * with one, and no CSRF token is written or checked (no browser form posts there, and a request that carries no
 * ambient credential cannot be forged across sites).
 */
public final class SecurityFilters {

    private static final Logger log = LoggerFactory.getLogger(SecurityFilters.class);
    private static final String HTML_UTF_8 = "text/html; charset=utf-8";

    private final Sessions sessions;
    private final SessionCookies cookies;
    private final SecretTokens tokens;
    private final String origin;
    private final ProxySettings proxies;
    private final AuditLog audit;
    private final SecurityHeaders securityHeaders;
    private final BearerAuthentication bearer;

    /**
     * @param proxies whether TLS-terminating proxies in front of the app set {@code X-Forwarded-For}, and how many;
     *                only then is that header believed (for audit and rate limits)
     * @param securityHeaders what every response carries
     * @param bearer how API requests authenticate
     */
    public SecurityFilters(Sessions sessions, SessionCookies cookies, SecretTokens tokens, URI baseUrl,
                           ProxySettings proxies, SecurityHeaders securityHeaders, AuditLog audit,
                           BearerAuthentication bearer) {
        this.bearer = bearer;
        this.audit = audit;
        this.sessions = sessions;
        this.cookies = cookies;
        this.tokens = tokens;
        this.origin = baseUrl.getScheme() + "://" + baseUrl.getRawAuthority();
        this.proxies = proxies;
        this.securityHeaders = securityHeaders;
    }

    /** Runs first on every request, matched or not, including static files and errors. */
    public void beforeEveryRequest(Context ctx) {
        String requestId = UUID.randomUUID().toString().substring(0, 8);
        WebContext.setRequestId(ctx, requestId);
        MDC.put("requestId", requestId);
        ctx.header("X-Request-Id", requestId);
        WebContext.setClientAddress(ctx, clientAddress(ctx));
        writeSecurityHeaders(ctx);
        if (Paths.isApi(ctx.path())) {
            bearer.refuseTokenInUrl(ctx);
            return;
        }
        WebContext.setLocale(ctx, Languages.choose(cookies.readLanguage(ctx), ctx.header("Accept-Language")));
        Optional<Session> session = Optional.ofNullable(cookies.readSession(ctx)).flatMap(sessions::find);
        session.ifPresent(s -> WebContext.setSession(ctx, s));
        if (session.isPresent()) {
            WebContext.setCsrfToken(ctx, session.get().csrfToken());
        } else if (!ctx.path().startsWith(Paths.STATIC + "/")) {
            // Not on static files: those responses are cacheable, and a shared cache must not hand one token to many.
            String preSession = cookies.readCsrf(ctx);
            if (!SecretTokens.plausible(preSession)) {
                preSession = tokens.newToken();
                cookies.writeCsrf(ctx, preSession);
            }
            WebContext.setCsrfToken(ctx, preSession);
        }
        if (ctx.method() == HandlerType.POST) {
            checkSameOrigin(ctx);
            checkCsrfToken(ctx);
        }
    }

    private String clientAddress(Context ctx) {
        if (!proxies.trusted()) {
            return ctx.ip();
        }
        // Every line: a proxy may append a line of its own after the ones the client sent.
        List<String> lines = Collections.list(ctx.req().getHeaders(ForwardedFor.HEADER));
        Optional<String> vouchedFor = ForwardedFor.clientAddress(lines, proxies.trustedHops());
        if (vouchedFor.isEmpty()) {
            // Not the header's text: it is the client's to write, and may be made to forge log lines.
            log.debug("No IP address {} from the right of {} X-Forwarded-For entries: the socket peer is the client",
                    proxies.trustedHops(), ForwardedFor.entries(lines).size());
        }
        return vouchedFor.orElseGet(ctx::ip);
    }

    /** Runs once the route is matched: enforces the route's {@link Access} rule. */
    public void checkAccess(Context ctx) {
        Set<RouteRole> roles = ctx.routeRoles();
        if (roles.isEmpty() || roles.contains(Access.ANYONE)) {
            return;
        }
        if (roles.contains(Access.API)) {
            ApiScope scope = roles.stream().filter(Route.RequiredScope.class::isInstance)
                    .map(role -> ((Route.RequiredScope) role).scope()).findFirst()
                    .orElseThrow(() -> new IllegalStateException("An API route without a scope"));
            // Again here, by the route's rule rather than the path's spelling: a path that reached this route spelled
            // otherwise (//api/...) must not escape the check.
            bearer.refuseTokenInUrl(ctx);
            bearer.checkAccess(ctx, scope);
            return;
        }
        Session session = WebContext.session(ctx);
        if (session == null) {
            throw new HttpProblem(401, "error.session_required");
        }
        boolean allowed = roles.stream().filter(Access.class::isInstance).anyMatch(role -> switch ((Access) role) {
            case ANYONE -> true;
            case API -> false;
            case EMPLOYEE -> session.user() != null;
            case HELPDESK -> session.role() == Role.HELPDESK || session.role() == Role.ADMIN;
            case ADMIN -> session.role() == Role.ADMIN;
        });
        if (!allowed) {
            // Someone signed in tried something their role does not allow: worth a line in the audit trail.
            String name = ctx.pathParamMap().get("name");
            String account = ctx.pathParamMap().get("account");
            AccountUser subject = name != null && name.matches("[\\w+=,.@-]{1,64}") && AccountId.isAccountId(account)
                    ? AccountUser.of(account, name) : null;
            audit.recordOnUser(session.principal(), subject, AuditAction.ACCESS_DENIED, Outcome.DENIED,
                    ctx.method() + " " + RequestLog.routeOf(ctx));
            throw new HttpProblem(403, "error.forbidden");
        }
    }

    /** The headers every response carries; also what Jetty's own error pages carry ({@link JettyErrorHandler}). */
    public SecurityHeaders securityHeaders() {
        return securityHeaders;
    }

    /**
     * Runs last on every request: a page names its character set. Javalin's {@code ctx.render} says only
     * {@code text/html}, and a browser left to guess may read the page in another encoding than it was written in.
     */
    public void afterEveryRequest(Context ctx) {
        // Whenever a token was accepted, whatever the path looked like.
        bearer.auditCall(ctx);
        if ("text/html".equalsIgnoreCase(ctx.res().getContentType())) {
            ctx.contentType(HTML_UTF_8);
        }
    }

    private void writeSecurityHeaders(Context ctx) {
        securityHeaders.all().forEach(ctx::header);
        if (!ctx.path().startsWith(Paths.STATIC + "/")) {
            // Pages may show a seed or a person's state: never store them in any cache, shared or not.
            ctx.header("Cache-Control", "no-store");
            // The same URL answers in the language of the cookie or the header.
            ctx.header("Vary", "Accept-Language, Cookie");
        }
    }

    /**
     * Browsers say where a POST comes from. A cross-site form post is refused even before the token check;
     * requests without either header (non-browser clients) still need the token.
     */
    private void checkSameOrigin(Context ctx) {
        String requestOrigin = ctx.header("Origin");
        if (requestOrigin != null && !requestOrigin.equals("null")) {
            if (!requestOrigin.equalsIgnoreCase(origin)) {
                throw new HttpProblem(403, "error.csrf");
            }
            return;
        }
        String fetchSite = ctx.header("Sec-Fetch-Site");
        if (fetchSite != null && !fetchSite.equals("same-origin") && !fetchSite.equals("none")) {
            throw new HttpProblem(403, "error.csrf");
        }
    }

    private void checkCsrfToken(Context ctx) {
        String expected = WebContext.csrfToken(ctx);
        String submitted = ctx.formParam("csrf");
        // Constant-time: the comparison must not reveal how much of a guessed token was right.
        if (expected == null || submitted == null || !MessageDigest.isEqual(
                expected.getBytes(StandardCharsets.UTF_8), submitted.getBytes(StandardCharsets.UTF_8))) {
            throw new HttpProblem(403, "error.csrf");
        }
    }
}
