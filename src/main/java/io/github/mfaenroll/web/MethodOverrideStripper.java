package io.github.mfaenroll.web;

import java.util.List;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Removes method-override headers before the app sees a request. Javalin's {@code ctx.method()} believes
 * {@code X-HTTP-Method-Override}, so a POST carrying {@code GET} was routed as a GET and skipped the POST-only origin
 * and CSRF checks, and a GET carrying {@code POST} reached a POST handler. The app's forms never need it: the method
 * a request was sent with is the method it has. The two other common spellings go too, should a library ever
 * start believing them.
 */
public final class MethodOverrideStripper extends Handler.Wrapper {

    static final List<String> OVERRIDE_HEADERS = List.of("X-HTTP-Method-Override", "X-HTTP-Method",
            "X-Method-Override");

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        HttpFields headers = request.getHeaders();
        if (OVERRIDE_HEADERS.stream().noneMatch(headers::contains)) {
            return super.handle(request, response, callback);
        }
        HttpFields.Mutable without = HttpFields.build(headers);
        OVERRIDE_HEADERS.forEach(without::remove);
        HttpFields stripped = without.asImmutable();
        return super.handle(new Request.Wrapper(request) {
            @Override
            public HttpFields getHeaders() {
                return stripped;
            }
        }, response, callback);
    }
}
