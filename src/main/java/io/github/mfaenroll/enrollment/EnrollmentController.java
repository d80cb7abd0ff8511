package io.github.mfaenroll.enrollment;

import io.github.mfaenroll.web.Templates;
import io.github.mfaenroll.identity.Session;
import io.github.mfaenroll.identity.Sessions;
import io.github.mfaenroll.totp.QrCodes;
import io.github.mfaenroll.web.Flash;
import io.github.mfaenroll.web.Paths;
import io.github.mfaenroll.web.SessionCookies;
import io.github.mfaenroll.web.WebContext;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.Map;

/**
 * HTTP for the wizard: start, scan, verify, done, cancel. Each POST redirects (Post/Redirect/Get). The IAM user
 * always comes from the session ({@link WebContext#boundIamUser}), never from the request.
 */
public record EnrollmentController(EnrollmentService enrollments, Flash flash, Sessions sessions,
                                   SessionCookies cookies) {

    private static final int QR_PIXELS = 280;

    public void startPage(Context ctx) {
        Session session = WebContext.requireSession(ctx);
        Overview overview = enrollments.overview(WebContext.boundIamUser(ctx), session.createdAt(),
                session.allowAdditionalDevice());
        ctx.render(Templates.ENROLL_START, WebContext.model(ctx, Map.of(
                "overview", overview,
                "lockedOut", enrollments.lockedOut(overview.iamUser()),
                "resumable", overview.active().filter(e -> e.state() == EnrollmentState.DEVICE_CREATED).isPresent(),
                "flash", flash.take(ctx))));
    }

    public void start(Context ctx) {
        Session session = WebContext.requireSession(ctx);
        enrollments.start(WebContext.boundIamUser(ctx), session.createdAt(), session.allowAdditionalDevice());
        ctx.redirect(Paths.ENROLL_SCAN, HttpStatus.SEE_OTHER);
    }

    public void scanPage(Context ctx) {
        ScanDetails scan = enrollments.scanDetails(WebContext.boundIamUser(ctx));
        ctx.render(Templates.ENROLL_SCAN, WebContext.model(ctx, Map.of(
                "scan", scan,
                "qrImage", QrCodes.pngDataUri(scan.otpauthUri(), QR_PIXELS))));
    }

    public void verifyPage(Context ctx) {
        String iamUser = WebContext.boundIamUser(ctx);
        ScanDetails scan = enrollments.scanDetails(iamUser);
        ctx.render(Templates.ENROLL_VERIFY, WebContext.model(ctx, Map.of(
                "iamUser", iamUser, "expiresAt", scan.expiresAt(), "flash", flash.take(ctx))));
    }

    public void verify(Context ctx) {
        VerifyResult result = enrollments.verify(WebContext.boundIamUser(ctx),
                valueOrEmpty(ctx.formParam("code1")), valueOrEmpty(ctx.formParam("code2")), WebContext.locale(ctx));
        if (result instanceof VerifyResult.Rejected rejected) {
            flash.set(ctx, rejected.problem().wizardMessageKey(), rejected.clockOffsetSeconds(),
                    rejected.attemptsLeft());
            ctx.redirect(Paths.ENROLL_VERIFY, HttpStatus.SEE_OTHER);
            return;
        }
        // A device was just bound: the session gets a new id, so one seen before this moment is worth nothing.
        sessions.rotate(cookies.readSession(ctx)).ifPresent(renewed -> cookies.writeSession(ctx, renewed.cookieValue()));
        ctx.redirect(Paths.ENROLL_DONE, HttpStatus.SEE_OTHER);
    }

    public void donePage(Context ctx) {
        Overview overview = enrollments.overview(WebContext.boundIamUser(ctx), WebContext.requireSession(ctx).createdAt());
        ctx.render(Templates.ENROLL_DONE, WebContext.model(ctx, Map.of("overview", overview)));
    }

    public void cancelPage(Context ctx) {
        WebContext.boundIamUser(ctx);
        ctx.render(Templates.ENROLL_CANCEL, WebContext.model(ctx, Map.of()));
    }

    public void cancel(Context ctx) {
        enrollments.cancel(WebContext.boundIamUser(ctx));
        flash.set(ctx, "enroll.cancelled");
        ctx.redirect(Paths.ENROLL, HttpStatus.SEE_OTHER);
    }

    private static String valueOrEmpty(String value) {
        return value == null ? "" : value;
    }
}
