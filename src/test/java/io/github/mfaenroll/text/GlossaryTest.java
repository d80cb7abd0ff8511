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
import java.util.Properties;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code docs/glossary.md} is the rule for the words the translations use: this test reads its tables, so the
 * glossary and the bundles cannot drift apart. No message may match a form the glossary says to avoid, every form
 * it says to use must be in use, and each translation's table covers the key terms.
 */
class GlossaryTest {

    private static final Path GLOSSARY = Path.of("docs", "glossary.md");
    /** The terms every language's table must have (the first column, as written there). */
    private static final List<String> KEY_TERMS = List.of("MFA device", "authenticator app", "onboarding link",
            "helpdesk", "console password", "sign in / sign out", "code", "key (setup key)");

    private static final Pattern SECTION = Pattern.compile("^## .*`messages_([a-z]{2})\\.properties`.*$");
    private static final Pattern SEPARATOR_ROW = Pattern.compile("^\\|[-:| ]+\\|$");
    private static final Pattern CELL_BORDER = Pattern.compile("(?<!\\\\)\\|");
    private static final Pattern FORM = Pattern.compile("`([^`]+)`");

    /** One row of a language's table: the term, the forms to use, the forms (regular expressions) to avoid. */
    record Term(Locale language, String term, List<String> use, List<Pattern> avoid) {
        @Override
        public String toString() {
            return language.getLanguage() + ": " + term;
        }
    }

    static List<Term> glossary() {
        try {
            return parse(Files.readAllLines(GLOSSARY, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The table rows under each {@code ## … (`messages_xx.properties`)} heading; other text is for people. */
    static List<Term> parse(List<String> lines) {
        List<Term> terms = new ArrayList<>();
        Locale language = null;
        boolean header = true;
        for (String raw : lines) {
            String line = raw.strip();
            Matcher section = SECTION.matcher(line);
            if (section.matches()) {
                language = Locale.forLanguageTag(section.group(1));
                header = true;
            } else if (line.startsWith("#")) {
                language = null;
            } else if (language != null && line.startsWith("|")) {
                if (header || SEPARATOR_ROW.matcher(line).matches()) {
                    header = false;
                    continue;
                }
                String[] cells = CELL_BORDER.split(line, -1);
                terms.add(new Term(language, cells[1].strip(), forms(cells[2]),
                        forms(cells[3]).stream().map(GlossaryTest::avoided).toList()));
            } else if (line.isEmpty()) {
                header = true;
            }
        }
        return terms;
    }

    /** The messages of {@code bundle} that match a form {@code term} avoids: key, form and the words matched. */
    static List<String> offences(Properties bundle, Term term) {
        List<String> found = new ArrayList<>();
        for (String key : new TreeSet<>(bundle.stringPropertyNames())) {
            String message = bundle.getProperty(key);
            for (Pattern form : term.avoid()) {
                Matcher match = form.matcher(message);
                if (match.find()) {
                    found.add(key + ": “" + match.group() + "” matches the avoided form `" + form.pattern()
                            + "` (" + term + ": use " + term.use() + ")");
                }
            }
        }
        return found;
    }

    static Stream<Term> terms() {
        List<Term> terms = glossary();
        assertThat(terms).as("rows read from %s", GLOSSARY.toAbsolutePath()).hasSizeGreaterThan(20);
        return terms.stream();
    }

    static Stream<Locale> translations() {
        return MessageBundlesTest.translations();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("terms")
    void noMessageUsesAFormTheGlossaryAvoids(Term term) {
        Properties bundle = MessageBundlesTest.bundle(term.language());

        List<String> offences = offences(bundle, term);

        assertThat(offences).as("messages of the %s bundle against docs/glossary.md", term.language()).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("terms")
    void everyFormTheGlossaryUsesIsInTheBundle(Term term) {
        Properties bundle = MessageBundlesTest.bundle(term.language());
        String everything = String.join("\n", bundle.stringPropertyNames().stream().map(bundle::getProperty)
                .toList()).toLowerCase(term.language());

        assertThat(term.use()).as("%s: forms to use", term).isNotEmpty()
                .allSatisfy(form -> assertThat(everything).as("%s: `%s` in the bundle", term, form)
                        .contains(form.toLowerCase(term.language())));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("translations")
    void theGlossaryHasTheKeyTermsForEveryTranslation(Locale language) {
        List<String> terms = glossary().stream().filter(t -> t.language().equals(language)).map(Term::term).toList();

        assertThat(terms).as("terms of %s in docs/glossary.md", language).containsAll(KEY_TERMS);
    }

    @Nested
    class TheCheck {

        private final List<String> table = List.of(
                "## German (`messages_de.properties`)",
                "",
                "| term | use | avoid | notes |",
                "|---|---|---|---|",
                "| activate | `aktivieren` | `eingeschaltet`, `\\bMFA ist (an\\|aus)\\b` | a note |");

        @Test
        void namesTheKeyTheFormAndTheWordsAMessageMatched() {
            Term term = parse(table).get(0);
            Properties bundle = new Properties();
            bundle.setProperty("enroll.done.title", "MFA ist eingeschaltet");
            bundle.setProperty("enroll.verify.button", "Mein MFA-Gerät aktivieren");

            List<String> offences = offences(bundle, term);

            assertThat(offences).singleElement().asString().startsWith("enroll.done.title: “eingeschaltet”")
                    .contains("`eingeschaltet`").contains("use [aktivieren]");
        }

        @Test
        void readsAnEscapedBarAsPartOfTheFormAndIgnoresCase() {
            Term term = parse(table).get(0);
            Properties bundle = new Properties();
            bundle.setProperty("status", "mfa ist AUS");

            List<String> offences = offences(bundle, term);

            assertThat(term.avoid()).hasSize(2);
            assertThat(offences).singleElement().asString().startsWith("status: “mfa ist AUS”");
        }

        @Test
        void readsOnlyTheTablesUnderALanguageHeading() {
            List<String> lines = new ArrayList<>(List.of("# Glossary", "| a | `b` | `c` | |", ""));
            lines.addAll(table);
            lines.addAll(List.of("", "## Other notes", "", "| x | y | z | |", "|---|---|---|---|", "| a | `b` | `c` | |"));

            List<Term> terms = parse(lines);

            assertThat(terms).extracting(Term::term).containsExactly("activate");
            assertThat(terms.get(0).language()).isEqualTo(Locale.GERMAN);
        }
    }

    private static List<String> forms(String cell) {
        return FORM.matcher(cell).results().map(m -> m.group(1).replace("\\|", "|")).toList();
    }

    private static Pattern avoided(String form) {
        return Pattern.compile(form, Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
    }
}
