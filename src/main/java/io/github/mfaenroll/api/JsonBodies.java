package io.github.mfaenroll.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import io.javalin.http.Context;
import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * JSON in and out of the API's controllers: answers are records written as UTF-8 JSON; request bodies of the write
 * endpoints are a JSON object read into a record, strictly. An unknown member, a duplicate one, a string where a
 * boolean belongs (or the other way round) is refused rather than guessed at: an integration that sends
 * {@code "send": "false"} must learn it at once, not mail a link it meant to keep. Refusals name only the record's own
 * members, never what the request carried.
 */
final class JsonBodies {

    private static final String JSON_MEDIA_TYPE = "application/json";

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .withCoercionConfig(LogicalType.Textual, c -> c.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
            .withCoercionConfig(LogicalType.Boolean, c -> c.setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail))
            .build();

    private JsonBodies() {
    }

    /**
     * The request's body as {@code type}: UNSUPPORTED_MEDIA_TYPE unless its {@code Content-Type} is
     * {@code application/json} (any parameters); BAD_REQUEST when it is not one JSON object whose members are the
     * record's, each of the record's type (a member may be left out, or null: it is then null in the record).
     */
    static <T extends Record> T read(Context ctx, Class<T> type) {
        String contentType = ctx.contentType();
        if (contentType == null
                || !contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT).equals(JSON_MEDIA_TYPE)) {
            throw new ApiRequestRefused(ApiRequestRefused.Kind.UNSUPPORTED_MEDIA_TYPE, "Send the body as Content-Type: "
                    + JSON_MEDIA_TYPE + ", a JSON object " + members(type) + ".");
        }
        return read(ctx.bodyAsBytes(), type);
    }

    /** Answers the request with {@code body} as JSON. */
    static void write(Context ctx, int status, Record body) {
        try {
            // Bytes, not a String: Jetty would encode a String for a type without a charset parameter as ISO-8859-1,
            // turning every non-ASCII character into '?'. JSON is UTF-8 (RFC 8259), with no charset parameter.
            ctx.status(status).contentType(JSON_MEDIA_TYPE).result(JSON.writeValueAsBytes(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A record of strings, numbers, booleans and lists is always JSON", e);
        }
    }

    private static <T extends Record> T read(byte[] body, Class<T> type) {
        if (body == null || body.length == 0) {
            throw new ApiRequestRefused(ApiRequestRefused.Kind.BAD_REQUEST, "Send a JSON object " + members(type) + ".");
        }
        try {
            T read = JSON.readValue(body, type);
            if (read == null) {
                throw new ApiRequestRefused(ApiRequestRefused.Kind.BAD_REQUEST, "Send a JSON object " + members(type)
                        + ", not null.");
            }
            return read;
        } catch (UnrecognizedPropertyException e) {
            throw new ApiRequestRefused(ApiRequestRefused.Kind.BAD_REQUEST, "The body has a member this call does not "
                    + "know; send a JSON object " + members(type) + ".");
        } catch (JsonMappingException e) {
            Optional<RecordComponent> member = e.getPath().size() == 1 ? component(type, e.getPath().get(0)
                    .getFieldName()) : Optional.empty();
            throw new ApiRequestRefused(ApiRequestRefused.Kind.BAD_REQUEST, member
                    .map(m -> m.getName() + " must be " + describe(m.getType()) + ".")
                    .orElse("Send a JSON object " + members(type) + "."));
        } catch (JsonProcessingException e) {
            // Jackson's message quotes the input: never passed on.
            throw new ApiRequestRefused(ApiRequestRefused.Kind.BAD_REQUEST, "The body is not valid JSON; send a "
                    + "JSON object " + members(type) + ".");
        } catch (IOException e) {
            throw new ApiRequestRefused(ApiRequestRefused.Kind.BAD_REQUEST, "The body could not be read.");
        }
    }

    private static Optional<RecordComponent> component(Class<? extends Record> type, String name) {
        return Arrays.stream(type.getRecordComponents()).filter(c -> c.getName().equals(name)).findFirst();
    }

    /** "with the members user (a string), send (true or false)". */
    private static String members(Class<? extends Record> type) {
        return "with the members " + Arrays.stream(type.getRecordComponents())
                .map(c -> c.getName() + " (" + describe(c.getType()) + ")").collect(Collectors.joining(", "));
    }

    private static String describe(Class<?> type) {
        return type == Boolean.class || type == boolean.class ? "true or false" : "a string";
    }
}
