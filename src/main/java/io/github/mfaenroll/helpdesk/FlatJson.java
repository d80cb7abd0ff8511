package io.github.mfaenroll.helpdesk;

import java.util.Map;

/**
 * Writes one flat JSON object (string, number, boolean or null values). The walk-through's JSON has seven fields;
 * the only JSON library on the classpath is Jackson 2, and only as Flyway's dependency, which is nothing to build
 * on. So this writer is explicit, and escapes everything RFC 8259 requires plus {@code <}, {@code >}, {@code &} and
 * U+2028/U+2029, so the text is also safe wherever a browser might sniff or embed it.
 */
final class FlatJson {

    private FlatJson() {
    }

    static String write(Map<String, ?> fields) {
        StringBuilder json = new StringBuilder("{");
        fields.forEach((name, value) -> {
            if (json.length() > 1) {
                json.append(',');
            }
            quote(json, name);
            json.append(':');
            if (value == null) {
                json.append("null");
            } else if (value instanceof Boolean || value instanceof Integer || value instanceof Long) {
                json.append(value);
            } else {
                quote(json, value.toString());
            }
        });
        return json.append('}').toString();
    }

    private static void quote(StringBuilder json, String text) {
        json.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> json.append("\\\"");
                case '\\' -> json.append("\\\\");
                case '\n' -> json.append("\\n");
                case '\r' -> json.append("\\r");
                case '\t' -> json.append("\\t");
                default -> {
                    if (c < 0x20 || c == '<' || c == '>' || c == '&' || c == '\u2028' || c == '\u2029') {
                        json.append(String.format("\\u%04x", (int) c));
                    } else {
                        json.append(c);
                    }
                }
            }
        }
        json.append('"');
    }
}
