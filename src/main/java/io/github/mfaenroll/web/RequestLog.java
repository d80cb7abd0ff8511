package io.github.mfaenroll.web;

import io.javalin.http.Context;
import io.javalin.router.Endpoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * One line per request: method, route, status, time, request id. The route is the matched template
 * ({@code /onboard/{token}}), never the raw path, so a link token can never reach the log.
 */
public final class RequestLog {

    private static final Logger log = LoggerFactory.getLogger("access");

    private RequestLog() {
    }

    /** Runs last for every request; also ends the request's logging context. */
    public static void log(Context ctx, Float millis) {
        log.info("{} {} {} {}ms", ctx.method(), routeOf(ctx), ctx.status().getCode(), Math.round(millis));
        MDC.remove("requestId");
    }

    /** The matched route template; for unmatched requests only a fixed marker (their path may hold anything). */
    public static String routeOf(Context ctx) {
        if (ctx.path().startsWith(Paths.STATIC + "/")) {
            return ctx.path();
        }
        Endpoint endpoint = ctx.endpoints().matchedHttpEndpoint();
        return endpoint == null ? "<unmatched>" : endpoint.path;
    }
}
