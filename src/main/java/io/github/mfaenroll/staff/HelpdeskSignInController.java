package io.github.mfaenroll.staff;

import io.github.mfaenroll.web.Templates;
import io.github.mfaenroll.identity.Role;
import io.github.mfaenroll.identity.Session;
import io.github.mfaenroll.identity.Sessions;
import io.github.mfaenroll.staff.HelpdeskAccounts.SecondFactorPage;
import io.github.mfaenroll.totp.QrCodes;
import io.github.mfaenroll.web.Paths;
import io.github.mfaenroll.web.SessionCookies;
import io.github.mfaenroll.web.WebContext;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * HTTP for local helpdesk sign-in: {@code /signin} (name and password) then {@code /signin/totp} (a code, or at the
 * first sign-in the authenticator enrollment). A correct password gives only a short-lived pending cookie; the
 * session starts after the code, with a fresh id.
 *
 * <p>Statuses: 303 after each successful step (Post/Redirect/Get); a refused step re-renders its form with 401 (no
 * session was started) and the message linked to the field; too many attempts, whether the account is locked or
 * the client address is over its rate, is 429 with {@code Retry-After}. One status for both on purpose: 423 would
 * say "this account exists and is locked", while an unknown name answers exactly like a locked one.
 */
public record HelpdeskSignInController(HelpdeskAccounts accounts, Sessions sessions, SessionCookies cookies,
                                       Clock clock) {

    private static final int QR_PIXELS = 280;

    public void passwordPage(Context ctx) {
        Session session = WebContext.session(ctx);
        if (session != null && (session.role() == Role.HELPDESK || session.role() == Role.ADMIN)) {
            ctx.redirect(Paths.HELPDESK, HttpStatus.SEE_OTHER);
            return;
        }
        renderPassword(ctx, 200, "", "");
    }

    public void password(Context ctx) {
        String name = ctx.formParam("name");
        SignInStep step = accounts.checkPassword(name, ctx.formParam("password"), WebContext.clientAddress(ctx));
        if (step instanceof SignInStep.SecondFactorNeeded needed) {
            toCodeStep(ctx, needed);
        } else if (step instanceof SignInStep.TooManyAttempts tooMany) {
            tooManyAttempts(ctx, tooMany.retryAt());
        } else if (step instanceof SignInStep.Refused refused
                && refused.reason() == SignInStep.Reason.SETUP_LINK_NEEDED) {
            renderPassword(ctx, 401, "signin.error.setup_link_needed", name.strip());
        } else {
            // Keep a plausible name in the field; anything else may be a password typed in the wrong box.
            String keep = name != null
                    && HelpdeskAccounts.NAME.matcher(name.strip().toLowerCase(Locale.ROOT)).matches() ? name.strip() : "";
            renderPassword(ctx, 401, "signin.error.wrong_name_or_password", keep);
        }
    }

    public void codePage(Context ctx) {
        Optional<SecondFactorPage> page = accounts.secondFactor(cookies.readPendingSignIn(ctx));
        if (page.isEmpty()) {
            startAgain(ctx);
            return;
        }
        renderCode(ctx, 200, page.get(), "");
    }

    public void code(Context ctx) {
        String pendingToken = cookies.readPendingSignIn(ctx);
        SignInStep step = accounts.checkCode(pendingToken, ctx.formParam("code"), WebContext.clientAddress(ctx));
        if (step instanceof SignInStep.SignedIn signedIn) {
            // A fresh session id at sign-in: whatever session the browser had is ended, never upgraded.
            sessions.end(cookies.readSession(ctx));
            Sessions.Started started = sessions.start(HelpdeskAccounts.principal(signedIn.accountName()),
                    signedIn.role(), null);
            cookies.writeSession(ctx, started.cookieValue());
            cookies.clearPendingSignIn(ctx);
            ctx.redirect(Paths.HELPDESK, HttpStatus.SEE_OTHER);
        } else if (step instanceof SignInStep.TooManyAttempts tooMany) {
            cookies.clearPendingSignIn(ctx);
            tooManyAttempts(ctx, tooMany.retryAt());
        } else if (step instanceof SignInStep.Refused refused && refused.reason() != SignInStep.Reason.START_AGAIN) {
            renderRefusedCode(ctx, accounts.secondFactor(pendingToken), refused.reason(), Paths.SIGN_IN_CODE,
                    Paths.SIGN_IN, this::startAgain);
        } else {
            startAgain(ctx);
        }
    }

    /** A setup link's landing page: shows the account, uses nothing up (mail scanners open links). */
    public void setupPage(Context ctx) {
        String token = ctx.pathParam("token");
        renderSetupLanding(ctx, Templates.STAFF_SETUP, token, accounts.setupLink(token));
    }

    /** The setup form: link and password claim the link and lead to the authenticator enrollment. */
    public void setup(Context ctx) {
        String token = ctx.formParam("token");
        SignInStep step = accounts.claimSetupLink(token, ctx.formParam("password"), WebContext.clientAddress(ctx));
        if (step instanceof SignInStep.SecondFactorNeeded needed) {
            toCodeStep(ctx, needed);
            return;
        }
        Optional<HelpdeskAccounts.SetupLinkView> link = accounts.setupLink(token);
        if (step instanceof SignInStep.TooManyAttempts tooMany) {
            renderSetupTooManyAttempts(ctx, Templates.STAFF_SETUP, clock, tooMany.retryAt());
        } else if (link.isPresent() && step instanceof SignInStep.Refused refused
                && refused.reason() == SignInStep.Reason.WRONG_NAME_OR_PASSWORD) {
            renderSetup(ctx, 401, token, link.get(), "signin.setup.wrong_password", "");
        } else {
            renderSetup(ctx, 410, null, null, "signin.setup.unusable", "");
        }
    }

    /** The password (or a setup link with it) was right: the pending cookie, then the code page. */
    private void toCodeStep(Context ctx, SignInStep.SecondFactorNeeded needed) {
        cookies.writePendingSignIn(ctx, needed.pendingToken(), (int) HelpdeskAccounts.PENDING_TTL.toSeconds());
        ctx.redirect(Paths.SIGN_IN_CODE, HttpStatus.SEE_OTHER);
    }

    private static void renderSetup(Context ctx, int status, String token, HelpdeskAccounts.SetupLinkView link,
                                    String errorKey, Object retryAt) {
        renderSetupLink(ctx, Templates.STAFF_SETUP, status, token, link, errorKey, retryAt);
    }

    /**
     * A setup link's page ({@code template}: local accounts' or company staff's), for the link {@code token} whose
     * landing page shows {@code link}; both are null when the link is not shown (unusable, too many attempts).
     */
    public static void renderSetupLink(Context ctx, String template, int status, String token,
                                       HelpdeskAccounts.SetupLinkView link, String errorKey, Object retryAt) {
        Map<String, Object> page = new HashMap<>();
        page.put("token", token == null ? "" : token);
        page.put("accountName", link == null ? "" : link.accountName());
        page.put("expiresAt", link == null ? "" : link.expiresAt());
        page.put("errorKey", errorKey);
        page.put("retryAt", retryAt);
        ctx.status(status);
        ctx.render(template, WebContext.model(ctx, page));
    }

    /**
     * A setup link's landing page: shows whose link it is, or 410 when it is unusable. Uses nothing up (mail scanners
     * open links).
     */
    public static void renderSetupLanding(Context ctx, String template, String token,
                                          Optional<HelpdeskAccounts.SetupLinkView> link) {
        if (link.isEmpty()) {
            renderSetupLink(ctx, template, 410, null, null, "signin.setup.unusable", "");
            return;
        }
        renderSetupLink(ctx, template, 200, token, link.get(), "", "");
    }

    /** A setup form refused for too many attempts: 429 with {@code Retry-After}, the link no longer shown. */
    public static void renderSetupTooManyAttempts(Context ctx, String template, Clock clock, Instant retryAt) {
        retryAfter(ctx, clock, retryAt);
        renderSetupLink(ctx, template, 429, null, null, "signin.error.too_many_attempts", retryAt);
    }

    /** {@code Retry-After} in whole seconds until {@code retryAt}, rounded up and at least one. */
    public static void retryAfter(Context ctx, Clock clock, Instant retryAt) {
        long seconds = Math.max(1, Duration.between(clock.instant(), retryAt).toSeconds() + 1);
        ctx.header("Retry-After", String.valueOf(seconds));
    }

    private void startAgain(Context ctx) {
        cookies.clearPendingSignIn(ctx);
        renderPassword(ctx, 401, "signin.error.start_again", "");
    }

    private void tooManyAttempts(Context ctx, Instant retryAt) {
        retryAfter(ctx, clock, retryAt);
        Map<String, Object> page = passwordModel("signin.error.too_many_attempts", "");
        page.put("retryAt", retryAt);
        ctx.status(429);
        ctx.render(Templates.STAFF_PASSWORD, WebContext.model(ctx, page));
    }

    private void renderPassword(Context ctx, int status, String errorKey, String name) {
        ctx.status(status);
        ctx.render(Templates.STAFF_PASSWORD, WebContext.model(ctx, passwordModel(errorKey, name)));
    }

    private static Map<String, Object> passwordModel(String errorKey, String name) {
        Map<String, Object> page = new HashMap<>();
        page.put("errorKey", errorKey);
        page.put("retryAt", "");
        page.put("name", name);
        return page;
    }

    private void renderCode(Context ctx, int status, SecondFactorPage second, String errorKey) {
        renderSecondFactor(ctx, status, second, errorKey, Paths.SIGN_IN_CODE, Paths.SIGN_IN);
    }

    /**
     * A refused code: the code page again, saying why, or {@code startAgain} when the pending step has gone meanwhile
     * ({@code page} empty). Shared by local accounts and company staff.
     */
    public static void renderRefusedCode(Context ctx, Optional<SecondFactorPage> page, SignInStep.Reason reason,
                                         String codeAction, String restartPath, Consumer<Context> startAgain) {
        if (page.isEmpty()) {
            startAgain.accept(ctx);
            return;
        }
        renderSecondFactor(ctx, 401, page.get(), reason == SignInStep.Reason.CODE_ALREADY_USED
                ? "signin.error.code_already_used" : "signin.error.wrong_code", codeAction, restartPath);
    }

    /**
     * The code page, or at a first sign-in the authenticator enrollment page, whose form posts to {@code codeAction};
     * {@code restartPath} is where "start again" leads. Shared by local accounts and company staff, so both get the
     * same pages.
     */
    public static void renderSecondFactor(Context ctx, int status, SecondFactorPage second, String errorKey,
                                          String codeAction, String restartPath) {
        Map<String, Object> page = new HashMap<>();
        page.put("accountName", second.accountName());
        page.put("errorKey", errorKey);
        page.put("codeAction", codeAction);
        page.put("restartPath", restartPath);
        // Local accounts are told to hurry after their password, company staff after the provider's sign-in.
        page.put("expiresKey", Paths.SIGN_IN_CODE.equals(codeAction) ? "signin.enroll.expires"
                : "signin.enroll.expires_oidc");
        ctx.status(status);
        if (!second.enrolling()) {
            ctx.render(Templates.STAFF_CODE, WebContext.model(ctx, page));
            return;
        }
        page.put("groupedKey", second.enrollmentSecret().base32Grouped());
        page.put("otpauthUri", second.otpauthUri());
        page.put("qrImage", QrCodes.pngDataUri(second.otpauthUri(), QR_PIXELS));
        ctx.render(Templates.STAFF_ENROLL, WebContext.model(ctx, page));
    }
}
