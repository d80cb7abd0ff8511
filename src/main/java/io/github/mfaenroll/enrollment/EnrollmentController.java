package io.github.mfaenroll.enrollment;

import io.github.mfaenroll.iam.AccountUser;
import io.github.mfaenroll.identity.Session;
import io.github.mfaenroll.identity.Sessions;
import io.github.mfaenroll.web.Flash;
import io.github.mfaenroll.web.HttpProblem;
import io.github.mfaenroll.web.Paths;
import io.github.mfaenroll.web.SessionCookies;
import io.github.mfaenroll.web.Templates;
import io.github.mfaenroll.web.WebContext;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.List;
import java.util.Map;

/**
 * HTTP for the wizard: start, scan, verify, done, cancel. Each POST redirects (Post/Redirect/Get). The IAM user
 * always comes from the session ({@link WebContext#boundIamUser}), never from the request.
 */
public record EnrollmentController(EnrollmentService enrollments, QrImages qrImages, Flash flash, Sessions sessions,
                                   SessionCookies cookies) {

    public void startPage(Context ctx) {
        Overview overview = enrollments.overview(enroller(ctx));
        Session session = WebContext.requireSession(ctx);
        ctx.render(Templates.ENROLL_START, WebContext.model(ctx, Map.of(
                "overview", overview,
                "lockedOut", enrollments.lockedOut(enroller(ctx).iamUser()),
                "resumable", overview.active().filter(e -> e.state() == EnrollmentState.DEVICE_CREATED).isPresent(),
                "account", enrollments.accountLabel(session.user()),
                "userAccounts", session.severalUsers()
                        ? enrollments.userAccounts(session.boundUsers(), session.user()) : List.of(),
                "flash", flash.take(ctx))));
    }

    /**
     * Switches the session to another account's user it is bound to (a company sign-in that matched the person in
     * several accounts). The form names only the account: the user is the one the sign-in matched there, never a
     * name from the request; an account the session holds no user in is not found (404), as if it did not exist.
     */
    public void switchAccount(Context ctx) {
        Session session = WebContext.requireSession(ctx);
        String account = ctx.formParam("account");
        AccountUser chosen = session.boundUsers().stream()
                .filter(user -> user.account().value().equals(account)).findFirst()
                .orElseThrow(() -> new HttpProblem(404, "error.not_found"));
        sessions.switchUser(session, chosen);
        ctx.redirect(Paths.ENROLL, HttpStatus.SEE_OTHER);
    }

    public void start(Context ctx) {
        enrollments.start(enroller(ctx));
        ctx.redirect(Paths.ENROLL_SCAN, HttpStatus.SEE_OTHER);
    }

    public void scanPage(Context ctx) {
        Enroller enroller = enroller(ctx);
        ScanDetails scan = enrollments.scanDetails(enroller);
        ctx.render(Templates.ENROLL_SCAN, WebContext.model(ctx, Map.of(
                "scan", scan,
                "qrImage", qrImages.pngDataUri(enroller, scan))));
    }

    public void verifyPage(Context ctx) {
        ScanDetails scan = enrollments.scanDetails(enroller(ctx));
        ctx.render(Templates.ENROLL_VERIFY, WebContext.model(ctx, Map.of(
                "iamUser", scan.accountName(), "expiresAt", scan.expiresAt(), "flash", flash.take(ctx))));
    }

    public void verify(Context ctx) {
        Enroller enroller = enroller(ctx);
        VerifyResult result;
        try {
            result = enrollments.verify(enroller, valueOrEmpty(ctx.formParam("code1")),
                    valueOrEmpty(ctx.formParam("code2")), WebContext.locale(ctx));
        } catch (RuntimeException e) {
            qrImages.forget(enroller); // most problems here end the enrollment; a running one just draws it again
            throw e;
        }
        if (result instanceof VerifyResult.Rejected rejected) {
            flash.set(ctx, rejected.problem().wizardMessageKey(), rejected.clockOffsetSeconds(),
                    rejected.attemptsLeft());
            ctx.redirect(Paths.ENROLL_VERIFY, HttpStatus.SEE_OTHER);
            return;
        }
        qrImages.forget(enroller);
        // A device was just bound: every other session of the user ends (whoever held one is not who just proved
        // holding the device), and this one gets a new id, so one seen before this moment is worth nothing.
        sessions.endOtherEmployeeSessions(enroller.iamUser(), enroller.sessionKey());
        sessions.rotate(cookies.readSession(ctx)).ifPresent(renewed -> cookies.writeSession(ctx, renewed.cookieValue()));
        ctx.redirect(Paths.ENROLL_DONE, HttpStatus.SEE_OTHER);
    }

    public void donePage(Context ctx) {
        Overview overview = enrollments.overview(enroller(ctx));
        ctx.render(Templates.ENROLL_DONE, WebContext.model(ctx, Map.of("overview", overview)));
    }

    public void cancelPage(Context ctx) {
        enroller(ctx);
        ctx.render(Templates.ENROLL_CANCEL, WebContext.model(ctx, Map.of()));
    }

    public void cancel(Context ctx) {
        Enroller enroller = enroller(ctx);
        enrollments.cancel(enroller);
        qrImages.forget(enroller);
        flash.set(ctx, "enroll.cancelled");
        ctx.redirect(Paths.ENROLL, HttpStatus.SEE_OTHER);
    }

    /** The session's IAM user and the session itself; 403 for a session without an IAM user (staff). */
    private static Enroller enroller(Context ctx) {
        WebContext.boundIamUser(ctx);
        return Enroller.of(WebContext.requireSession(ctx));
    }

    private static String valueOrEmpty(String value) {
        return value == null ? "" : value;
    }
}
