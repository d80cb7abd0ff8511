package io.github.mfaenroll.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes an {@link ApiProblem} as {@code application/problem+json} (RFC 9457), with the headers a client acts on:
 * {@code WWW-Authenticate: Bearer} on 401 and 403 (RFC 6750 section 3), {@code Retry-After} on 429.
 */
public final class ProblemJson {

    public static final String CONTENT_TYPE = "application/problem+json";
    private static final String REALM = "Bearer realm=\"mfa-enroll\"";
    private static final ObjectMapper JSON = new ObjectMapper();

    private ProblemJson() {
    }

    /** Answers the request with the problem; {@code reference} (may be null) is also in the log line of a 5xx. */
    public static void write(Context ctx, ApiProblem problem, String reference) {
        ApiProblem.Kind kind = problem.kind();
        String challenge = switch (kind) {
            case TOKEN_REQUIRED -> REALM;
            case TOKEN_INVALID -> REALM + ", error=\"invalid_token\"";
            case TOKEN_IN_QUERY -> REALM + ", error=\"invalid_request\"";
            case INSUFFICIENT_SCOPE -> REALM + ", error=\"insufficient_scope\""
                    + (problem.missingScope() == null ? "" : ", scope=\"" + problem.missingScope().wireName() + "\"");
            default -> null;
        };
        if (challenge != null) {
            ctx.header("WWW-Authenticate", challenge);
        }
        if (kind == ApiProblem.Kind.TOO_MANY_REQUESTS) {
            ctx.header("Retry-After", String.valueOf(Math.max(1, problem.retryAfterSeconds())));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", kind.type());
        body.put("title", kind.title());
        body.put("status", kind.status());
        if (problem.detail() != null) {
            body.put("detail", problem.detail());
        }
        if (reference != null) {
            body.put("reference", reference);
        }
        problem.extensions().forEach(body::putIfAbsent);
        ctx.status(kind.status());
        ctx.header("Cache-Control", "no-store");
        ctx.contentType(CONTENT_TYPE);
        try {
            // Bytes, not a String: Jetty would encode a String for a type without a charset parameter as ISO-8859-1,
            // turning every non-ASCII character into '?'. JSON is UTF-8 (RFC 8259), with no charset parameter.
            ctx.result(JSON.writeValueAsBytes(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A problem of strings, numbers and lists is always JSON", e);
        }
    }
}
