package io.github.mfaenroll.app;

import io.github.mfaenroll.audit.References;
import io.github.mfaenroll.helpdesk.HelpdeskRefusal;
import io.github.mfaenroll.iam.UnknownAccount;
import io.github.mfaenroll.limits.TooManyRequests;
import io.github.mfaenroll.store.DatabaseOutage;
import io.github.mfaenroll.web.ApiProblem;
import io.github.mfaenroll.web.ApiProblem.Kind;
import io.github.mfaenroll.web.HttpProblem;
import io.github.mfaenroll.web.ProblemJson;
import io.github.mfaenroll.web.RequestLog;
import io.javalin.http.Context;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The API's side of {@link ErrorPages}: every failure of a request under {@code /api} becomes
 * {@code application/problem+json}, never a page. 4xx are logged at warn (the kind only: no token, no raw path),
 * 5xx at error with a reference that the problem also carries.
 */
final class ApiErrors {

    private static final Logger log = LoggerFactory.getLogger(ApiErrors.class);

    private ApiErrors() {
    }

    static void answer(Exception e, Context ctx) {
        String reference = null;
        ApiProblem problem;
        if (e instanceof ApiProblem api) {
            problem = api;
        } else if (e instanceof HelpdeskRefusal refusal) {
            // The service logged IAM failures with their reference and audited refusals.
            reference = refusal.reference();
            problem = new ApiProblem(switch (refusal.kind()) {
                case USER_NOT_FOUND -> Kind.USER_NOT_FOUND;
                case IAM_UNAVAILABLE -> Kind.IAM_UNAVAILABLE;
                case IAM_REFUSED, RESET_INCOMPLETE -> Kind.IAM_REFUSED;
                default -> byStatus(refusal.kind().status());
            }, null);
        } else if (e instanceof UnknownAccount) {
            // An account no longer served that a request or a stored row still names.
            problem = new ApiProblem(Kind.UNKNOWN_ACCOUNT, null);
        } else if (e instanceof TooManyRequests tooMany) {
            problem = new ApiProblem(Kind.TOO_MANY_REQUESTS, null, Map.of(), null, tooMany.retryAfterSeconds());
        } else if (e instanceof HttpProblem http) {
            problem = new ApiProblem(byStatus(http.status()), null);
        } else if (DatabaseOutage.causedBy(e)) {
            reference = References.next();
            log.error("Database unavailable on {} {} [{}]: {}", ctx.method(), RequestLog.routeOf(ctx), reference,
                    e.getClass().getSimpleName());
            ctx.header("Retry-After", "30");
            problem = new ApiProblem(Kind.DATABASE_UNAVAILABLE, "Nothing was changed; try again.");
        } else {
            reference = References.next();
            log.error("Unexpected failure on {} {} [{}]", ctx.method(), RequestLog.routeOf(ctx), reference, e);
            problem = new ApiProblem(Kind.INTERNAL_ERROR, null);
        }
        if (problem.kind().status() < 500) {
            log.warn("{} {} refused: {} {}", ctx.method(), RequestLog.routeOf(ctx), problem.kind().status(),
                    problem.kind().type());
        }
        ProblemJson.write(ctx, problem, reference);
    }

    /** A request under {@code /api} that no route matched. */
    static void notFound(Context ctx) {
        ProblemJson.write(ctx, new ApiProblem(Kind.NOT_FOUND, null), null);
    }

    private static Kind byStatus(int status) {
        return switch (status) {
            case 400 -> Kind.BAD_REQUEST;
            case 401 -> Kind.TOKEN_REQUIRED;
            case 403 -> Kind.FORBIDDEN;
            case 404 -> Kind.NOT_FOUND;
            case 409 -> Kind.CONFLICT;
            case 502 -> Kind.IAM_REFUSED;
            case 503 -> Kind.IAM_UNAVAILABLE;
            default -> status < 500 ? Kind.BAD_REQUEST : Kind.INTERNAL_ERROR;
        };
    }
}
