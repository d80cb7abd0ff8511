package io.github.mfaenroll.app;

import io.github.mfaenroll.api.TokenRefused;
import io.github.mfaenroll.audit.References;
import io.github.mfaenroll.compliance.ComplianceController;
import io.github.mfaenroll.compliance.ComplianceProblem;
import io.github.mfaenroll.enrollment.EnrollmentProblem;
import io.github.mfaenroll.helpdesk.HelpdeskRefusal;
import io.github.mfaenroll.helpdesk.UserController;
import io.github.mfaenroll.iam.UnknownAccount;
import io.github.mfaenroll.limits.TooManyRequests;
import io.github.mfaenroll.oidc.OidcSignInFailure;
import io.github.mfaenroll.onboarding.OnboardingLinks.LinkUnusable;
import io.github.mfaenroll.store.DatabaseOutage;
import io.github.mfaenroll.web.ApiProblem;
import io.github.mfaenroll.web.BearerAuthentication;
import io.github.mfaenroll.web.HttpProblem;
import io.github.mfaenroll.web.Paths;
import io.github.mfaenroll.web.RequestLog;
import io.github.mfaenroll.web.Templates;
import io.github.mfaenroll.web.WebContext;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.ExceptionHandler;
import io.javalin.http.HttpResponseException;
import io.javalin.router.exception.HttpResponseExceptionMapper;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place typed failures become a status and a page: 4xx are logged at warn, 5xx at error with the stack.
 * Pages say what happened in plain words, what to do next, and (for server-side failures) a reference that is
 * also in the log. They never echo request input. Requests under {@code /api} get the same failures as problem+json
 * instead of pages ({@link ApiErrors}).
 */
public final class ErrorPages {
    private static final Logger log = LoggerFactory.getLogger(ErrorPages.class);

    private ErrorPages() {
    }

    public static void register(RoutesConfig routes) {
        routes.exception(ApiProblem.class, ApiErrors::answer);
        routes.exception(HttpProblem.class, orProblem((e, ctx) -> {
            log.warn("{} {} refused: {}", ctx.method(), RequestLog.routeOf(ctx), e.getMessage());
            render(ctx, e.status(), e.messageKey(), null, false);
        }));
        // An account the app no longer serves (dropped from MFA_ACCOUNTS, gone from the organization) that a session or
        // a stored row still names: nothing there can be shown or done here.
        routes.exception(UnknownAccount.class, orProblem((e, ctx) -> {
            log.warn("{} {} refused: account {} is not served", ctx.method(), RequestLog.routeOf(ctx), e.requested());
            render(ctx, 404, "error.not_found", null, false);
        }));
        routes.exception(LinkUnusable.class, orProblem((e, ctx) -> {
            String status = e.status().name().toLowerCase(Locale.ROOT);
            render(ctx, 410, "onboard.invalid." + status, null, false);
        }));
        routes.exception(EnrollmentProblem.class, orProblem((e, ctx) -> {
            // The service already logged IAM failures with their reference; here only the outcome.
            log.warn("Enrollment problem {} [{}]", e.kind(), e.reference());
            render(ctx, e.kind().status(), e.kind().messageKey(), e.reference(), e.kind().canStartOver());
        }));
        routes.exception(TooManyRequests.class, orProblem((e, ctx) -> {
            // AddressLimits audited the first refusal of the window; the log gets only the kind, never the token.
            log.warn("{} {} refused: {}", ctx.method(), RequestLog.routeOf(ctx), e.getMessage());
            ctx.header("Retry-After", String.valueOf(e.retryAfterSeconds()));
            render(ctx, 429, "limits.too_many." + e.scope().name().toLowerCase(Locale.ROOT), null, false);
        }));
        routes.exception(OidcSignInFailure.class, orProblem((e, ctx) -> {
            int status = e.kind().status();
            if (status >= 500) {
                // Provider or IAM unreachable: the message names which and how (no person, no secret in it).
                log.error("OIDC sign-in failed: {}", e.getMessage());
            } else {
                // The audit trail has the details (who, which claim); the log only the outcome.
                log.warn("OIDC sign-in refused: {}", e.kind());
            }
            ctx.status(status);
            ctx.render(Templates.OIDC_FAILED, WebContext.model(ctx, Map.of(
                    "status", status,
                    "messageKey", e.kind().messageKey(),
                    "canRetry", !e.kind().identityProven())));
        }));
        routes.exception(ComplianceProblem.class, orProblem((e, ctx) -> {
            // The service logged the details with the reference; here only the outcome.
            log.warn("Compliance view problem {} [{}]", e.kind(), e.reference());
            int status = e.kind().status();
            ctx.status(status);
            ctx.header("Cache-Control", "no-store");
            if (e.transientProblem()) {
                ctx.header("Retry-After", "60");
            }
            // "Try again" goes back to the account the request was about (the own account's view otherwise).
            String accountView = ctx.attribute(ComplianceController.ACCOUNT_VIEW_ATTRIBUTE);
            ctx.render(Templates.COMPLIANCE_PROBLEM, WebContext.model(ctx, Map.of(
                    "status", status,
                    "messageKey", e.kind().messageKey(),
                    "detail", e.detail(),
                    "reference", e.reference(),
                    "retryPath", accountView != null ? accountView : Paths.HELPDESK_COMPLIANCE)));
        }));
        routes.exception(HelpdeskRefusal.class, orProblem((e, ctx) -> {
            // The service already logged IAM failures with their reference and audited every refusal.
            log.warn("Helpdesk action refused: {}", e.getMessage());
            Map<String, Object> page = new HashMap<>();
            page.put("status", e.kind().status());
            page.put("messageKey", e.kind().messageKey());
            page.put("reference", e.reference() == null ? "" : e.reference());
            page.put("backPath", e.iamUser() == null ? Paths.HELPDESK : UserController.pathOf(e.iamUser()));
            page.put("backUser", e.iamUser() == null ? "" : e.iamUser().name());
            ctx.status(e.kind().status());
            ctx.header("Cache-Control", "no-store");
            ctx.render(Templates.HELPDESK_REFUSED, WebContext.model(ctx, page));
        }));
        // The console's token forms show mistakes at their field; what reaches here is not about one (an unknown token).
        routes.exception(TokenRefused.class, orProblem((e, ctx) -> {
            log.warn("{} {} refused: {}", ctx.method(), RequestLog.routeOf(ctx), e.kind());
            render(ctx, e.kind().status(), e.kind().messageKey(), null, false);
        }));
        // Javalin throws these itself: a body over the request size limit (413), among others. Its own handler would
        // answer them ahead of the Exception handler below, in text or JSON that is no problem+json; pages keep it.
        routes.exception(HttpResponseException.class, orProblem(HttpResponseExceptionMapper.INSTANCE::handle));
        routes.exception(Exception.class, orProblem((e, ctx) -> {
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
        }));
        // Only for requests no route matched (Javalin's default text would echo the path, which may hold a token);
        // a handler that answers 404 itself (an unknown link) keeps its own page.
        routes.error(404, "*", ctx -> {
            if (ctx.endpoints().matchedHttpEndpoint() == null && Paths.isApi(ctx.path())) {
                ApiErrors.notFound(ctx);
            } else if (ctx.endpoints().matchedHttpEndpoint() == null) {
                render(ctx, 404, "error.not_found", null, false);
            }
        });
    }

    /**
     * A failure under {@code /api} is answered as problem+json ({@link ApiErrors}) whatever its type; every other
     * request gets the page {@code page} renders.
     */
    private static <T extends Exception> ExceptionHandler<T> orProblem(ExceptionHandler<T> page) {
        return (e, ctx) -> {
            if (BearerAuthentication.isApiRequest(ctx)) {
                ApiErrors.answer(e, ctx);
            } else {
                page.handle(e, ctx);
            }
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
        ctx.render(Templates.ERROR, WebContext.model(ctx, page));
    }
}
