package io.github.mfaenroll.iam.simulator;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;

/**
 * Writes IAM Query protocol XML: the {@code <XResponse><XResult>…} envelope, {@code <ErrorResponse>} and the
 * element shapes several actions share (User, Tags). Every text value goes through {@link #escape}.
 */
final class QueryResponses {

    static final String NAMESPACE = "https://iam.amazonaws.com/doc/2010-05-08/";
    /** STS speaks the same Query protocol under its own namespace. */
    static final String STS_NAMESPACE = "https://sts.amazonaws.com/doc/2011-06-15/";
    private static final String PROLOG = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";

    private QueryResponses() {
    }

    /** The success envelope; {@code result} is null for actions whose response has no Result element. */
    static String success(String action, Xml result, String requestId) {
        return success(NAMESPACE, action, result, requestId);
    }

    /** The success envelope in {@code namespace} (IAM's or STS's). */
    static String success(String namespace, String action, Xml result, String requestId) {
        Xml xml = new Xml().openWithNamespace(namespace, action + "Response");
        if (result != null) {
            xml.open(action + "Result").raw(result).close(action + "Result");
        }
        return PROLOG + xml.open("ResponseMetadata").text("RequestId", requestId).close("ResponseMetadata")
                .close(action + "Response");
    }

    static String error(IamError error, String requestId) {
        return error(NAMESPACE, error, requestId);
    }

    static String error(String namespace, IamError error, String requestId) {
        Xml xml = new Xml().openWithNamespace(namespace, "ErrorResponse")
                .open("Error")
                .text("Type", error.type())
                .text("Code", error.code())
                .text("Message", error.getMessage())
                .close("Error")
                .text("RequestId", requestId)
                .close("ErrorResponse");
        return PROLOG + xml;
    }

    /** IAM's wire format for timestamps: ISO 8601 in UTC, whole seconds. */
    static String timestamp(Instant instant) {
        return instant.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    static void writeUser(Xml xml, String element, SimulatedAccount.User user, boolean withTags) {
        xml.open(element)
                .text("Path", user.path())
                .text("UserName", user.name())
                .text("UserId", user.userId())
                .text("Arn", user.arn())
                .text("CreateDate", timestamp(user.createDate()));
        if (withTags && !user.tags().isEmpty()) {
            writeTags(xml, user.tags());
        }
        xml.close(element);
    }

    static void writeTags(Xml xml, Map<String, String> tags) {
        xml.open("Tags");
        tags.forEach((key, value) -> xml.open("member").text("Key", key).text("Value", value).close("member"));
        xml.close("Tags");
    }

    /**
     * Escapes XML text. Characters XML 1.0 cannot carry at all (most control characters, lone surrogates) are
     * replaced with U+FFFD rather than written, so the SDK's parser never sees a malformed document.
     */
    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&apos;");
                case '\r' -> out.append("&#13;");
                default -> {
                    if (Character.isHighSurrogate(c) && i + 1 < text.length()
                            && Character.isLowSurrogate(text.charAt(i + 1))) {
                        out.append(c).append(text.charAt(++i));
                    } else if (c == '\t' || c == '\n' || (c >= 0x20 && c <= 0xD7FF) || (c >= 0xE000 && c <= 0xFFFD)) {
                        out.append(c);
                    } else {
                        out.append('\uFFFD');
                    }
                }
            }
        }
        return out.toString();
    }

    /** A minimal XML builder: elements opened and closed by name, text always escaped. */
    static final class Xml {
        private final StringBuilder out = new StringBuilder(256);

        Xml openWithNamespace(String name) {
            return openWithNamespace(NAMESPACE, name);
        }

        Xml openWithNamespace(String namespace, String name) {
            out.append('<').append(name).append(" xmlns=\"").append(namespace).append("\">");
            return this;
        }

        Xml open(String name) {
            out.append('<').append(name).append('>');
            return this;
        }

        Xml close(String name) {
            out.append("</").append(name).append('>');
            return this;
        }

        /** A leaf element; a null value writes nothing (IAM omits absent members). */
        Xml text(String name, String value) {
            if (value != null) {
                open(name);
                out.append(escape(value));
                close(name);
            }
            return this;
        }

        Xml bool(String name, boolean value) {
            return text(name, Boolean.toString(value));
        }

        Xml raw(Xml other) {
            out.append(other.out);
            return this;
        }

        @Override
        public String toString() {
            return out.toString();
        }
    }
}
