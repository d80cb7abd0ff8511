package io.github.mfaenroll.web;

import io.github.mfaenroll.iam.AccountUser;
import io.github.mfaenroll.identity.Session;
import io.github.mfaenroll.text.Languages;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/** Per-request facts the filters establish and handlers read: session, CSRF token, locale, request id. */
public final class WebContext {

    private static final String SESSION = "mfa.session";
    private static final String CSRF = "mfa.csrf";
    private static final String REQUEST_ID = "mfa.requestId";
    private static final String CLIENT = "mfa.client";
    private static final String LOCALE = "mfa.locale";

    private WebContext() {
    }

    static void setSession(Context ctx, Session session) {
        ctx.attribute(SESSION, session);
    }

    static void setCsrfToken(Context ctx, String token) {
        ctx.attribute(CSRF, token);
    }

    static void setClientAddress(Context ctx, String address) {
        ctx.attribute(CLIENT, address);
    }

    /**
     * The client's address: the socket peer, or with MFA_TRUST_PROXY the IP address MFA_TRUSTED_PROXY_HOPS entries
     * from the right of all X-Forwarded-For lines ({@link ForwardedFor}).
     */
    public static String clientAddress(Context ctx) {
        String address = ctx.attribute(CLIENT);
        return address == null ? ctx.ip() : address;
    }

    static void setRequestId(Context ctx, String requestId) {
        ctx.attribute(REQUEST_ID, requestId);
    }

    /** The signed-in session, or null. */
    public static Session session(Context ctx) {
        return ctx.attribute(SESSION);
    }

    /** The session; only call on routes whose access rule already guarantees one. */
    public static Session requireSession(Context ctx) {
        Session session = session(ctx);
        if (session == null) {
            throw new HttpProblem(401, "error.session_required");
        }
        return session;
    }

    /** The IAM user bound to the session: the only user a request may act on. */
    public static AccountUser boundIamUser(Context ctx) {
        Session session = requireSession(ctx);
        if (session.user() == null) {
            throw new HttpProblem(403, "error.forbidden");
        }
        return session.user();
    }

    public static String csrfToken(Context ctx) {
        return ctx.attribute(CSRF);
    }

    public static String requestId(Context ctx) {
        return ctx.attribute(REQUEST_ID);
    }

    static void setLocale(Context ctx, Locale locale) {
        ctx.attribute(LOCALE, locale);
    }

    /** The page's language, as {@link SecurityFilters} chose it ({@link Languages}); English before that. */
    public static Locale locale(Context ctx) {
        Locale locale = ctx.attribute(LOCALE);
        return locale == null ? Languages.DEFAULT : locale;
    }

    /**
     * Where the language switch returns to: this page, for a page a GET showed; otherwise the start page. A POST's
     * answer has no address to reload, and an error page never echoes the request (its path may hold an unusable
     * onboarding token, its query an OIDC code).
     */
    static String currentPage(Context ctx) {
        if (ctx.method() != HandlerType.GET || ctx.status().getCode() >= 400) {
            return Paths.HOME;
        }
        String query = ctx.queryString();
        return query == null || query.isEmpty() ? ctx.path() : ctx.path() + "?" + query;
    }

    /** The model every page gets (CSRF token for its forms, whether someone is signed in), plus the page's own. */
    public static Map<String, Object> model(Context ctx, Map<String, ?> pageModel) {
        Map<String, Object> model = new HashMap<>(pageModel);
        model.put("csrf", csrfToken(ctx) == null ? "" : csrfToken(ctx));
        Session session = session(ctx);
        model.put("signedIn", session != null);
        model.put("principal", session == null ? "" : session.principal());
        model.put("lang", locale(ctx).toLanguageTag());
        model.put("languages", Languages.tags());
        model.put("here", currentPage(ctx));
        return model;
    }
}
