package io.github.mfaenroll.oidc;

import io.github.mfaenroll.identity.Sessions;
import io.github.mfaenroll.limits.AddressLimits;
import io.github.mfaenroll.web.Paths;
import io.github.mfaenroll.web.SessionCookies;
import io.github.mfaenroll.web.WebContext;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;

/**
 * HTTP for signing in with the company identity provider: {@code GET /signin/oidc} sends the browser to the
 * provider with a short-lived binding cookie; {@code GET /signin/oidc/callback} finishes the sign-in in that same
 * browser and starts a fresh session. Failures are {@link OidcSignInFailure}s, which {@code ErrorPages} turns into
 * pages.
 */
public record OidcController(OidcSignIn signIn, Sessions sessions, SessionCookies cookies,
                             AddressLimits addressLimits) {

    /** The page shown when a sign-in with the provider does not end in a session. */

    public void begin(Context ctx) {
        addressLimits.require(AddressLimits.Scope.OIDC_START, WebContext.clientAddress(ctx));
        OidcSignIn.Begun begun = signIn.begin(cookies.readOidcBinding(ctx));
        cookies.writeOidcBinding(ctx, begun.browserBinding(), OidcSignIn.PENDING_TTL);
        ctx.redirect(begun.authorizationUrl().toString(), HttpStatus.SEE_OTHER);
    }

    public void callback(Context ctx) {
        OidcSignIn.Callback callback = new OidcSignIn.Callback(ctx.queryParam("state"), ctx.queryParam("code"),
                ctx.queryParam("error"));
        OidcSignIn.SignedIn signedIn;
        try {
            signedIn = signIn.complete(callback, cookies.readOidcBinding(ctx), WebContext.clientAddress(ctx));
        } catch (OidcSignInFailure e) {
            if (e.kind().identityProven()) {
                // Someone else has just proven who they are in this browser: the previous person's session ends.
                sessions.end(cookies.readSession(ctx));
                cookies.clearSession(ctx);
            }
            throw e;
        }
        // A fresh session id at sign-in: whatever session the browser had is ended, never upgraded.
        sessions.end(cookies.readSession(ctx));
        Sessions.Started started = sessions.start(signedIn.principal(), signedIn.role(), signedIn.iamUser());
        cookies.writeSession(ctx, started.cookieValue());
        // The binding cookie stays until its Max-Age: another tab of this browser may still be finishing a sign-in.
        ctx.redirect(landingOf(signedIn), HttpStatus.SEE_OTHER);
    }

    /** The wizard for whoever has an IAM user; staff without one (a role-only session) go to the staff start page. */
    private static String landingOf(OidcSignIn.SignedIn signedIn) {
        return signedIn.iamUser() != null ? Paths.ENROLL : Paths.HELPDESK;
    }
}
