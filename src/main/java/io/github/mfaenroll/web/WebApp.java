package io.github.mfaenroll.web;

import io.github.mfaenroll.app.Components;
import io.github.mfaenroll.enrollment.EnrollmentController;
import io.github.mfaenroll.identity.SignInController;
import io.javalin.Javalin;
import io.javalin.http.HttpStatus;
import io.javalin.http.staticfiles.Location;

/** Builds the unstarted Javalin app. {@code main} starts it; tests start the same app on port 0. */
public final class WebApp {

    private WebApp() {
    }

    public static Javalin create(Components components) {
        SecurityFilters filters = components.securityFilters();
        SignInController signIn = components.signInController();
        EnrollmentController enroll = components.enrollmentController();
        return Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.http.maxRequestSize = 64 * 1024;
            config.fileRenderer(components.renderer());
            config.requestLogger.http(RequestLog::log);
            config.staticFiles.add(files -> {
                files.hostedPath = Paths.STATIC;
                files.directory = "/static";
                files.location = Location.CLASSPATH;
                files.headers = java.util.Map.of("Cache-Control", "public, max-age=3600");
            });
            config.routes.before(filters::beforeEveryRequest);
            config.routes.beforeMatched(filters::checkAccess);

            // Every route, with who may call it. The authorization tests read this table.
            config.routes.get(Paths.HEALTHZ, ctx -> ctx.result("ok"), Access.ANYONE);
            config.routes.get(Paths.HOME, ctx -> home(ctx), Access.ANYONE);
            config.routes.get(Paths.ONBOARD_LINK, signIn::landing, Access.ANYONE);
            config.routes.post(Paths.ONBOARD_CLAIM, signIn::claim, Access.ANYONE);
            config.routes.post(Paths.SIGN_OUT, signIn::signOut, Access.ANYONE);
            config.routes.get(Paths.ENROLL, enroll::startPage, Access.EMPLOYEE);
            config.routes.post(Paths.ENROLL_START, enroll::start, Access.EMPLOYEE);
            config.routes.get(Paths.ENROLL_SCAN, enroll::scanPage, Access.EMPLOYEE);
            config.routes.get(Paths.ENROLL_VERIFY, enroll::verifyPage, Access.EMPLOYEE);
            config.routes.post(Paths.ENROLL_VERIFY, enroll::verify, Access.EMPLOYEE);
            config.routes.get(Paths.ENROLL_DONE, enroll::donePage, Access.EMPLOYEE);
            config.routes.get(Paths.ENROLL_CANCEL, enroll::cancelPage, Access.EMPLOYEE);
            config.routes.post(Paths.ENROLL_CANCEL, enroll::cancel, Access.EMPLOYEE);

            ErrorPages.register(config.routes);
        });
    }

    private static void home(io.javalin.http.Context ctx) {
        if (WebContext.session(ctx) != null && WebContext.session(ctx).iamUser() != null) {
            ctx.redirect(Paths.ENROLL, HttpStatus.SEE_OTHER);
            return;
        }
        ctx.render("home", WebContext.model(ctx, java.util.Map.of()));
    }
}
