package io.github.mfaenroll.web;

import io.javalin.http.Context;
import java.net.URI;

/**
 * The session and pre-session CSRF cookies. Under HTTPS the session cookie gets the {@code __Host-} prefix and
 * {@code Secure} (pinned to this host, path /, never sent in clear). Always {@code HttpOnly}; {@code SameSite=Lax}
 * so a link from the welcome email still arrives signed in, while cross-site POSTs carry no cookie.
 */
public final class SessionCookies {

    private final boolean secure;
    private final String sessionName;
    private final String csrfName;
    private final String oidcName;
    private final String pendingSignInName;
    private final String oidcSecondFactorName;
    private final String languageName;

    public SessionCookies(URI baseUrl) {
        this.secure = "https".equalsIgnoreCase(baseUrl.getScheme());
        this.sessionName = secure ? "__Host-mfa_session" : "mfa_session";
        this.csrfName = secure ? "__Host-mfa_csrf" : "mfa_csrf";
        this.oidcName = secure ? "__Host-mfa_oidc" : "mfa_oidc";
        this.pendingSignInName = secure ? "__Host-mfa_signin" : "mfa_signin";
        this.oidcSecondFactorName = secure ? "__Host-mfa_oidc_2fa" : "mfa_oidc_2fa";
        this.languageName = secure ? "__Host-mfa_lang" : "mfa_lang";
    }

    public boolean secure() {
        return secure;
    }

    public String readSession(Context ctx) {
        return ctx.cookie(sessionName);
    }

    public void writeSession(Context ctx, String value) {
        write(ctx, sessionName, value, "Lax", -1);
    }

    public void clearSession(Context ctx) {
        write(ctx, sessionName, "", "Lax", 0);
    }

    public String readCsrf(Context ctx) {
        return ctx.cookie(csrfName);
    }

    /** Double-submit token for forms shown before sign-in (the onboarding landing page). */
    public void writeCsrf(Context ctx, String value) {
        write(ctx, csrfName, value, "Strict", -1);
    }

    public String readOidcBinding(Context ctx) {
        return ctx.cookie(oidcName);
    }

    /**
     * Ties a sign-in at the identity provider to the browser that started it: the callback is accepted only with
     * this cookie. {@code Lax}, because the callback is a top-level navigation arriving from the provider's site.
     */
    public void writeOidcBinding(Context ctx, String value, java.time.Duration maxAge) {
        write(ctx, oidcName, value, "Lax", (int) maxAge.toSeconds());
    }

    public String readPendingSignIn(Context ctx) {
        return ctx.cookie(pendingSignInName);
    }

    /**
     * A correct password waiting for its second factor: not a session, and no route accepts it as one. Strict and
     * short-lived, since it only has to live from the password page to the code page.
     */
    public void writePendingSignIn(Context ctx, String value, int maxAgeSeconds) {
        write(ctx, pendingSignInName, value, "Strict", maxAgeSeconds);
    }

    public void clearPendingSignIn(Context ctx) {
        write(ctx, pendingSignInName, "", "Strict", 0);
    }

    public String readOidcSecondFactor(Context ctx) {
        return ctx.cookie(oidcSecondFactorName);
    }

    /**
     * A company sign-in of staff waiting for the app's own second factor: not a session, and no route accepts it as
     * one. {@code Lax} rather than {@code Strict}: it is set at the end of a navigation that began at the provider's
     * site, and a Strict cookie would not come along on the redirect that follows.
     */
    public void writeOidcSecondFactor(Context ctx, String value, java.time.Duration maxAge) {
        write(ctx, oidcSecondFactorName, value, "Lax", (int) maxAge.toSeconds());
    }

    public void clearOidcSecondFactor(Context ctx) {
        write(ctx, oidcSecondFactorName, "", "Lax", 0);
    }

    public String readLanguage(Context ctx) {
        return ctx.cookie(languageName);
    }

    /**
     * The language picked with the switch ({@code en}, {@code de}, {@code es}): not a secret, but kept like the others
     * ({@code __Host-} under HTTPS, so no sibling subdomain can set it). A year, so the choice outlives sessions.
     */
    public void writeLanguage(Context ctx, String languageTag) {
        write(ctx, languageName, languageTag, "Lax", 365 * 24 * 3600);
    }

    private void write(Context ctx, String name, String value, String sameSite, int maxAge) {
        StringBuilder cookie = new StringBuilder(name).append('=').append(value)
                .append("; Path=/; HttpOnly; SameSite=").append(sameSite);
        if (maxAge >= 0) {
            cookie.append("; Max-Age=").append(maxAge);
        }
        if (secure) {
            cookie.append("; Secure");
        }
        ctx.res().addHeader("Set-Cookie", cookie.toString());
    }
}
