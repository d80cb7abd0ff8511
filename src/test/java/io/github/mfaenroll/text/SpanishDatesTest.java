package io.github.mfaenroll.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Spanish puts an article or a preposition before a date ("hasta el 26 nov 2026", "antes del …", "a partir del
 * …"); "hasta 26 nov 2026" reads as a typo. The messages that show a date are found where dates reach them: the
 * templates' {@code t("key", x | when)} calls (the {@code when} filter formats an {@code Instant}), plus the few
 * template variables that Java fills with an already formatted date. A template that passes a date-like name
 * this test has not classified fails here, so a new date cannot slip past.
 */
class SpanishDatesTest {

    private static final Locale SPANISH = Locale.forLanguageTag("es");
    private static final Path TEMPLATES = Path.of("templates");

    /** Template variables holding a date Java formatted already ({@code Notifications.sendReminder}). */
    private static final Set<String> FORMATTED_DATES = Set.of("enrollBy");
    /** Template variables whose names look like dates but hold something else (people). */
    private static final Set<String> NOT_DATES = Set.of("issuedBy", "removedBy");
    /** Keys a template picks by variable and passes a date: the keys each variable can hold (see the controllers). */
    private static final Map<String, Set<String>> KEYS_BY_VARIABLE =
            Map.of("errorKey", Set.of("signin.error.too_many_attempts"));

    private static final Pattern DATE_LIKE_NAME = Pattern.compile("(?i).*(at|by|until|date|since|when|deadline)");
    private static final Pattern WHEN_FILTER = Pattern.compile("\\|\\s*when\\b");
    private static final Pattern T_CALL = Pattern.compile("(?<![\\w.])t\\(");
    private static final Pattern STRING_LITERAL = Pattern.compile("\"([^\"~]*)\"");
    private static final Pattern DATE_PLACEHOLDER = Pattern.compile("\\{0[,}]");
    /** What may stand before a date: el, del, al (also in hasta el, antes del, a partir del), or a label's colon. */
    private static final Pattern BEFORE_A_DATE = Pattern.compile("(?:\\b(?:el|del|al)|:)\\s+$",
            Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);

    /** A {@code t(key, argument)} call in a template, both as written. */
    record Call(Path template, String key, String argument) {
    }

    /** What the scan found: the keys that get a date, and the calls it could not classify. */
    record Scan(Set<String> dateKeys, List<String> unclassified) {
    }

    static Scan scan() {
        Set<String> dateKeys = new TreeSet<>();
        List<String> unclassified = new ArrayList<>();
        for (Call call : calls()) {
            String value = call.argument().split("\\|")[0].strip();
            String name = value.substring(value.lastIndexOf('.') + 1);
            boolean date = WHEN_FILTER.matcher(call.argument()).find() || FORMATTED_DATES.contains(name);
            if (!date) {
                if (DATE_LIKE_NAME.matcher(name).matches() && !NOT_DATES.contains(name)) {
                    unclassified.add(call + ": is " + name + " a date? List it in FORMATTED_DATES or NOT_DATES");
                }
                continue;
            }
            Matcher literal = STRING_LITERAL.matcher(call.key());
            if (literal.matches()) {
                dateKeys.add(literal.group(1));
            } else if (KEYS_BY_VARIABLE.containsKey(call.key())) {
                dateKeys.addAll(KEYS_BY_VARIABLE.get(call.key()));
            } else {
                unclassified.add(call + ": list the keys " + call.key() + " can hold in KEYS_BY_VARIABLE");
            }
        }
        return new Scan(dateKeys, unclassified);
    }

    static Stream<String> dateKeys() {
        return scan().dateKeys().stream();
    }

    /** The text before each date placeholder that lacks an article, preposition or colon; empty when all is well. */
    static List<String> datesWithoutArticle(String message) {
        List<String> found = new ArrayList<>();
        Matcher placeholder = DATE_PLACEHOLDER.matcher(message);
        while (placeholder.find()) {
            String before = message.substring(0, placeholder.start());
            if (!BEFORE_A_DATE.matcher(before).find()) {
                found.add("…" + before.substring(Math.max(0, before.length() - 30)) + "{0}");
            }
        }
        return found;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dateKeys")
    void aSpanishMessageShowingADatePutsAnArticleOrPrepositionBeforeIt(String key) {
        String message = MessageBundlesTest.bundle(SPANISH).getProperty(key);

        assertThat(message).as("es %s", key).containsPattern(DATE_PLACEHOLDER);
        assertThat(datesWithoutArticle(message))
                .as("es %s: write el, del or al before the date (hasta el {0}, antes del {0}, a partir del {0})", key)
                .isEmpty();
    }

    @Test
    void everyDateATemplatePassesToAMessageIsClassified() {
        Scan scan = scan();

        assertThat(scan.unclassified()).isEmpty();
    }

    @Test
    void theScanFindsTheDatesOfThePagesAndMails() {
        Set<String> keys = scan().dateKeys();

        assertThat(keys).contains("onboard.landing.expires", "mail.invitation.expires", "helpdesk.link_once.hint",
                "enroll.scan.expires", "signin.error.too_many_attempts", "mail.reminder.deadline", "mail.fact.when");
    }

    @Test
    void theHandListsNameThingsThatExist() {
        Properties spanish = MessageBundlesTest.bundle(SPANISH);
        String arguments = String.join("\n", calls().stream().map(Call::argument).toList());
        String keys = String.join("\n", calls().stream().map(Call::key).toList());

        assertThat(KEYS_BY_VARIABLE.values().stream().flatMap(Set::stream)).allMatch(spanish::containsKey);
        assertThat(KEYS_BY_VARIABLE.keySet()).allMatch(keys::contains);
        assertThat(Stream.concat(FORMATTED_DATES.stream(), NOT_DATES.stream())).allMatch(arguments::contains);
    }

    @Nested
    class TheRule {

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"Es válido hasta el {0}.", "Termine antes del {0}; si no…", "a partir del {0}.",
                "AWS generó este informe el {0}.", "Cuándo: {0}", "Bloqueada hasta: {0}", "Emitido el {0}"})
        void acceptsAnArticlePrepositionOrLabel(String message) {
            assertThat(datesWithoutArticle(message)).isEmpty();
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"Es válido hasta {0}.", "Termine antes de {0}; si no…", "después de {0}",
                "{0}", "Vuelva a intentarlo a partir de {0}."})
        void refusesADateWithNothingBeforeIt(String message) {
            assertThat(datesWithoutArticle(message)).singleElement().asString().endsWith("{0}");
        }
    }

    /** Every {@code t(…)} call with an argument in {@code templates/}. */
    private static List<Call> calls() {
        List<Call> calls = new ArrayList<>();
        try (Stream<Path> files = Files.walk(TEMPLATES)) {
            for (Path template : files.filter(p -> p.toString().endsWith(".peb")).sorted().toList()) {
                String source = Files.readString(template, StandardCharsets.UTF_8);
                Matcher start = T_CALL.matcher(source);
                while (start.find()) {
                    List<String> parts = arguments(source, start.end());
                    if (parts.size() == 2) {
                        calls.add(new Call(template, parts.get(0), parts.get(1)));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        assertThat(calls).as("t(key, argument) calls under %s", TEMPLATES.toAbsolutePath()).hasSizeGreaterThan(50);
        return calls;
    }

    /** The comma-separated arguments of the call whose text starts at {@code from}, up to its closing parenthesis. */
    private static List<String> arguments(String source, int from) {
        List<String> parts = new ArrayList<>();
        StringBuilder part = new StringBuilder();
        int depth = 0;
        boolean quoted = false;
        for (int i = from; i < source.length(); i++) {
            char c = source.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (!quoted && c == '(') {
                depth++;
            } else if (!quoted && c == ')' && depth-- == 0) {
                parts.add(part.toString().strip());
                return parts;
            } else if (!quoted && c == ',' && depth == 0) {
                parts.add(part.toString().strip());
                part.setLength(0);
                continue;
            }
            part.append(c);
        }
        throw new IllegalStateException("unclosed t( call at offset " + from);
    }
}
