package io.github.mfaenroll.iam.simulator;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The parameters of one Query protocol request ({@code application/x-www-form-urlencoded}), with IAM's input
 * constraints. Violations become {@code ValidationError} worded like IAM's ("1 validation error detected: …"),
 * except that secret values (authentication codes) are never echoed back.
 */
final class QueryRequest {

    /** A member's constraints as the IAM API reference states them. */
    record Constraint(int minLength, int maxLength, Pattern pattern, boolean secret) {

        static Constraint of(int minLength, int maxLength, String regex) {
            return new Constraint(minLength, maxLength, Pattern.compile(regex), false);
        }

        static Constraint secret(int minLength, int maxLength, String regex) {
            return new Constraint(minLength, maxLength, Pattern.compile(regex), true);
        }
    }

    static final Constraint USER_NAME = Constraint.of(1, 64, "[\\w+=,.@-]+");
    static final Constraint DEVICE_NAME = Constraint.of(1, 226, "[\\w+=,.@-]+");
    static final Constraint SERIAL_NUMBER = Constraint.of(9, 256, "[\\w+=/:,.@-]+");
    static final Constraint AUTHENTICATION_CODE = Constraint.secret(6, 6, "[\\d]+");
    static final Constraint PATH = Constraint.of(1, 512, "(\\u002F)|(\\u002F[\\u0021-\\u007E]+\\u002F)");
    static final Constraint PATH_PREFIX = Constraint.of(1, 512, "\\u002F[\\u0021-\\u007F]*");
    static final Constraint MARKER = Constraint.of(1, 320, "[\\u0020-\\u00FF]+");
    static final Constraint TAG_KEY = Constraint.of(1, 128, "[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]+");
    static final Constraint TAG_VALUE = Constraint.of(0, 256, "[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*");

    static final int DEFAULT_MAX_ITEMS = 100;
    private static final int MAX_TAGS = 50;
    private static final Pattern TAG_PARAMETER = Pattern.compile("Tags\\.member\\.([1-9][0-9]{0,3})\\.(Key|Value)");

    private final Map<String, String> parameters;

    private QueryRequest(Map<String, String> parameters) {
        this.parameters = parameters;
    }

    /**
     * Parses form-encoded text. A repeated name or a broken percent escape is a malformed query (400), never a
     * server error: the caller sent it, so the caller is told.
     */
    static QueryRequest parse(String form) {
        Map<String, String> parameters = new HashMap<>();
        if (form != null && !form.isEmpty()) {
            for (String pair : form.split("&", -1)) {
                if (pair.isEmpty()) {
                    continue;
                }
                int equals = pair.indexOf('=');
                String name = decode(equals < 0 ? pair : pair.substring(0, equals));
                String value = equals < 0 ? "" : decode(pair.substring(equals + 1));
                if (parameters.putIfAbsent(name, value) != null) {
                    throw IamError.malformedQuery("The query string has the parameter " + name + " more than once.");
                }
            }
        }
        return new QueryRequest(parameters);
    }

    private static String decode(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw IamError.malformedQuery("The query string is malformed (bad percent-encoding).");
        }
    }

    /** Merges the parameters of another part of the request (the URL query of a POST); a name twice is malformed. */
    QueryRequest with(QueryRequest other) {
        Map<String, String> merged = new HashMap<>(parameters);
        other.parameters.forEach((name, value) -> {
            if (merged.putIfAbsent(name, value) != null) {
                throw IamError.malformedQuery("The query string has the parameter " + name + " more than once.");
            }
        });
        return new QueryRequest(merged);
    }

    Optional<String> raw(String name) {
        return Optional.ofNullable(parameters.get(name));
    }

    /** A required member: absent is IAM's "Member must not be null". */
    String required(String name, Constraint constraint) {
        String value = parameters.get(name);
        if (value == null) {
            throw IamError.validation("1 validation error detected: Value null at '" + member(name)
                    + "' failed to satisfy constraint: Member must not be null");
        }
        return check(name, value, constraint);
    }

    Optional<String> optional(String name, Constraint constraint) {
        return raw(name).map(value -> check(name, value, constraint));
    }

    Optional<String> marker() {
        return optional("Marker", MARKER);
    }

    /** MaxItems: 1 to 1000, default 100 (IAM API reference, every List action). */
    int maxItems() {
        String text = parameters.get("MaxItems");
        if (text == null) {
            return DEFAULT_MAX_ITEMS;
        }
        int value;
        try {
            value = Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            throw IamError.validation("1 validation error detected: Value '" + text
                    + "' at 'maxItems' failed to satisfy constraint: Member must be an integer");
        }
        if (value < 1 || value > 1000) {
            throw IamError.validation("1 validation error detected: Value '" + value + "' at 'maxItems' failed "
                    + "to satisfy constraint: Member must have value " + (value < 1 ? "greater than or equal to 1"
                    : "less than or equal to 1000"));
        }
        return value;
    }

    /** {@code Tags.member.N.Key} / {@code .Value}, in N order; at most 50, keys unique ignoring case. */
    Map<String, String> tags() {
        Map<Integer, String> keys = new TreeMap<>();
        Map<Integer, String> values = new TreeMap<>();
        parameters.forEach((name, value) -> {
            Matcher matcher = TAG_PARAMETER.matcher(name);
            if (matcher.matches()) {
                int index = Integer.parseInt(matcher.group(1));
                (matcher.group(2).equals("Key") ? keys : values).put(index, value);
            }
        });
        if (keys.size() > MAX_TAGS || values.size() > MAX_TAGS) {
            throw IamError.validation("1 validation error detected: Value at 'tags' failed to satisfy constraint: "
                    + "Member must have length less than or equal to " + MAX_TAGS);
        }
        Map<String, String> tags = new LinkedHashMap<>();
        Map<String, String> seenKeys = new HashMap<>();
        for (Map.Entry<Integer, String> entry : keys.entrySet()) {
            String prefix = "Tags.member." + entry.getKey();
            String key = check(prefix + ".Key", entry.getValue(), TAG_KEY);
            String value = values.get(entry.getKey());
            if (value == null) {
                throw IamError.validation("1 validation error detected: Value null at 'tags." + entry.getKey()
                        + ".member.value' failed to satisfy constraint: Member must not be null");
            }
            if (seenKeys.put(key.toLowerCase(java.util.Locale.ROOT), key) != null) {
                throw new IamError(400, "InvalidInput", "Duplicate tag keys found. Please note that Tag keys are case insensitive.");
            }
            tags.put(key, check(prefix + ".Value", value, TAG_VALUE));
        }
        values.keySet().stream().filter(index -> !keys.containsKey(index)).findFirst().ifPresent(index -> {
            throw IamError.validation("1 validation error detected: Value null at 'tags." + index
                    + ".member.key' failed to satisfy constraint: Member must not be null");
        });
        return tags;
    }

    private static String check(String name, String value, Constraint constraint) {
        String shown = constraint.secret() ? "Value" : "Value '" + value + "'";
        String prefix = "1 validation error detected: " + shown + " at '" + member(name) + "' failed to satisfy "
                + "constraint: Member must ";
        int length = value.codePointCount(0, value.length());
        if (length < constraint.minLength()) {
            throw IamError.validation(prefix + "have length greater than or equal to " + constraint.minLength());
        }
        if (length > constraint.maxLength()) {
            throw IamError.validation(prefix + "have length less than or equal to " + constraint.maxLength());
        }
        if (!value.isEmpty() && !constraint.pattern().matcher(value).matches()) {
            throw IamError.validation(prefix + "satisfy regular expression pattern: " + constraint.pattern());
        }
        return value;
    }

    /** IAM names members in validation messages in lower camel case: {@code UserName} becomes {@code userName}. */
    private static String member(String parameter) {
        return Character.toLowerCase(parameter.charAt(0)) + parameter.substring(1);
    }
}
