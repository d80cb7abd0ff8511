package io.github.mfaenroll.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonMetaSchema;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.NonValidationKeyword;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.github.mfaenroll.api.OpenApiController;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The API's OpenAPI document as a test oracle: a real response must be one the document describes for its operation,
 * with that status, that content type, a body valid against that schema (JSON Schema 2020-12, with format assertions,
 * {@code $ref}s into the document resolved) and the headers the document marks required.
 *
 * <pre>{@code
 * OpenApiContract.assertResponseMatches("POST", Paths.API_LINKS, response);
 * }</pre>
 */
public final class OpenApiContract {

    private static final ObjectMapper JSON = new ObjectMapper();
    /**
     * The document with every object schema closed ({@code additionalProperties: false} wherever a schema of type
     * object lists its properties and says nothing else): clients are promised that answers may grow, so the document
     * leaves them open, but this app's own answers must not carry a member the document does not describe yet.
     */
    private static final JsonNode DOCUMENT = closeObjectSchemas(read());
    /** JSON Schema 2020-12, told that {@code components} (where the references point) is no keyword. */
    private static final JsonSchemaFactory SCHEMAS = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012,
            factory -> factory.metaSchema(JsonMetaSchema.builder(JsonMetaSchema.getV202012())
                    .keyword(new NonValidationKeyword("components")).build()));
    private static final SchemaValidatorsConfig CONFIG = SchemaValidatorsConfig.builder()
            .formatAssertionsEnabled(true).build();

    private OpenApiContract() {
    }

    /**
     * The document as packed in the jar (the bytes {@code GET /api/openapi.json} serves), with its object schemas
     * closed as the checks read them.
     */
    public static JsonNode document() {
        return DOCUMENT;
    }

    /** The document as packed in the jar, unchanged. */
    public static JsonNode publishedDocument() {
        return read();
    }

    /** Adds {@code additionalProperties: false} to every object schema with properties that does not set it. */
    static JsonNode closeObjectSchemas(JsonNode document) {
        JsonNode copy = document.deepCopy();
        close(copy);
        return copy;
    }

    private static void close(JsonNode node) {
        if (node.isObject()) {
            ObjectNode object = (ObjectNode) node;
            if (object.path("type").asText().equals("object") && object.has("properties")
                    && !object.has("additionalProperties")) {
                object.put("additionalProperties", false);
            }
        }
        node.forEach(OpenApiContract::close);
    }

    /**
     * Fails unless the document describes {@code response} for the operation {@code method pathTemplate}.
     *
     * @param pathTemplate the path as the route table and the document write it, e.g. {@code /api/v1/users/{name}}
     */
    public static void assertResponseMatches(String method, String pathTemplate, HttpResponse<String> response) {
        JsonNode operation = operation(method, pathTemplate)
                .orElseGet(() -> fail("The document has no operation %s %s", method, pathTemplate));
        String what = method + " " + pathTemplate + " -> " + response.statusCode();
        JsonNode described = resolve(operation.path("responses").path(String.valueOf(response.statusCode())));
        if (described.isMissingNode()) {
            fail("%s is not described; the document has %s. Body: %s", what,
                    fieldNames(operation.path("responses")), response.body());
        }
        described.path("headers").fields().forEachRemaining(header -> {
            JsonNode spec = resolve(header.getValue());
            Optional<String> value = response.headers().firstValue(header.getKey());
            if (spec.path("required").asBoolean(false)) {
                assertThat(value).as("%s: required header %s", what, header.getKey()).isPresent();
            }
            value.ifPresent(v -> assertValid(spec.path("schema"), headerValue(spec.path("schema"), v),
                    what + " header " + header.getKey()));
        });
        String contentType = response.headers().firstValue("Content-Type").map(OpenApiContract::mediaType).orElse("");
        JsonNode content = described.path("content");
        if (content.isMissingNode() || content.isEmpty()) {
            assertThat(response.body()).as("%s: no body is described", what).isEmpty();
            return;
        }
        JsonNode media = content.path(contentType);
        if (media.isMissingNode()) {
            fail("%s answered %s; the document describes %s", what, contentType, fieldNames(content));
        }
        JsonNode body;
        try {
            body = JSON.readTree(response.body());
        } catch (IOException e) {
            throw new AssertionError(what + ": the body is not JSON: " + response.body(), e);
        }
        assertValid(media.path("schema"), body, what + " (" + contentType + ")");
    }

    /** The operation the document describes, if any. */
    public static Optional<JsonNode> operation(String method, String pathTemplate) {
        JsonNode operation = DOCUMENT.path("paths").path(pathTemplate).path(method.toLowerCase(Locale.ROOT));
        return operation.isMissingNode() ? Optional.empty() : Optional.of(operation);
    }

    /** Follows a {@code $ref} into the document ({@code #/components/...}); anything else as it is. */
    public static JsonNode resolve(JsonNode node) {
        JsonNode resolved = node;
        while (resolved.has("$ref")) {
            String ref = resolved.get("$ref").asText();
            if (!ref.startsWith("#/")) {
                throw new IllegalStateException("Only references inside the document are expected: " + ref);
            }
            resolved = DOCUMENT.at(ref.substring(1));
            if (resolved.isMissingNode()) {
                throw new IllegalStateException("Dangling reference " + ref);
            }
        }
        return resolved;
    }

    private static void assertValid(JsonNode schema, JsonNode value, String what) {
        // The schema at the root of a document of its own, beside the document's components, so its $refs
        // (#/components/schemas/...) resolve as they do in the OpenAPI document.
        ObjectNode root = schema.isObject() ? ((ObjectNode) schema).deepCopy() : JSON.createObjectNode();
        root.set("components", DOCUMENT.path("components"));
        JsonSchema validator = SCHEMAS.getSchema(URI.create("urn:mfa-enroll:openapi"), root, CONFIG);
        Set<ValidationMessage> errors = validator.validate(value);
        assertThat(errors).as("%s does not match the document's schema; body: %s", what, value).isEmpty();
    }

    /** A header's text as the JSON value its schema describes (Retry-After is a number). */
    private static JsonNode headerValue(JsonNode schema, String text) {
        String type = schema.path("type").asText();
        if (type.equals("integer") && text.strip().matches("-?\\d+")) {
            return JSON.getNodeFactory().numberNode(Long.parseLong(text.strip()));
        }
        return JSON.getNodeFactory().textNode(text);
    }

    private static String mediaType(String contentType) {
        int semicolon = contentType.indexOf(';');
        return (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).strip().toLowerCase(Locale.ROOT);
    }

    private static String fieldNames(JsonNode node) {
        StringBuilder names = new StringBuilder();
        node.fieldNames().forEachRemaining(n -> names.append(names.length() == 0 ? "" : ", ").append(n));
        return "[" + names + "]";
    }

    private static JsonNode read() {
        try (InputStream in = OpenApiContract.class.getResourceAsStream(OpenApiController.RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(OpenApiController.RESOURCE + " is not on the class path");
            }
            return JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every operation the document describes, keyed {@code METHOD path} ({@code GET /api/v1/compliance}). */
    public static Map<String, JsonNode> operations() {
        Map<String, JsonNode> operations = new TreeMap<>();
        DOCUMENT.path("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(op -> {
            if (Set.of("get", "put", "post", "delete", "patch", "head", "options", "trace").contains(op.getKey())) {
                operations.put(op.getKey().toUpperCase(Locale.ROOT) + " " + path.getKey(), op.getValue());
            }
        }));
        return operations;
    }
}
