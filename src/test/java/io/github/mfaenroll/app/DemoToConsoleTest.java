package io.github.mfaenroll.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.mfaenroll.app.ReportCommandTest.Run;
import io.github.mfaenroll.testing.TestAppExtension;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A newcomer reaches the helpdesk console from the demo's output alone: the printed command, run as printed (from
 * anywhere: it names the data directory and the base URL), creates an administrator whose setup link opens on the
 * running demo.
 */
class DemoToConsoleTest {

    @RegisterExtension
    static final TestAppExtension app = TestAppExtension.demo();

    private static final Pattern COMMAND = Pattern.compile("first administrator, from another terminal: (.+)\n");

    @Test
    void theFirstAdministratorCommandAsPrintedGivesASetupLinkThatOpensOnTheRunningDemo() {
        StringWriter printed = new StringWriter();
        DemoLinks.printHelpdeskHint(new PrintWriter(printed, true), app.components().config());
        Matcher command = COMMAND.matcher(printed.toString());
        assertThat(command.find()).as(printed.toString()).isTrue();
        List<String> words = Arrays.asList(command.group(1).split(" "));
        Map<String, String> env = new HashMap<>();
        words.stream().takeWhile(word -> word.contains("=")).map(word -> word.split("=", 2))
                .forEach(setting -> env.put(setting[0], setting[1]));
        List<String> args = words.subList(words.indexOf("helpdesk"), words.size());

        Run run = withStdin("a long enough passphrase\n", () -> ReportCommandTest.run(env, args.toArray(String[]::new)));

        assertThat(printed.toString()).contains("helpdesk console: " + app.baseUrl() + "/signin");
        assertThat(args).containsExactly("helpdesk", "add", "admin", "--admin");
        assertThat(run.exitCode()).as(run.err()).isZero();
        String[] lines = run.out().strip().split("\n");
        String setupLink = lines[lines.length - 1];
        assertThat(setupLink).startsWith(app.baseUrl() + "/signin/setup/");
        assertThat(app.browser().get(setupLink).status()).isEqualTo(200);
    }

    private static Run withStdin(String stdin, java.util.function.Supplier<Run> action) {
        InputStream originalIn = System.in;
        try {
            System.setIn(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
            return action.get();
        } finally {
            System.setIn(originalIn);
        }
    }
}
