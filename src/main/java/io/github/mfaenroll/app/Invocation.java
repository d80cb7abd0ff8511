package io.github.mfaenroll.app;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The command line that runs this program, for hints an operator can copy: {@code java -jar /app/mfa-enroll.jar}
 * inside the image, the jar's own path elsewhere, and the README's {@code target/} path when not run from a jar.
 */
final class Invocation {

    private static final Pattern NEEDS_NO_QUOTES = Pattern.compile("[A-Za-z0-9_./@:=,+%-]+");

    private Invocation() {
    }

    /** {@code java -jar PATH}. */
    static String jar() {
        try {
            Path location = Path.of(Main.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (Files.isRegularFile(location) && location.toString().endsWith(".jar")) {
                return "java -jar " + quoted(location.toString());
            }
        } catch (URISyntaxException | SecurityException | IllegalArgumentException | NullPointerException e) {
            // Not from a file: fall back to where the README's build puts the jar.
        }
        return "java -jar target/mfa-enroll.jar";
    }

    /** The command as it was run ({@code serve} when no command was named), with {@code --demo} added. */
    static String withDemo(List<String> originalArgs) {
        List<String> words = new ArrayList<>(originalArgs.isEmpty() ? List.of("serve") : originalArgs);
        words.add("--demo");
        return jar() + " " + String.join(" ", words.stream().map(Invocation::quoted).toList());
    }

    /** A word as a POSIX shell reads it back. */
    static String quoted(String word) {
        return NEEDS_NO_QUOTES.matcher(word).matches() ? word : "'" + word.replace("'", "'\\''") + "'";
    }
}
