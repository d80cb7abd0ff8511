package io.github.mfaenroll.web;

import io.github.mfaenroll.identity.ApiScope;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import io.javalin.security.RouteRole;
import java.util.Objects;

/**
 * One entry of the route table: method, path, who may call it, and its handler. An {@link Access#API} route names the
 * scope its token must hold; the API's paths take no other access rule but {@link Access#ANYONE} (a session cookie is
 * never read there), and no other path takes {@link Access#API}: a route table that mixes them does not start.
 *
 * @param scope the scope an API token needs, for {@link Access#API} routes; null for every other route
 */
public record Route(HandlerType method, String path, Access access, ApiScope scope, Handler handler) {

    public Route {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(access, "access");
        boolean api = Paths.isApi(path);
        if (access == Access.API && (!api || scope == null)) {
            throw new IllegalArgumentException(path + ": an API route lives under " + Paths.API + " and names a scope");
        }
        if (access != Access.API && scope != null) {
            throw new IllegalArgumentException(path + ": only API routes name a scope");
        }
        if (api && access != Access.API && access != Access.ANYONE) {
            throw new IllegalArgumentException(path + ": routes under " + Paths.API + " take a token, not a session");
        }
        if (api && access == Access.ANYONE && method != HandlerType.GET) {
            // Nothing under /api is checked for CSRF or an Origin: only a bearer token may change anything there.
            throw new IllegalArgumentException(path + ": an open route under " + Paths.API + " may only read (GET)");
        }
    }

    public static Route get(String path, Access access, Handler handler) {
        return new Route(HandlerType.GET, path, access, null, handler);
    }

    public static Route post(String path, Access access, Handler handler) {
        return new Route(HandlerType.POST, path, access, null, handler);
    }

    /** An API route: a bearer token with {@code scope} may call it. */
    public static Route api(HandlerType method, String path, ApiScope scope, Handler handler) {
        return new Route(method, path, Access.API, scope, handler);
    }

    /** What Javalin keeps with the route, so the access check sees the rule and, for the API, the scope. */
    public RouteRole[] roles() {
        return scope == null ? new RouteRole[] {access} : new RouteRole[] {access, new RequiredScope(scope)};
    }

    /** The scope an API route needs, as a route role Javalin carries to the access check. */
    record RequiredScope(ApiScope scope) implements RouteRole {
    }
}
