package io.github.mfaenroll.web;

import io.github.mfaenroll.identity.ProviderSignOut;
import io.github.mfaenroll.identity.SecretTokens;
import io.github.mfaenroll.identity.Session;
import io.github.mfaenroll.identity.Sessions;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.Map;

/**
 * Signing out, for every kind of session (employees, staff), and the page that confirms it. A session of a company
 * sign-in also ends the provider's session: the browser goes to the provider's end-session endpoint, which sends it
 * back to the signed-out page.
 */
public record SignOutController(Sessions sessions, SessionCookies cookies, SecretTokens tokens,
                                ProviderSignOut providerSignOut) {

    /** Ends the session, then Post/Redirect/Get: reloading the "signed out" page must not post the form again. */
    public void signOut(Context ctx) {
        Session session = WebContext.session(ctx);
        sessions.end(cookies.readSession(ctx));
        cookies.clearSession(ctx);
        String next = session == null || !session.companySignIn() ? Paths.SIGNED_OUT
                : providerSignOut.signOutUrl().map(Object::toString).orElse(Paths.SIGNED_OUT);
        ctx.redirect(next, HttpStatus.SEE_OTHER);
    }

    public void signedOut(Context ctx) {
        // The page after sign-out is an anonymous page: a fresh pre-session token, so its language switch works.
        String preSession = tokens.newToken();
        cookies.writeCsrf(ctx, preSession);
        Map<String, Object> model = WebContext.model(ctx, Map.of());
        model.put("csrf", preSession);
        model.put("signedIn", false);
        model.put("principal", "");
        ctx.render(Templates.SIGNED_OUT, model);
    }
}
