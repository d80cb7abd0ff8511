package io.github.mfaenroll.onboarding;

import io.github.mfaenroll.iam.AccountDirectory;
import io.github.mfaenroll.identity.Role;
import io.github.mfaenroll.identity.Sessions;
import io.github.mfaenroll.limits.AddressLimits;
import io.github.mfaenroll.onboarding.OnboardingLinks.LinkView;
import io.github.mfaenroll.onboarding.OnboardingLinks.Status;
import io.github.mfaenroll.web.Paths;
import io.github.mfaenroll.web.SessionCookies;
import io.github.mfaenroll.web.Templates;
import io.github.mfaenroll.web.WebContext;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP for onboarding links ({@code /onboard}). The landing page (GET) only looks at the link, because mail scanners
 * fetch links; the button on it (POST) claims the link, starts a fresh session and redirects to a URL without the
 * token.
 */
public record OnboardingController(OnboardingLinks links, Sessions sessions, SessionCookies cookies,
                                   AddressLimits addressLimits, boolean companySignIn, AccountDirectory accounts) {

    public void landing(Context ctx) {
        String token = ctx.pathParam("token");
        LinkView view = links.inspect(token);
        if (view.status() != Status.VALID) {
            ctx.status(view.status() == Status.UNKNOWN ? 404 : 410);
            ctx.render(Templates.LINK_INVALID, WebContext.model(ctx, Map.of(
                    "messageKey", "onboard.invalid." + view.status().name().toLowerCase(Locale.ROOT),
                    // A person whose link is used up or withdrawn may still have the other way in.
                    "companySignIn", companySignIn)));
            return;
        }
        ctx.render(Templates.LINK_LANDING, WebContext.model(ctx, Map.of(
                "token", token, "iamUser", view.user().name(), "expiresAt", view.expiresAt(),
                // With several accounts the person may hold a user in more than one: say which this link is for.
                "account", accounts.severalAccounts() ? accounts.describe(view.user().account()) : "")));
    }

    public void claim(Context ctx) {
        // Counted before the token is even looked at: an address over its limit claims nothing, and the link stays
        // valid for a later try.
        addressLimits.require(AddressLimits.Scope.LINK_CLAIM, WebContext.clientAddress(ctx));
        OnboardingLinks.Claim claim = links.claimLink(ctx.formParam("token"), WebContext.clientAddress(ctx));
        // A fresh session id at sign-in: whatever session the browser had is ended, never upgraded.
        sessions.end(cookies.readSession(ctx));
        Sessions.Started started = sessions.start("link:" + claim.user().name(), Role.EMPLOYEE, claim.user(),
                claim.allowAdditionalDevice(), claim.tagAddress());
        cookies.writeSession(ctx, started.cookieValue());
        // Whoever held an older session for this user (a forwarded or earlier link) is out: one person enrolls.
        sessions.endOtherEmployeeSessions(claim.user(), started.session().key());
        ctx.redirect(Paths.ENROLL, HttpStatus.SEE_OTHER);
    }
}
