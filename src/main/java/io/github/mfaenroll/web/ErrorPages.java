package io.github.mfaenroll.web;

import io.github.mfaenroll.audit.References;
import io.github.mfaenroll.enrollment.EnrollmentProblem;
import io.github.mfaenroll.helpdesk.ComplianceController;
import io.github.mfaenroll.helpdesk.ComplianceProblem;
import io.github.mfaenroll.helpdesk.HelpdeskRefusal;
import io.github.mfaenroll.helpdesk.UserController;
import io.github.mfaenroll.identity.OnboardingLinks.LinkUnusable;
import io.github.mfaenroll.identity.oidc.OidcController;
import io.github.mfaenroll.identity.oidc.OidcSignInFailure;
import io.github.mfaenroll.limits.TooManyRequests;
import io.github.mfaenroll.store.DatabaseOutage;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place typed failures become a status and a page: 4xx are logged at warn, 5xx at error with the stack.
 * Pages say what happened in plain words, what to do next, and (for server-side failures) a reference that is
 * also in the log. They never echo request input.
 */
public final class ErrorPages {

    static final String TEMPLATE = "error";
    private static final Logger log = LoggerFactory.getLogger(ErrorPages.class);

    private ErrorPages() {
    }

    public static void register(RoutesConfig routes) {
        routes.exception(HttpProblem.class, (e, ctx) -> {
            log.warn("{} {} refused: {}", ctx.method(), RequestLog.routeOf(ctx), e.getMessage());
            render(ctx, e.status(), e.messageKey(), null, false);
        });
        routes.exception(LinkUnusable.class, (e, ctx) -> {
            String status = e.status().name().toLowerCase(Locale.ROOT);
            render(ctx, 410, "onboard.invalid." + status, null, false);
        });
        routes.exception(EnrollmentProblem.class, (e, ctx) -> {
            // The service already logged IAM failures with their reference; here only the outcome.
            log.warn("Enrollment problem {} [{}]", e.kind(), e.reference());
            render(ctx, statusOf(e.kind()), "problem." + e.kind().name().toLowerCase(Locale.ROOT), e.reference(),
                    e.kind() != EnrollmentProblem.Kind.IAM_REFUSED && e.kind() != EnrollmentProblem.Kind.USER_NOT_FOUND
                            && e.kind() != EnrollmentProblem.Kind.LOCKED_OUT);
        });
        routes.exception(TooManyRequests.class, (e, ctx) -> {
            // AddressLimits audited the first refusal of the window; the log gets only the kind, never the token.
            log.warn("{} {} refused: {}", ctx.method(), RequestLog.routeOf(ctx), e.getMessage());
            ctx.header("Retry-After", String.valueOf(e.retryAfterSeconds()));
            render(ctx, 429, "limits.too_many." + e.scope().name().toLowerCase(Locale.ROOT), null, false);
        });
        routes.exception(OidcSignInFailure.class, (e, ctx) -> {
            int status = statusOf(e.kind());
            if (status >= 500) {
                // Provider or IAM unreachable: the message names which and how (no person, no secret in it).
                log.error("OIDC sign-in failed: {}", e.getMessage());
            } else {
                // The audit trail has the details (who, which claim); the log only the outcome.
                log.warn("OIDC sign-in refused: {}", e.kind());
            }
            ctx.status(status);
            ctx.render(OidcController.FAILED_TEMPLATE, WebContext.model(ctx, Map.of(
                    "status", status,
                    "messageKey", "oidc.failed." + e.kind().name().toLowerCase(Locale.ROOT),
                    "canRetry", !e.kind().identityProven())));
        });
        routes.exception(ComplianceProblem.class, (e, ctx) -> {
            // The service logged the details with the reference; here only the outcome.
            log.warn("Compliance view problem {} [{}]", e.kind(), e.reference());
            int status = statusOf(e.kind());
            ctx.status(status);
            ctx.header("Cache-Control", "no-store");
            if (e.transientProblem()) {
                ctx.header("Retry-After", "60");
            }
            ctx.render(ComplianceController.PROBLEM_TEMPLATE, WebContext.model(ctx, Map.of(
                    "status", status,
                    "messageKey", "compliance.problem." + e.kind().name().toLowerCase(Locale.ROOT),
                    "detail", e.detail(),
                    "reference", e.reference())));
        });
        routes.exception(HelpdeskRefusal.class, (e, ctx) -> {
            // The service already logged IAM failures with their reference and audited every refusal.
            log.warn("Helpdesk action refused: {}", e.getMessage());
            Map<String, Object> page = new HashMap<>();
            page.put("status", e.kind().status());
            page.put("messageKey", e.kind().messageKey());
            page.put("reference", e.reference() == null ? "" : e.reference());
            page.put("backPath", e.iamUser() == null ? Paths.HELPDESK : UserController.pathOf(e.iamUser()));
            page.put("backUser", e.iamUser() == null ? "" : e.iamUser());
            ctx.status(e.kind().status());
            ctx.header("Cache-Control", "no-store");
            ctx.render(UserController.REFUSED_TEMPLATE, WebContext.model(ctx, page));
        });
        routes.exception(Exception.class, (e, ctx) -> {
            String reference = References.next();
            if (DatabaseOutage.causedBy(e)) {
                // The database is unreachable: nothing was changed, the user can simply try again.
                log.error("Database unavailable on {} {} [{}]: {}", ctx.method(), RequestLog.routeOf(ctx), reference,
                        e.getClass().getSimpleName());
                ctx.header("Retry-After", "30");
                render(ctx, 503, "error.database_unavailable", reference, false);
                return;
            }
            log.error("Unexpected failure on {} {} [{}]", ctx.method(), RequestLog.routeOf(ctx), reference, e);
            render(ctx, 500, "error.unexpected", reference, false);
        });
        // Only for requests no route matched (Javalin's default text would echo the path, which may hold a token);
        // a handler that answers 404 itself (an unknown link) keeps its own page.
        routes.error(404, "*", ctx -> {
            if (ctx.endpoints().matchedHttpEndpoint() == null) {
                render(ctx, 404, "error.not_found", null, false);
            }
        });
    }

    static int statusOf(EnrollmentProblem.Kind kind) {
        return switch (kind) {
            case NO_ACTIVE_ENROLLMENT, DEVICE_LIMIT, ALREADY_HAS_MFA, START_IN_PROGRESS -> 409;
            case ENROLLMENT_EXPIRED, TOO_MANY_ATTEMPTS, DEVICE_GONE -> 410;
            case USER_NOT_FOUND -> 404;
            case IAM_UNAVAILABLE -> 503;
            case IAM_REFUSED -> 502;
            case LOCKED_OUT -> 429;
        };
    }

    static int statusOf(OidcSignInFailure.Kind kind) {
        return switch (kind) {
            case INVALID_STATE, EXPIRED, TOKEN_REJECTED -> 400;
            case PROVIDER_DENIED -> 401;
            case EMAIL_UNVERIFIED, NO_MATCH -> 403;
            case AMBIGUOUS -> 409;
            case UNAVAILABLE -> 503;
        };
    }

    static int statusOf(ComplianceProblem.Kind kind) {
        return switch (kind) {
            case IAM_UNAVAILABLE, REPORT_NOT_READY -> 503;
            case IAM_ACCESS_DENIED, IAM_FAILED, REPORT_MISSING_COLUMNS, REPORT_UNREADABLE -> 502;
        };
    }

    private static void render(Context ctx, int status, String messageKey, String reference, boolean canStartOver) {
        Map<String, Object> page = new HashMap<>();
        page.put("status", status);
        page.put("messageKey", messageKey);
        page.put("reference", reference == null ? "" : reference);
        page.put("canStartOver", canStartOver && WebContext.session(ctx) != null);
        ctx.status(status);
        ctx.header("Cache-Control", "no-store");
        ctx.render(TEMPLATE, WebContext.model(ctx, page));
    }
}
