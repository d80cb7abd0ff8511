package io.github.mfaenroll.iam;

import java.util.List;

/**
 * Writes IAM policy documents the way administrators read and paste them: two-space indents, one action per line,
 * {@code "2012-10-17"}. Written by hand rather than by a JSON library so the layout stays exactly what the pages and
 * tests show; every value is still escaped, because a role name or an external id comes from the environment.
 */
final class PolicyJson {

    private PolicyJson() {
    }

    /** A whole policy document of already rendered statements (see {@link #allow} and {@link #trust}). */
    static String document(List<String> statements) {
        return "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n" + String.join(",\n", statements)
                + "\n  ]\n}\n";
    }

    /** An identity-policy statement allowing {@code actions} on one {@code resource}. */
    static String allow(String sid, List<String> actions, String resource) {
        StringBuilder statement = new StringBuilder();
        statement.append("    {\n      \"Sid\": ").append(quoted(sid)).append(",\n")
                .append("      \"Effect\": \"Allow\",\n      \"Action\": [\n");
        for (int i = 0; i < actions.size(); i++) {
            statement.append("        ").append(quoted(actions.get(i))).append(i + 1 < actions.size() ? ",\n" : "\n");
        }
        return statement.append("      ],\n      \"Resource\": ").append(quoted(resource)).append("\n    }").toString();
    }

    /**
     * A trust-policy statement letting the role {@code principalArn} call {@code sts:AssumeRole}, only with this
     * {@code sts:ExternalId} when {@code externalId} is not null.
     */
    static String trust(String sid, String principalArn, String externalId) {
        StringBuilder statement = new StringBuilder();
        statement.append("    {\n      \"Sid\": ").append(quoted(sid)).append(",\n")
                .append("      \"Effect\": \"Allow\",\n")
                .append("      \"Principal\": {\n        \"AWS\": ").append(quoted(principalArn)).append("\n      },\n")
                .append("      \"Action\": \"sts:AssumeRole\"");
        if (externalId != null) {
            statement.append(",\n      \"Condition\": {\n        \"StringEquals\": {\n          \"sts:ExternalId\": ")
                    .append(quoted(externalId)).append("\n        }\n      }");
        }
        return statement.append("\n    }").toString();
    }

    /** A JSON string literal: quotes, backslashes and control characters escaped. */
    static String quoted(String value) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : value.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
