package io.github.mfaenroll.web;

import io.javalin.http.Context;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One line per request: method, route, status, time, request id. The route is the matched template
 * ({@code /onboard/{token}}), never the raw path, so a link token can never reach the log.
 */
public final class RequestLog {

    private static final Logger log = LoggerFactory.getLogger("access");

    private RequestLog() {
    }

    public static void log(Context ctx, Float millis) {
        log.info("{} {} {} {}ms", ctx.method(), routeOf(ctx), ctx.status().getCode(), Math.round(millis));
    }

    /** The matched route template; for unmatched requests only a fixed marker (their path may hold anything). */
    static String routeOf(Context ctx) {
        try {
            if (ctx.path().startsWith(Paths.STATIC + "/")) {
                return ctx.path();
            }
            return ctx.endpoint().path;
        } catch (RuntimeException unmatched) {
            return "<unmatched>";
        }
    }
}
