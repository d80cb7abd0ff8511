package io.github.mfaenroll.web;

import io.javalin.http.Handler;
import io.javalin.http.HandlerType;

/** One entry of the route table: method (GET or POST only), path, who may call it, and its handler. */
public record Route(HandlerType method, String path, Access access, Handler handler) {

    public static Route get(String path, Access access, Handler handler) {
        return new Route(HandlerType.GET, path, access, handler);
    }

    public static Route post(String path, Access access, Handler handler) {
        return new Route(HandlerType.POST, path, access, handler);
    }
}
