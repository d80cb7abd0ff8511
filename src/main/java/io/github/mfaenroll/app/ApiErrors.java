package io.github.mfaenroll.app;

import io.github.mfaenroll.api.ApiRequestRefused;
import io.github.mfaenroll.audit.References;
import io.github.mfaenroll.helpdesk.HelpdeskRefusal;
import io.github.mfaenroll.iam.UnknownAccount;
import io.github.mfaenroll.limits.TooManyRequests;
import io.github.mfaenroll.store.DatabaseOutage;
import io.github.mfaenroll.web.ApiProblem;
import io.github.mfaenroll.web.ApiProblem.Kind;
import io.github.mfaenroll.web.BearerAuthentication;
import io.github.mfaenroll.web.HttpProblem;
import io.github.mfaenroll.web.ProblemJson;
import io.github.mfaenroll.web.RequestLog;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
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
            // The service logged IAM failures with their reference and audited refusals. The call's own entry names
            // the user only when IAM confirmed it, as IAM spells it: never a name as the request wrote it.
            if (refusal.confirmedUser() != null) {
                BearerAuthentication.auditAbout(ctx, refusal.confirmedUser());
            }
            reference = refusal.reference();
            problem = problemFor(refusal.kind());
        } else if (e instanceof ApiRequestRefused refused) {
            // How the api package refuses a request (its helpers may not name web's kinds): kind for kind.
            problem = new ApiProblem(switch (refused.kind()) {
                case UNSUPPORTED_MEDIA_TYPE -> Kind.UNSUPPORTED_MEDIA_TYPE;
                case BAD_REQUEST -> Kind.BAD_REQUEST;
                case UNKNOWN_ACCOUNT -> Kind.UNKNOWN_ACCOUNT;
                case AMBIGUOUS_USER -> Kind.AMBIGUOUS_USER;
                case USER_NOT_FOUND -> Kind.USER_NOT_FOUND;
                case IAM_UNAVAILABLE -> Kind.IAM_UNAVAILABLE;
            }, refused.getMessage(), refused.extensions(), null, 0);
        } else if (e instanceof UnknownAccount) {
            // An account no longer served that a request or a stored row still names.
            problem = new ApiProblem(Kind.UNKNOWN_ACCOUNT, null);
        } else if (e instanceof TooManyRequests tooMany) {
            problem = new ApiProblem(Kind.TOO_MANY_REQUESTS, null, Map.of(), null, tooMany.retryAfterSeconds());
        } else if (e instanceof HttpProblem http) {
            problem = new ApiProblem(byStatus(http.status()), null);
        } else if (e instanceof HttpResponseException http) {
            // Javalin's own refusals; its message is not passed on (it may describe the request).
            problem = http.getStatus() == 413 ? new ApiProblem(Kind.PAYLOAD_TOO_LARGE, "The body is larger than the "
                    + WebApp.MAX_BODY_KIB + " KiB this API reads. Nothing was changed.")
                    : new ApiProblem(byStatus(http.getStatus()), null);
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

    /**
     * A helpdesk service's refusal as the API answers it: the kind a client branches on, and a detail that says what to
     * do, in the API's terms (members and parameters, not the console's check boxes). The service has audited it; for
     * IAM failures the reference is added by the caller.
     */
    static ApiProblem problemFor(HelpdeskRefusal.Kind kind) {
        return switch (kind) {
            case USER_NOT_FOUND -> new ApiProblem(Kind.USER_NOT_FOUND, "No IAM user of this name in this account.");
            case DEVICE_NOT_FOUND -> new ApiProblem(Kind.DEVICE_NOT_FOUND, "This is not one of the user's MFA devices "
                    + "(any more): name it by its serial as GET /api/v1/users/{name} shows it, or a virtual device by "
                    + "the part of its ARN after :mfa/. Nothing was changed.");
            case ALREADY_COMPLIANT -> new ApiProblem(Kind.ALREADY_HAS_MFA, "The user already has an MFA device, so "
                    + "they need no link. To let them add another, send \"allowAdditionalDevice\": true. Nothing was "
                    + "issued.");
            case DEVICE_LIMIT -> new ApiProblem(Kind.DEVICE_LIMIT, "The user already has as many MFA devices as IAM "
                    + "allows; reset one they no longer use first. Nothing was changed.");
            case OWN_USER, PROTECTED_USER -> new ApiProblem(Kind.FORBIDDEN, "Tokens act with the helpdesk role: this "
                    + "user belongs to an administrator or carries the protected tag, so only an administrator may "
                    + "change it, in the console. Nothing was changed.");
            case REASON_REQUIRED -> new ApiProblem(Kind.REASON_REQUIRED, "Send {\"reason\": \"…\"}: the user reads "
                    + "it in the email they get. Nothing was changed.");
            case INVALID_EMAIL -> new ApiProblem(Kind.BAD_REQUEST, "email must be one valid address "
                    + "(name@example.com). Nothing was issued.");
            case ADDITIONAL_DEVICE_LINK_MUST_BE_MAILED -> new ApiProblem(Kind.ADDITIONAL_DEVICE_LINK_MUST_BE_MAILED,
                    "The user already has MFA, so a link to add a device goes only to the address in the user's email "
                    + "tag: send neither \"send\": false nor \"email\". A user without a usable email tag (or when "
                    + "the mail cannot be sent) cannot get one through the API: issue it in the console. No link was "
                    + "handed out.");
            case IAM_UNAVAILABLE -> new ApiProblem(Kind.IAM_UNAVAILABLE, "IAM is busy or cannot be reached. Nothing "
                    + "was changed; try again later.");
            case IAM_REFUSED -> new ApiProblem(Kind.IAM_REFUSED, "IAM refused the call, so nothing was changed. An "
                    + "administrator finds the reason in the log by the reference.");
            case RESET_INCOMPLETE -> new ApiProblem(Kind.IAM_REFUSED, "The device was deactivated, so it no longer "
                    + "signs in, but deleting it failed; the app deletes it later. The user was told. An administrator "
                    + "finds the reason in the log by the reference.");
            default -> new ApiProblem(byStatus(kind.status()), null);
        };
    }

    private static Kind byStatus(int status) {
        return switch (status) {
            case 400 -> Kind.BAD_REQUEST;
            case 401 -> Kind.TOKEN_REQUIRED;
            case 403 -> Kind.FORBIDDEN;
            case 404 -> Kind.NOT_FOUND;
            case 409 -> Kind.CONFLICT;
            case 413 -> Kind.PAYLOAD_TOO_LARGE;
            case 415 -> Kind.UNSUPPORTED_MEDIA_TYPE;
            case 502 -> Kind.IAM_REFUSED;
            case 503 -> Kind.IAM_UNAVAILABLE;
            default -> status < 500 ? Kind.BAD_REQUEST : Kind.INTERNAL_ERROR;
        };
    }
}
