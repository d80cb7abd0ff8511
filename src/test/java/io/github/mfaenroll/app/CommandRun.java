package io.github.mfaenroll.app;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.jdbi.v3.core.Jdbi;

/**
 * One run of the command line in-process, as a script runs it: {@code Main.run} with an environment, standard input
 * given, standard output and error captured (and the JVM's own streams put back afterwards). Lives next to
 * {@link Main} because {@code Main.run} is package-private.
 */
record CommandRun(int exitCode, String out, String err) {

    /** Runs the command line with nothing on standard input. */
    static CommandRun run(Map<String, String> env, String... args) {
        return runWithInput("", env, args);
    }

    /** Runs the command line with {@code stdin} on standard input (a password piped in, say). */
    static CommandRun runWithInput(String stdin, Map<String, String> env, String... args) {
        InputStream originalIn = System.in;
        PrintStream originalOut = System.out;
        PrintStream originalErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setIn(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int exit = Main.run(env, args);
            return new CommandRun(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setIn(originalIn);
            System.setOut(originalOut);
            System.setErr(originalErr);
        }
    }

    /**
     * Reads what commands wrote to the database in {@code dataDir}, opened as the account commands open it (and
     * closed again).
     */
    static <T> T readDatabase(Path dataDir, Function<Jdbi, T> read) {
        AppConfig config = AppConfig.from(Map.of("MFA_DATA_DIR", dataDir.toString()));
        try (Components.Accounts accounts = Components.staffAccounts(config, Clock.systemUTC())) {
            return read.apply(accounts.database().jdbi());
        }
    }

    List<String> outLines() {
        return out.lines().toList();
    }

    /** The last line on standard output: where commands print the link or URL a script wants. */
    String lastLine() {
        List<String> lines = outLines();
        return lines.get(lines.size() - 1);
    }
}
