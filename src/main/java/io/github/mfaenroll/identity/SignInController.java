package io.github.mfaenroll.identity;

import io.github.mfaenroll.identity.OnboardingLinks.LinkView;
import io.github.mfaenroll.identity.OnboardingLinks.Status;
import io.github.mfaenroll.limits.AddressLimits;
import io.github.mfaenroll.web.Paths;
import io.github.mfaenroll.web.SessionCookies;
import io.github.mfaenroll.web.WebContext;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP for onboarding links and signing out. The landing page (GET) only looks at the link, because mail
 * scanners fetch links; the button on it (POST) claims the link, starts a fresh session and redirects to a URL
 * without the token.
 */
public final class SignInController {

    public static final String LANDING_TEMPLATE = "onboard/landing";
    public static final String INVALID_TEMPLATE = "onboard/invalid";
    public static final String SIGNED_OUT_TEMPLATE = "onboard/signed-out";

    private final OnboardingLinks links;
    private final Sessions sessions;
    private final SessionCookies cookies;
    private final AddressLimits addressLimits;
    private final SecretTokens tokens;

    /** @param addressLimits counts link claims per client address (the landing page's GET is never counted) */
    public SignInController(OnboardingLinks links, Sessions sessions, SessionCookies cookies,
                            AddressLimits addressLimits, SecretTokens tokens) {
        this.links = links;
        this.sessions = sessions;
        this.cookies = cookies;
        this.addressLimits = addressLimits;
        this.tokens = tokens;
    }

    public void landing(Context ctx) {
        String token = ctx.pathParam("token");
        LinkView view = links.inspect(token);
        if (view.status() != Status.VALID) {
            ctx.status(view.status() == Status.UNKNOWN ? 404 : 410);
            ctx.render(INVALID_TEMPLATE, WebContext.model(ctx, Map.of(
                    "messageKey", "onboard.invalid." + view.status().name().toLowerCase(Locale.ROOT))));
            return;
        }
        ctx.render(LANDING_TEMPLATE, WebContext.model(ctx, Map.of(
                "token", token, "iamUser", view.iamUser(), "expiresAt", view.expiresAt())));
    }

    public void claim(Context ctx) {
        // Counted before the token is even looked at: an address over its limit claims nothing, and the link stays
        // valid for a later try.
        addressLimits.require(AddressLimits.Scope.LINK_CLAIM, WebContext.clientAddress(ctx));
        OnboardingLinks.Claim claim = links.claimLink(ctx.formParam("token"), WebContext.clientAddress(ctx));
        // A fresh session id at sign-in: whatever session the browser had is ended, never upgraded.
        sessions.end(cookies.readSession(ctx));
        Sessions.Started started = sessions.start("link:" + claim.iamUser(), Role.EMPLOYEE, claim.iamUser(),
                claim.allowAdditionalDevice());
        cookies.writeSession(ctx, started.cookieValue());
        ctx.redirect(Paths.ENROLL, HttpStatus.SEE_OTHER);
    }

    /** Ends the session, then Post/Redirect/Get: reloading the "signed out" page must not post the form again. */
    public void signOut(Context ctx) {
        sessions.end(cookies.readSession(ctx));
        cookies.clearSession(ctx);
        ctx.redirect(Paths.SIGNED_OUT, HttpStatus.SEE_OTHER);
    }

    public void signedOut(Context ctx) {
        // The page after sign-out is an anonymous page: a fresh pre-session token, so its language switch works.
        String preSession = tokens.newToken();
        cookies.writeCsrf(ctx, preSession);
        Map<String, Object> model = WebContext.model(ctx, Map.of());
        model.put("csrf", preSession);
        model.put("signedIn", false);
        model.put("principal", "");
        ctx.render(SIGNED_OUT_TEMPLATE, model);
    }
}
