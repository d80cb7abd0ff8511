package io.github.mfaenroll.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.MatchResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every word a person reads comes from the message bundles: a template that holds text of its own (a sentence, a
 * button label, an {@code alt} text) would stay English on a German page. Each {@code templates/**}{@code /*.peb} is
 * read as written; Pebble comments, tags and expressions and HTML markup are removed, and no letter may be left.
 * User-facing attributes must be made of {@code t(...)} calls only.
 */
class TemplateTextTest {

    private static final Path TEMPLATES = Path.of("templates");

    private static final Pattern PEBBLE_COMMENT = Pattern.compile("\\{#.*?#\\}", Pattern.DOTALL);
    private static final Pattern PEBBLE_EXPRESSION = Pattern.compile("\\{\\{.*?\\}\\}", Pattern.DOTALL);
    private static final Pattern PEBBLE_TAG = Pattern.compile("\\{%.*?%\\}", Pattern.DOTALL);
    private static final Pattern HTML_COMMENT = Pattern.compile("<!--.*?-->", Pattern.DOTALL);
    /** A tag, after Pebble markup inside it was replaced by a marker (so a {@code >} in an expression cannot end it). */
    private static final Pattern HTML_TAG = Pattern.compile("<[!/]?[a-zA-Z][^<>]*>");
    private static final Pattern ATTRIBUTE = Pattern.compile("([a-zA-Z_:][-a-zA-Z0-9_:.]*)\\s*=\\s*\"([^\"]*)\"");
    private static final Pattern ENTITY = Pattern.compile("&(#[0-9]+|#x[0-9a-fA-F]+|[a-zA-Z]+);");
    private static final Pattern LETTERS = Pattern.compile("\\p{L}[\\p{L}\\p{N}'’.-]*");
    /** A translated attribute value: nothing but {@code {{ t("...") }}} calls (with arguments), spaces and punctuation. */
    private static final Pattern ONLY_TRANSLATIONS = Pattern.compile(
            "(\\s|[\\p{Punct}&&[^{}]]|\\{\\{\\s*t\\((?:[^{}])*\\)\\s*\\}\\})*");
    /** Attributes people read or hear: tooltips, screen-reader labels, placeholders, image descriptions. */
    private static final Set<String> USER_FACING_ATTRIBUTES = Set.of("alt", "title", "aria-label", "aria-description",
            "aria-placeholder", "aria-roledescription", "aria-valuetext", "placeholder", "label", "abbr");
    private static final char MARK = '\u0001';

    static Stream<Path> templates() throws IOException {
        try (Stream<Path> files = Files.walk(TEMPLATES)) {
            List<Path> all = files.filter(p -> p.toString().endsWith(".peb")).sorted().toList();
            assertThat(all).as("templates found under %s", TEMPLATES.toAbsolutePath()).hasSizeGreaterThan(30);
            return all.stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("templates")
    void holdsNoTextOfItsOwn(Path template) throws IOException {
        String source = Files.readString(template, StandardCharsets.UTF_8);

        assertThat(untranslatedText(source)).as("text in %s that is not from a bundle", template).isEmpty();
        assertThat(untranslatedAttributes(source)).as("user-facing attributes in %s not from t(...)", template)
                .isEmpty();
    }

    /** The words left once every Pebble construct and every HTML tag is gone. */
    static List<String> untranslatedText(String source) {
        String text = PEBBLE_COMMENT.matcher(source).replaceAll(" ");
        text = PEBBLE_EXPRESSION.matcher(text).replaceAll(String.valueOf(MARK));
        text = PEBBLE_TAG.matcher(text).replaceAll(String.valueOf(MARK));
        text = HTML_COMMENT.matcher(text).replaceAll(" ");
        text = HTML_TAG.matcher(text).replaceAll(" ");
        text = ENTITY.matcher(text).replaceAll(" ");
        return words(text);
    }

    /** {@code name="value"} pairs of user-facing attributes whose value is not made of {@code t(...)} calls. */
    static List<String> untranslatedAttributes(String source) {
        String withoutComments = PEBBLE_COMMENT.matcher(HTML_COMMENT.matcher(source).replaceAll(" ")).replaceAll(" ");
        // Hide Pebble inside tags so its quotes and > do not confuse the tag and attribute patterns; keep expressions.
        List<String> expressions = new ArrayList<>();
        Matcher expression = PEBBLE_EXPRESSION.matcher(withoutComments);
        StringBuilder masked = new StringBuilder();
        while (expression.find()) {
            expressions.add(expression.group());
            expression.appendReplacement(masked, MARK + String.valueOf(expressions.size() - 1) + MARK);
        }
        expression.appendTail(masked);
        String html = PEBBLE_TAG.matcher(masked).replaceAll(" ");
        List<String> problems = new ArrayList<>();
        Matcher tag = HTML_TAG.matcher(html);
        while (tag.find()) {
            String element = tag.group();
            boolean submitInput = element.regionMatches(true, 0, "<input", 0, 6)
                    && element.toLowerCase(Locale.ROOT).matches("(?s).*type\\s*=\\s*\"(submit|button|reset)\".*");
            Matcher attribute = ATTRIBUTE.matcher(element);
            while (attribute.find()) {
                String name = attribute.group(1).toLowerCase(Locale.ROOT);
                if (!USER_FACING_ATTRIBUTES.contains(name) && !(submitInput && name.equals("value"))) {
                    continue;
                }
                String value = unmask(attribute.group(2), expressions);
                boolean decorativeImage = name.equals("alt") && value.isEmpty();
                if (!decorativeImage && (value.isBlank() || !value.contains("t(")
                        || !ONLY_TRANSLATIONS.matcher(value).matches())) {
                    problems.add(name + "=\"" + value + "\"");
                }
            }
        }
        return problems;
    }

    private static String unmask(String value, List<String> expressions) {
        Matcher marker = Pattern.compile(MARK + "([0-9]+)" + MARK).matcher(value);
        StringBuilder out = new StringBuilder();
        while (marker.find()) {
            marker.appendReplacement(out, Matcher.quoteReplacement(expressions.get(Integer.parseInt(marker.group(1)))));
        }
        marker.appendTail(out);
        return out.toString();
    }

    private static List<String> words(String text) {
        return LETTERS.matcher(text).results().map(MatchResult::group).toList();
    }

    /** The scanner itself: it must catch what it is there to catch, and let translated markup through. */
    @Nested
    class TheScanner {

        @Test
        void findsTextOutsideTranslations() {
            String template = """
                    {% extends "layout" %}
                    {# a comment is fine #}
                    <p>{{ t("home.body") }} Click here</p>
                    <button type="submit">Save</button>
                    """;

            assertThat(untranslatedText(template)).containsExactly("Click", "here", "Save");
        }

        @Test
        void letsThroughTagsExpressionsCommentsAndEntities() {
            String template = """
                    <!DOCTYPE html>
                    <html lang="{{ lang }}"><!-- build note -->
                    {% if count > 1 and name == "x" %}<a href="/enroll" class="button">{{ t("enroll.start.button") }}</a>{% endif %}
                    &nbsp;&middot; {{ user | when }} – 1/2
                    """;

            assertThat(untranslatedText(template)).isEmpty();
        }

        @Test
        void findsUserFacingAttributesThatAreNotTranslated() {
            String template = """
                    <img src="/qr.svg" alt="QR code">
                    <img src="/line.svg" alt="">
                    <nav aria-label="{{ t("enroll.steps.label") }}"></nav>
                    <input name="q" placeholder="{{ hint }}">
                    <input type="submit" value="Send">
                    <input type="hidden" name="csrf" value="{{ csrf }}">
                    <span title="{{ t("a.b", user) }}: {{ t("c.d") }}"></span>
                    """;

            assertThat(untranslatedAttributes(template))
                    .containsExactly("alt=\"QR code\"", "placeholder=\"{{ hint }}\"", "value=\"Send\"");
        }
    }
}
