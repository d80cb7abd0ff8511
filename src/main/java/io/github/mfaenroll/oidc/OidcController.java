package io.github.mfaenroll.oidc;

import io.github.mfaenroll.identity.Role;
import io.github.mfaenroll.identity.Sessions;
import io.github.mfaenroll.limits.AddressLimits;
import io.github.mfaenroll.oidc.OidcSignInFailure.Kind;
import io.github.mfaenroll.staff.HelpdeskAccounts.SecondFactorPage;
import io.github.mfaenroll.staff.HelpdeskSignInController;
import io.github.mfaenroll.staff.SignInStep;
import io.github.mfaenroll.staff.StaffSecondFactors;
import io.github.mfaenroll.web.Paths;
import io.github.mfaenroll.web.SessionCookies;
import io.github.mfaenroll.web.WebContext;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * HTTP for signing in with the company identity provider: {@code GET /signin/oidc} sends the browser to the
 * provider with a short-lived binding cookie; {@code GET /signin/oidc/callback} finishes the sign-in in that same
 * browser and starts a fresh session. Staff whose ID token proves no MFA get no session there: the callback leaves a
 * pending step, and {@code /signin/oidc/totp} asks for the app's own second factor (enrolling an authenticator the
 * first time) before the session starts. Failures are {@link OidcSignInFailure}s, which {@code ErrorPages} turns
 * into pages.
 */
public record OidcController(OidcSignIn signIn, StaffSecondFactors staffFactors, Sessions sessions,
                             SessionCookies cookies, AddressLimits addressLimits, Clock clock) {

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
        if (signedIn.secondFactorNeeded()) {
            cookies.clearSession(ctx);
            // Lax, not Strict: this response ends a navigation that started at the provider's site.
            cookies.writeOidcSecondFactor(ctx, signedIn.pendingSecondFactor(), StaffSecondFactors.PENDING_TTL);
            ctx.redirect(Paths.OIDC_SECOND_FACTOR, HttpStatus.SEE_OTHER);
            return;
        }
        startSession(ctx, signedIn.principal(), signedIn.role(), signedIn.iamUser(), signedIn.idToken());
        // The binding cookie stays until its Max-Age: another tab of this browser may still be finishing a sign-in.
    }

    /** The app's second factor for staff: the code page, or the first time the authenticator enrollment page. */
    public void secondFactorPage(Context ctx) {
        Optional<SecondFactorPage> page = staffFactors.secondFactor(cookies.readOidcSecondFactor(ctx));
        if (page.isEmpty()) {
            startAgain(ctx);
            return;
        }
        renderCode(ctx, 200, page.get(), "");
    }

    public void secondFactor(Context ctx) {
        String pendingToken = cookies.readOidcSecondFactor(ctx);
        SignInStep step = staffFactors.checkCode(pendingToken, ctx.formParam("code"), WebContext.clientAddress(ctx));
        if (step instanceof SignInStep.SecondFactorPassed passed) {
            sessions.end(cookies.readSession(ctx));
            cookies.clearOidcSecondFactor(ctx);
            startSession(ctx, passed.principal(), passed.role(), passed.iamUser(), passed.idToken());
        } else if (step instanceof SignInStep.TooManyAttempts tooMany) {
            cookies.clearOidcSecondFactor(ctx);
            long seconds = Math.max(1, Duration.between(clock.instant(), tooMany.retryAt()).toSeconds() + 1);
            ctx.header("Retry-After", String.valueOf(seconds));
            throw new OidcSignInFailure(Kind.STAFF_LOCKED, "staff second factor: too many attempts");
        } else if (step instanceof SignInStep.Refused refused && refused.reason() != SignInStep.Reason.START_AGAIN) {
            Optional<SecondFactorPage> page = staffFactors.secondFactor(pendingToken);
            if (page.isEmpty()) {
                startAgain(ctx);
                return;
            }
            renderCode(ctx, 401, page.get(), refused.reason() == SignInStep.Reason.CODE_ALREADY_USED
                    ? "signin.error.code_already_used" : "signin.error.wrong_code");
        } else {
            startAgain(ctx);
        }
    }

    private void startSession(Context ctx, String principal, Role role, String iamUser, String idToken) {
        Sessions.Started started = sessions.startWithIdToken(principal, role, iamUser, idToken);
        cookies.writeSession(ctx, started.cookieValue());
        // The wizard for whoever has an IAM user; staff without one (a role-only session) go to the staff start page.
        ctx.redirect(iamUser != null ? Paths.ENROLL : Paths.HELPDESK, HttpStatus.SEE_OTHER);
    }

    private void startAgain(Context ctx) {
        cookies.clearOidcSecondFactor(ctx);
        throw new OidcSignInFailure(Kind.EXPIRED, "no pending second factor in this browser");
    }

    private static void renderCode(Context ctx, int status, SecondFactorPage page, String errorKey) {
        HelpdeskSignInController.renderSecondFactor(ctx, status, page, errorKey, Paths.OIDC_SECOND_FACTOR,
                Paths.OIDC_SIGN_IN);
    }
}
