package io.github.mfaenroll.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.mfaenroll.testing.Secrets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/** The command line as scripts use it. (The packaged jar is exercised the same way by .ci/smoke.) */
class MainTest {

    @TempDir
    Path dataDir;

    private CommandRun run(String... args) {
        return CommandRun.run(Map.of("MFA_DATA_DIR", dataDir.toString(), "MFA_BASE_URL", "https://mfa.example.com"),
                args);
    }

    /** Every command and subcommand in the tree, as the words that run it: {@code [link, issue]}. */
    static Stream<List<String>> everyCommand() {
        List<List<String>> paths = new ArrayList<>();
        collect(Main.commandLine(Map.of()), new ArrayList<>(), paths);
        return paths.stream();
    }

    private static void collect(CommandLine command, List<String> path, List<List<String>> paths) {
        paths.add(List.copyOf(path));
        command.getSubcommands().forEach((name, sub) -> {
            List<String> deeper = new ArrayList<>(path);
            deeper.add(name);
            collect(sub, deeper, paths);
        });
    }

    @ParameterizedTest(name = "{0} --help")
    @MethodSource("everyCommand")
    void everyCommandAnswersHelpWithItsUsage(List<String> command) {
        List<String> args = new ArrayList<>(command);
        args.add("--help");

        CommandRun run = run(args.toArray(String[]::new));

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).startsWith("Usage: mfa-enroll" + (command.isEmpty() ? "" : " " + String.join(" ", command)));
    }

    @Test
    void linkIssuePrintsTheUrlAsTheLastLineWithoutARunningServer() {
        CommandRun run = run("link", "issue", "bob", "--demo");

        String[] lines = run.out().strip().split("\\R");
        String url = lines[lines.length - 1];
        Secrets.register(url.substring(url.lastIndexOf('/') + 1));
        assertThat(run.exitCode()).isZero();
        assertThat(url).matches("https://mfa\\.example\\.com/onboard/[A-Za-z0-9_-]{43}");
    }

    @Test
    void linkIssueForANameInSeveralAccountsAsksWhichAccountAndIssuesNothing() {
        CommandRun run = run("link", "issue", "alice", "--demo");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("alice exists in several accounts", "demo-corp (123456789012)",
                "demo-dev (234567890123)", "--account");
        assertThat(run.out()).doesNotContain("/onboard/");
    }

    @Test
    void linkIssueWithAnAccountIssuesForThatAccountsUser() {
        CommandRun run = run("link", "issue", "alice", "--account", "demo-dev", "--demo");

        String[] lines = run.out().strip().split("\\R");
        String url = lines[lines.length - 1];
        Secrets.register(url.substring(url.lastIndexOf('/') + 1));
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("Onboarding link for alice in demo-dev (234567890123)");
        assertThat(url).matches("https://mfa\\.example\\.com/onboard/[A-Za-z0-9_-]{43}");
    }

    @Test
    void linkIssueRefusesAUserIamDoesNotKnow() {
        CommandRun run = run("link", "issue", "mallory", "--demo");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("no such user");
        assertThat(run.out()).doesNotContain("/onboard/");
    }

    @Test
    void serveWithoutAwsCredentialsStopsAtOnceAndNamesDemoMode() {
        assumeTrue(System.getenv("AWS_ACCESS_KEY_ID") == null && System.getenv("AWS_PROFILE") == null
                && System.getenv("AWS_WEB_IDENTITY_TOKEN_FILE") == null, "this machine has AWS credentials");

        CommandRun run = run("serve");

        assertThat(run.exitCode()).isEqualTo(Main.NO_CREDENTIALS);
        assertThat(run.err()).contains("No AWS credentials found").contains("serve --demo");
    }
}
