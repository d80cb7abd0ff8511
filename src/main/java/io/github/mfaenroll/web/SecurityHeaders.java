package io.github.mfaenroll.web;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The headers every response carries, whoever writes it: the app's filters ({@link SecurityFilters}) and Jetty's own
 * refusals of requests it could not parse ({@link JettyErrorHandler}). What OWASP's secure-headers project
 * recommends: a CSP without inline script, plugins or framing, {@code nosniff}, no referrer, no framing, and the
 * browsers' old XSS auditor switched off ({@code X-XSS-Protection: 0}: where it still exists it can be abused to
 * blank out parts of a page; the CSP is the protection).
 */
public final class SecurityHeaders {

    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; img-src 'self' data:; object-src 'none'; "
            + "frame-ancestors 'none'; form-action 'self'; base-uri 'none'";

    private final Map<String, String> headers;

    /** @param https whether the app's public URL is HTTPS: only then is HSTS sent */
    public SecurityHeaders(boolean https) {
        Map<String, String> all = new LinkedHashMap<>();
        all.put("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        all.put("X-Content-Type-Options", "nosniff");
        all.put("Referrer-Policy", "no-referrer");
        all.put("X-Frame-Options", "DENY");
        all.put("X-XSS-Protection", "0");
        all.put("Cross-Origin-Opener-Policy", "same-origin");
        all.put("Permissions-Policy", "camera=(), microphone=(), geolocation=()");
        if (https) {
            all.put("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
        }
        this.headers = Collections.unmodifiableMap(all);
    }

    /** Name to value, in the order they are written. */
    public Map<String, String> all() {
        return headers;
    }
}
