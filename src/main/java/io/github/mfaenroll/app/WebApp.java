package io.github.mfaenroll.app;

import io.github.mfaenroll.web.JettyErrorHandler;
import io.github.mfaenroll.web.MethodOverrideStripper;
import io.github.mfaenroll.web.Paths;
import io.github.mfaenroll.web.RequestLog;
import io.github.mfaenroll.web.Route;
import io.github.mfaenroll.web.SecurityFilters;
import io.javalin.Javalin;
import io.javalin.rendering.FileRenderer;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.util.component.LifeCycle;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import java.util.List;
import java.util.Map;
import io.javalin.http.staticfiles.JavalinStaticResourceHandler;
import io.javalin.http.staticfiles.Location;

/**
 * Builds the unstarted Javalin app from the route table: server settings, static files, the security filters and
 * the error pages. {@code main} starts it; tests start the same app on port 0.
 */
public final class WebApp {

    /** The most requests served at once; Jetty's selector and acceptor take a few of these threads. */
    static final int REQUEST_THREADS = 32;
    /** The largest request body the server reads (its request size limit), in KiB; more is refused with 413. */
    static final int MAX_BODY_KIB = 64;

    private WebApp() {
    }

    /**
     * @param routes every route the app serves, with who may call it ({@link RouteTable})
     * @param filters the security filters that run before every request and check each route's access
     * @param renderer renders {@code ctx.render} pages
     */
    public static Javalin create(List<Route> routes, SecurityFilters filters, FileRenderer renderer) {
        return Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            // 32 request threads at most (Javalin's default is 250), 4 kept when idle: a request that needs more
            // than the database pool's 10 connections or the IAM call budget waits for them anyway, so more threads
            // would only queue there, each with its stack. Bounds the memory a burst can take (README "Benchmarks").
            QueuedThreadPool threads = new QueuedThreadPool(REQUEST_THREADS, 4, 60_000);
            threads.setName("http");
            config.jetty.threadPool = threads;
            // Graceful stop: no new connections, requests in flight get up to 10 s to finish (an
            // enrollment waiting on IAM should complete, not be cut off mid-EnableMFADevice).
            config.jetty.modifyServer(server -> {
                server.setStopTimeout(10_000);
                server.setStopAtShutdown(false);
                // Requests Jetty refuses before the app sees them get the app's headers, and never their URI back.
                server.setErrorHandler(new JettyErrorHandler(filters.securityHeaders()));
                // Javalin installs its handler when the server starts; wrap it then, so stop() waits for it, and so
                // that no method-override header reaches Javalin's routing.
                server.addEventListener(new LifeCycle.Listener() {
                    @Override
                    public void lifeCycleStarting(LifeCycle event) {
                        if (!(server.getHandler() instanceof GracefulHandler)) {
                            MethodOverrideStripper stripper = new MethodOverrideStripper();
                            stripper.setHandler(server.getHandler());
                            GracefulHandler graceful = new GracefulHandler();
                            graceful.setHandler(stripper);
                            server.setHandler(graceful);
                        }
                    }
                });
            });
            config.http.maxRequestSize = MAX_BODY_KIB * 1024L;
            config.fileRenderer(renderer);
            config.requestLogger.http(RequestLog::log);
            // Javalin's own handler reads the files as class-path resources. Jetty's (the default) opens the whole jar
            // as a zip file system for them, several times, each keeping the jar's index of 27,000 entries on the
            // heap: about 20 MB of a 48 MB live set, for five files (README "Benchmarks").
            config.resourceHandler(new JavalinStaticResourceHandler());
            config.staticFiles.add(files -> {
                files.hostedPath = Paths.STATIC;
                files.directory = "/static";
                files.location = Location.CLASSPATH;
                files.headers = Map.of("Cache-Control", "public, max-age=3600");
            });
            config.routes.before(filters::beforeEveryRequest);
            config.routes.beforeMatched(filters::checkAccess);
            config.routes.after(filters::afterEveryRequest);
            for (Route route : routes) {
                config.routes.addHttpHandler(route.method(), route.path(), route.handler(), route.roles());
            }
            ErrorPages.register(config.routes);
        });
    }
}
