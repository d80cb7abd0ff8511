package io.github.mfaenroll.oidc;

import io.github.mfaenroll.iam.AccountDirectory;
import io.github.mfaenroll.iam.AccountUser;
import io.github.mfaenroll.identity.Role;
import io.github.mfaenroll.identity.Sessions;
import io.github.mfaenroll.limits.AddressLimits;
import io.github.mfaenroll.oidc.OidcSignInFailure.Kind;
import io.github.mfaenroll.staff.HelpdeskAccounts.SecondFactorPage;
import io.github.mfaenroll.staff.HelpdeskAccounts.SetupLinkView;
import io.github.mfaenroll.staff.HelpdeskSignInController;
import io.github.mfaenroll.staff.SignInStep;
import io.github.mfaenroll.staff.StaffSecondFactors;
import io.github.mfaenroll.web.Paths;
import io.github.mfaenroll.web.SessionCookies;
import io.github.mfaenroll.web.Templates;
import io.github.mfaenroll.web.WebContext;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * HTTP for signing in with the company identity provider: {@code GET /signin/oidc} sends the browser to the
 * provider with a short-lived binding cookie; {@code GET /signin/oidc/callback} finishes the sign-in in that same
 * browser and starts a fresh session. Staff whose ID token proves no MFA get no session there: the callback leaves a
 * pending step, and {@code /signin/oidc/totp} asks for the app's own second factor before the session starts. Staff
 * without an authenticator get no key there: they enroll one only by claiming an administrator's setup link
 * ({@code /signin/oidc/setup/TOKEN}) while that pending step of the same principal is in the browser. Failures are {@link OidcSignInFailure}s, which {@code ErrorPages} turns
 * into pages.
 */
public record OidcController(OidcSignIn signIn, StaffSecondFactors staffFactors, Sessions sessions,
                             SessionCookies cookies, AddressLimits addressLimits, Clock clock,
                             AccountDirectory accounts) {

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
        startSession(ctx, signedIn.principal(), signedIn.role(), signedIn.iamUser(), signedIn.tagAddress(),
                signedIn.boundUsers());
        // The binding cookie stays until its Max-Age: another tab of this browser may still be finishing a sign-in.
    }

    /**
     * The app's second factor for staff: the code page, the authenticator enrollment page once a setup link was
     * claimed, or, for staff without an authenticator, the page that says how to get one (no key, no session).
     */
    public void secondFactorPage(Context ctx) {
        String pendingToken = cookies.readOidcSecondFactor(ctx);
        Optional<String> awaiting = staffFactors.awaitingSetupLink(pendingToken);
        if (awaiting.isPresent()) {
            renderSetupNeeded(ctx, awaiting.get());
            return;
        }
        Optional<SecondFactorPage> page = staffFactors.secondFactor(pendingToken);
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
            // The second-factor step keeps the staff member's IAM user by name only. With one account that names the
            // user; with several it does not say which account's, and a session is never bound to a guess.
            AccountUser own = passed.iamUser() == null || accounts.severalAccounts() ? null
                    : new AccountUser(accounts.own().id(), passed.iamUser());
            startSession(ctx, passed.principal(), passed.role(), own, null, List.of());
        } else if (step instanceof SignInStep.TooManyAttempts tooMany) {
            cookies.clearOidcSecondFactor(ctx);
            HelpdeskSignInController.retryAfter(ctx, clock, tooMany.retryAt());
            throw new OidcSignInFailure(Kind.STAFF_LOCKED, "staff second factor: too many attempts");
        } else if (step instanceof SignInStep.Refused refused
                && refused.reason() == SignInStep.Reason.SETUP_LINK_NEEDED) {
            Optional<String> awaiting = staffFactors.awaitingSetupLink(pendingToken);
            if (awaiting.isEmpty()) {
                startAgain(ctx);
                return;
            }
            renderSetupNeeded(ctx, awaiting.get());
        } else if (step instanceof SignInStep.Refused refused && refused.reason() != SignInStep.Reason.START_AGAIN) {
            HelpdeskSignInController.renderRefusedCode(ctx, staffFactors.secondFactor(pendingToken), refused.reason(),
                    Paths.OIDC_SECOND_FACTOR, Paths.OIDC_SIGN_IN, this::startAgain);
        } else {
            startAgain(ctx);
        }
    }

    /** A setup link's landing page: shows whose it is, uses nothing up (mail scanners open links). */
    public void setupPage(Context ctx) {
        String token = ctx.pathParam("token");
        HelpdeskSignInController.renderSetupLanding(ctx, Templates.OIDC_SETUP, token, staffFactors.setupLink(token));
    }

    /**
     * The setup form: the link together with this browser's pending company sign-in of the same principal turns that
     * sign-in into the authenticator enrollment. Without such a sign-in, or for another principal, nothing is used up.
     */
    public void setup(Context ctx) {
        String token = ctx.formParam("token");
        SignInStep step = staffFactors.claimSetupLink(cookies.readOidcSecondFactor(ctx), token,
                WebContext.clientAddress(ctx));
        if (step instanceof SignInStep.SecondFactorNeeded needed) {
            cookies.writeOidcSecondFactor(ctx, needed.pendingToken(), StaffSecondFactors.PENDING_TTL);
            ctx.redirect(Paths.OIDC_SECOND_FACTOR, HttpStatus.SEE_OTHER);
            return;
        }
        Optional<SetupLinkView> link = staffFactors.setupLink(token);
        if (step instanceof SignInStep.TooManyAttempts tooMany) {
            HelpdeskSignInController.renderSetupTooManyAttempts(ctx, Templates.OIDC_SETUP, clock, tooMany.retryAt());
        } else if (link.isPresent() && step instanceof SignInStep.Refused refused
                && refused.reason() == SignInStep.Reason.START_AGAIN) {
            renderSetup(ctx, 401, token, link.get(), "signin.company_setup.sign_in_first", "");
        } else if (link.isPresent() && step instanceof SignInStep.Refused refused
                && refused.reason() == SignInStep.Reason.SETUP_LINK_OTHER_PRINCIPAL) {
            renderSetup(ctx, 403, token, link.get(), "signin.company_setup.other_account", "");
        } else {
            renderSetup(ctx, 410, null, null, "signin.setup.unusable", "");
        }
    }

    private static void renderSetup(Context ctx, int status, String token, SetupLinkView link, String errorKey,
                                    Object retryAt) {
        HelpdeskSignInController.renderSetupLink(ctx, Templates.OIDC_SETUP, status, token, link, errorKey, retryAt);
    }

    /** No proof of MFA and no authenticator: no key and no session; the page says what to do instead. */
    private static void renderSetupNeeded(Context ctx, String principal) {
        ctx.status(403);
        ctx.render(Templates.OIDC_SETUP_NEEDED, WebContext.model(ctx, Map.of("accountName", principal)));
    }

    private void startSession(Context ctx, String principal, Role role, AccountUser iamUser, String tagAddress,
                              List<AccountUser> boundUsers) {
        Sessions.Started started = sessions.startCompanySignIn(principal, role, iamUser, tagAddress, boundUsers);
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
