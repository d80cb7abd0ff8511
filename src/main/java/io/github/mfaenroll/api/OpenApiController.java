package io.github.mfaenroll.api;

import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * {@code GET /api/openapi.json}: the API's OpenAPI 3.1 description, open to anyone. It describes, it grants nothing:
 * integrators and their tools read it before they hold a token. The bytes are the jar's resource, read once.
 */
public final class OpenApiController {

    /** Where the document is packed; tests read the same resource. */
    public static final String RESOURCE = "/api/openapi.json";

    /**
     * Public and cacheable: the same bytes for everyone until the next release. An hour, so a deployment's new
     * version of the document reaches clients and shared caches the same day.
     */
    static final String CACHE_CONTROL = "public, max-age=3600";

    private final byte[] document;

    private OpenApiController(byte[] document) {
        this.document = document;
    }

    /** Reads the packed document; a jar without it is a broken build, so this fails at start, not on first call. */
    public static OpenApiController fromClasspath() {
        try (InputStream in = OpenApiController.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the class path");
            }
            return new OpenApiController(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void document(Context ctx) {
        // Replaces the no-store every other answer carries: nothing here is personal or secret.
        ctx.header("Cache-Control", CACHE_CONTROL);
        ctx.contentType("application/json").result(document);
    }
}
