package io.github.mfaenroll.iam.simulator;

import com.sun.net.httpserver.HttpExchange;
import io.github.mfaenroll.iam.simulator.Callers.Caller;
import io.github.mfaenroll.iam.simulator.QueryResponses.Xml;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers one HTTP request to the simulator: Organizations when {@code X-Amz-Target} names it (JSON 1.1), otherwise
 * the Query protocol, IAM or STS by {@code Version}. IAM actions run in the account of the request's access key
 * ({@link Callers}). Every request is counted and may be throttled or answered with an injected fault first
 * ({@link Traffic}); it then runs with the accounts read from and kept in their file ({@link IamSimulator#onAccount}).
 * The handler never lets a Java exception reach the client: anything unexpected is a 500.
 */
final class Router {

    private static final Logger log = LoggerFactory.getLogger(IamSimulator.class);
    private static final String VERSION = "2010-05-08";
    /** IAM's requests are small; a cap keeps a runaway client from filling the heap. */
    private static final int MAX_BODY_BYTES = 64 * 1024;

    private final IamSimulator simulator;
    private final SimulatedOrganization organization;
    private final Callers callers;
    private final StsActions sts;
    private final OrganizationsActions organizations;
    private final Traffic traffic;

    Router(IamSimulator simulator, SimulatedOrganization organization, Callers callers, Traffic traffic) {
        this.simulator = simulator;
        this.organization = organization;
        this.callers = callers;
        this.sts = new StsActions(organization, callers, Clock.systemUTC());
        this.organizations = new OrganizationsActions(organization);
        this.traffic = traffic;
    }

    void handle(HttpExchange exchange) {
        String requestId = UUID.randomUUID().toString();
        Caller caller = callers.of(exchange.getRequestHeaders().getFirst("Authorization"));
        String organizationsAction = OrganizationsActions.actionOf(
                exchange.getRequestHeaders().getFirst("X-Amz-Target"));
        if (organizationsAction != null) {
            handleOrganizations(exchange, organizationsAction, caller, requestId);
            return;
        }
        String action = null;
        String namespace = QueryResponses.NAMESPACE;
        int status;
        String body;
        try {
            QueryRequest request = readRequest(exchange);
            action = request.raw("Action").orElse(null);
            if (StsActions.VERSION.equals(request.raw("Version").orElse(null))) {
                namespace = QueryResponses.STS_NAMESPACE;
            }
            Xml result = dispatch(action, request, caller);
            status = 200;
            body = QueryResponses.success(namespace, action, result, requestId);
        } catch (IamError e) {
            log.debug("IAM simulator answered {} with {} {}", loggable(action), e.httpStatus(), e.code());
            status = e.httpStatus();
            body = QueryResponses.error(namespace, e, requestId);
        } catch (Exception | LinkageError e) {
            // The stack trace is ours; parameters (codes, seeds) are never part of our exception messages.
            log.error("IAM simulator failed on {} (request {})", loggable(action), requestId, e);
            IamError failure = IamError.serviceFailure();
            status = failure.httpStatus();
            body = QueryResponses.error(namespace, failure, requestId);
        }
        send(exchange, status, body, "text/xml", requestId);
    }

    /** Organizations' JSON 1.1: the same bookkeeping and faults as every request, JSON in and out. */
    private void handleOrganizations(HttpExchange exchange, String action, Caller caller, String requestId) {
        int status;
        String body;
        try {
            if (!"POST".equals(exchange.getRequestMethod())) {
                throw new IamError(405, "MethodNotAllowed", "Organizations accepts POST requests only.");
            }
            byte[] request = readBody(exchange);
            traffic.admit(action, caller.accountId());
            body = simulator.onAccount(() -> organizations.handle(action, request, caller));
            status = 200;
        } catch (IamError e) {
            log.debug("IAM simulator answered Organizations {} with {} {}", loggable(action), e.httpStatus(),
                    e.code());
            status = e.httpStatus();
            body = OrganizationsActions.error(e);
        } catch (Exception | LinkageError e) {
            log.error("IAM simulator failed on Organizations {} (request {})", loggable(action), requestId, e);
            status = 500;
            body = OrganizationsActions.error(new IamError(500, "ServiceException", "Organizations failed."));
        }
        send(exchange, status, body, OrganizationsActions.CONTENT_TYPE, requestId);
    }

    private QueryRequest readRequest(HttpExchange exchange) throws IOException {
        QueryRequest query = QueryRequest.parse(exchange.getRequestURI().getRawQuery());
        switch (exchange.getRequestMethod()) {
            case "POST" -> {
                return QueryRequest.parse(new String(readBody(exchange), StandardCharsets.UTF_8)).with(query);
            }
            case "GET" -> {
                return query;
            }
            default -> throw new IamError(405, "MethodNotAllowed", "IAM accepts GET and POST requests only.");
        }
    }

    private static byte[] readBody(HttpExchange exchange) throws IOException {
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readNBytes(MAX_BODY_BYTES + 1);
        }
        if (body.length > MAX_BODY_BYTES) {
            throw new IamError(413, "RequestEntityTooLarge", "The request body is too large.");
        }
        return body;
    }

    private Xml dispatch(String action, QueryRequest request, Caller caller) {
        if (action == null || action.isEmpty()) {
            throw new IamError(400, "MissingAction", "The request must contain the parameter Action.");
        }
        traffic.admit(action, caller.accountId());
        String version = request.raw("Version").orElse(null);
        if (version == null) {
            throw new IamError(400, "MissingParameter", "The request must contain the parameter Version.");
        }
        QueryActions iam = organization.find(caller.accountId()).orElse(organization.management()).actions;
        if (VERSION.equals(version) && iam.supports(action)) {
            return simulator.onAccount(() -> iam.handle(action, request));
        }
        if (StsActions.VERSION.equals(version) && StsActions.ACTIONS.contains(action)) {
            return simulator.onAccount(() -> sts.handle(action, request, caller));
        }
        throw new IamError(400, "InvalidAction", "Could not find operation " + action + " for version "
                + version + ".");
    }

    private void send(HttpExchange exchange, int status, String body, String contentType, String requestId) {
        Duration delay = traffic.latency();
        if (!delay.isZero()) {
            try {
                Thread.sleep(delay.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        try (exchange) {
            exchange.getResponseHeaders().set("Content-Type", contentType);
            exchange.getResponseHeaders().set("x-amzn-RequestId", requestId);
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        } catch (IOException e) {
            log.debug("IAM simulator could not send its answer (client gone?): {}", e.toString());
        }
    }

    /** Client-supplied action names are logged only when they are ones we know (no log injection). */
    private String loggable(String action) {
        boolean known = action != null && (organization.management().actions.supports(action)
                || StsActions.ACTIONS.contains(action) || "ListAccounts".equals(action));
        return known ? action : "(unknown action)";
    }
}
