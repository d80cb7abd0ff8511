package io.github.mfaenroll.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.text.ChoiceFormat;
import java.text.Format;
import java.text.MessageFormat;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The three bundles say the same things: exactly the same keys, the same placeholders with the same formats, and
 * every message formats in its own language. English is the reference; a key added there without its German and
 * Spanish text fails here.
 */
class MessageBundlesTest {

    private static final Locale SPANISH = Locale.forLanguageTag("es");
    private static final Pattern ARGUMENT = Pattern.compile("\\{\\s*([0-9]+)\\s*[,}]");

    static Properties bundle(Locale locale) {
        String name = "i18n/messages" + (locale.equals(Locale.ENGLISH) ? "" : "_" + locale.getLanguage())
                + ".properties";
        try (InputStream in = MessageBundlesTest.class.getClassLoader().getResourceAsStream(name)) {
            assertThat(in).as(name).isNotNull();
            Properties properties = new Properties();
            properties.load(new InputStreamReader(in, StandardCharsets.UTF_8));
            return properties;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Stream<Locale> translations() {
        return Languages.SUPPORTED.stream().filter(l -> !l.equals(Locale.ENGLISH));
    }

    static Stream<Arguments> everyMessage() {
        return Languages.SUPPORTED.stream().flatMap(locale -> new TreeSet<>(bundle(locale).stringPropertyNames())
                .stream().map(key -> Arguments.of(locale, key)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("translations")
    void hasExactlyTheKeysOfTheEnglishBundle(Locale locale) {
        Set<String> english = bundle(Locale.ENGLISH).stringPropertyNames();

        Set<String> translated = bundle(locale).stringPropertyNames();

        assertThat(new TreeSet<>(translated)).as("keys of the %s bundle", locale)
                .containsExactlyElementsOf(new TreeSet<>(english));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("translations")
    void usesTheSamePlaceholdersWithTheSameFormatsAsEnglish(Locale locale) {
        Properties english = bundle(Locale.ENGLISH);
        Properties translated = bundle(locale);

        for (String key : new TreeSet<>(english.stringPropertyNames())) {
            String source = english.getProperty(key);
            String target = translated.getProperty(key, "");
            assertThat(arguments(target)).as("%s: arguments in %s", key, locale).isEqualTo(arguments(source));
            assertThat(formats(target, locale)).as("%s: formats in %s", key, locale)
                    .isEqualTo(formats(source, Locale.ENGLISH));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("translations")
    void isActuallyTranslated(Locale locale) {
        Properties english = bundle(Locale.ENGLISH);
        Properties translated = bundle(locale);

        long same = english.stringPropertyNames().stream()
                .filter(key -> english.getProperty(key).equals(translated.getProperty(key))).count();

        // Some texts are the same in every language (language names, "MFA", "ARN"); copied English is not.
        assertThat(same).as("messages left as in English in %s", locale).isLessThan(english.size() / 20);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("everyMessage")
    void formatsWithSampleArguments(Locale locale, String key) {
        String pattern = bundle(locale).getProperty(key);

        assertThat(pattern).as("%s %s", locale, key).isNotBlank();
        // A straight apostrophe starts a quoted section in MessageFormat and silently swallows text: texts use ’.
        assertThat(pattern).as("%s %s", locale, key).doesNotContain("'");
        for (Object[] args : List.of(new Object[] {0, 0, 0}, new Object[] {1, 1, 1}, new Object[] {7, 12, 30})) {
            assertThatCode(() -> Messages.text(locale, key, args)).as("%s %s", locale, key)
                    .doesNotThrowAnyException();
            assertThat(Messages.text(locale, key, args)).doesNotContain("{").doesNotContain("}");
        }
    }

    @Test
    void bundlesAreReadAsUtf8AndNeverFallBackToTheMachinesLanguage() {
        Locale machine = Locale.getDefault();
        try {
            Locale.setDefault(Locale.GERMAN);

            assertThat(Messages.text(Locale.ENGLISH, "home.title")).isEqualTo("Set up MFA for your AWS sign-in");
            assertThat(Messages.text(Locale.GERMAN, "home.title")).isEqualTo("MFA für Ihre AWS-Anmeldung einrichten");
            assertThat(Messages.text(SPANISH, "layout.footer")).isEqualTo("¿Preguntas? Contacte con su soporte de TI.");
            assertThat(Messages.text(Locale.forLanguageTag("es-MX"), "enroll.step.done")).isEqualTo("Listo");
        } finally {
            Locale.setDefault(machine);
        }
    }

    @Test
    void numbersAndChoicesFollowTheLanguage() {
        assertThat(Messages.text(Locale.ENGLISH, "compliance.percent", 87.5)).isEqualTo("87.5% compliant");
        assertThat(Messages.text(Locale.GERMAN, "compliance.percent", 87.5)).isEqualTo("87,5 % konform");
        assertThat(Messages.text(SPANISH, "enforcement.status.days_left", 1)).isEqualTo("Queda 1 día");
        assertThat(Messages.text(SPANISH, "enforcement.status.days_left", 4)).isEqualTo("Quedan 4 días");
        assertThat(Messages.text(Locale.GERMAN, "compliance.section.shown", 0)).isEqualTo("Niemand in dieser Liste.");
    }

    @ParameterizedTest(name = "{0}: {1} → {2}")
    @MethodSource("overdueDays")
    void anOverdueDeadlineCountsItsDaysAndZeroIsDueToday(Locale locale, long days, String expected) {
        String status = Messages.text(locale, "enforcement.status.overdue", days);

        assertThat(status).isEqualTo(expected);
    }

    static Stream<Arguments> overdueDays() {
        return Stream.of(
                Arguments.of(Locale.ENGLISH, 0L, "Due today"),
                Arguments.of(Locale.ENGLISH, 1L, "1 day overdue"),
                Arguments.of(Locale.ENGLISH, 3L, "3 days overdue"),
                Arguments.of(Locale.GERMAN, 0L, "Heute fällig"),
                Arguments.of(Locale.GERMAN, 1L, "1 Tag überfällig"),
                Arguments.of(Locale.GERMAN, 3L, "3 Tage überfällig"),
                Arguments.of(SPANISH, 0L, "Vence hoy"),
                Arguments.of(SPANISH, 1L, "1 día de retraso"),
                Arguments.of(SPANISH, 3L, "3 días de retraso"));
    }

    /** The argument indexes a pattern refers to, including those inside choice branches. */
    private static Set<Integer> arguments(String pattern) {
        return ARGUMENT.matcher(pattern).results().map(argument -> Integer.parseInt(argument.group(1)))
                .collect(Collectors.toCollection(TreeSet::new));
    }

    /** Per argument: plain, number or choice (with its limits), as MessageFormat parsed it. */
    private static List<String> formats(String pattern, Locale locale) {
        Format[] formats = new MessageFormat(pattern, locale).getFormatsByArgumentIndex();
        return Arrays.stream(formats).map(f -> f == null ? "plain"
                : f instanceof ChoiceFormat choice ? "choice" + Arrays.toString(choice.getLimits())
                : f.getClass().getSimpleName()).toList();
    }
}
