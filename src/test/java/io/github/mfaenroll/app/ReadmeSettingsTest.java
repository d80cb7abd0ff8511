package io.github.mfaenroll.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.MatchResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The README's settings table and the variables the code reads never drift apart. */
class ReadmeSettingsTest {

    private static final Pattern VARIABLE = Pattern.compile("MFA_[A-Z0-9_]*[A-Z0-9]");

    @Test
    void everyVariableTheCodeReadsIsInTheSettingsTableAndNoOtherIs() throws IOException {
        Set<String> read = new TreeSet<>();
        try (Stream<Path> files = Stream.concat(Files.walk(Path.of("src/main/java")),
                Files.walk(Path.of("src/main/resources")))) {
            files.filter(Files::isRegularFile).forEach(file -> read.addAll(variablesIn(quoted(file))));
        }
        Set<String> documented = new TreeSet<>();
        for (String line : Files.readAllLines(Path.of("README.md"))) {
            if (line.startsWith("| `MFA_")) {
                documented.addAll(variablesIn(line.substring(0, line.indexOf(" |", 2))));
            }
        }

        assertThat(read).as("settings the code reads").isNotEmpty();
        assertThat(documented).as("rows of the README's settings table").containsExactlyElementsOf(read);
    }

    /** Names in quotes or ${...} (how Java and logback read them), not names merely mentioned in comments. */
    private static String quoted(Path file) {
        try {
            StringBuilder names = new StringBuilder();
            Matcher m = Pattern.compile("[\"{](MFA_[A-Z0-9_]+)[\"}:]").matcher(Files.readString(file));
            while (m.find()) {
                names.append(m.group(1)).append(' ');
            }
            return names.toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Set<String> variablesIn(String text) {
        return VARIABLE.matcher(text).results().map(MatchResult::group)
                .collect(Collectors.toCollection(TreeSet::new));
    }
}
