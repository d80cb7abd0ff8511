package io.github.mfaenroll.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.mfaenroll.api.ApiTokens;
import io.github.mfaenroll.identity.ApiScope;
import io.github.mfaenroll.testing.Secrets;
import io.github.mfaenroll.testing.TestApp;
import io.github.mfaenroll.testing.TestAppExtension;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The README's integration examples ("Integrate it") run as written, with the tools people run them with (bash,
 * curl, jq, Python with requests), against the real app: an example that stopped working would be copied into
 * pipelines anyway. The Terraform example wraps the same curl and jq command in a {@code local-exec} provisioner.
 */
class ReadmeApiExamplesTest {

    @RegisterExtension
    static final TestAppExtension app = TestAppExtension.demo();

    private record Run(int exitCode, String stdout, String stderr) {
    }

    /** The first fenced block of {@code language} after {@code marker} in the README's "Integrate it" section. */
    private static String example(String marker, String language) {
        String readme;
        try {
            readme = Files.readString(Path.of("README.md"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int section = readme.indexOf("\n## Integrate it\n");
        assertThat(section).as("the README has an Integrate it section").isPositive();
        int from = readme.indexOf(marker, section);
        assertThat(from).as("the README's integration examples contain " + marker).isPositive();
        Matcher block = Pattern.compile("```" + language + "\n(.*?)```", Pattern.DOTALL).matcher(readme);
        assertThat(block.find(from)).as("a ```" + language + " block after " + marker).isTrue();
        return block.group(1);
    }

    private static String linksToken() {
        ApiTokens.IssuedToken issued = app.components().apiTokens().create("readme-" + System.nanoTime() % 100_000,
                Set.of(ApiScope.LINKS_WRITE), null, "test");
        return Secrets.register(issued.token());
    }

    /**
     * Whether the examples' tools are installed: like oathtool and zbarimg, optional for a newcomer's {@code mvn verify}
     * (the test is skipped without them), installed by {@code .ci/run}, so CI always runs it.
     */
    private static boolean toolsInstalled() {
        try {
            Process process = new ProcessBuilder("bash", "-c",
                    "command -v curl && command -v jq && python3 -c 'import requests'").start();
            return process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static Run run(List<String> command, String newUser) {
        assumeTrue(toolsInstalled(), "curl, jq and Python requests are installed (.ci/run installs them)");
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().putAll(Map.of("MFA_URL", app.baseUrl().toString().replaceAll("/$", ""),
                "MFA_TOKEN", linksToken(), "NEW_USER", newUser));
        try {
            Process process = builder.start();
            process.getOutputStream().close();
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("the example ends within a minute").isTrue();
            return new Run(process.exitValue(),
                    new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip(),
                    new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8).strip());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The onboarding link printed, registered as a secret (no log line may hold it) and checked to be a real one. */
    private static void assertIsAnOnboardingLink(String printed) {
        URI url = URI.create(printed);
        Secrets.register(TestApp.tokenOf(url));
        assertThat(printed).startsWith(app.baseUrl().toString().replaceAll("/$", "") + "/onboard/");
    }

    /** The pipeline's own mail step, as the example calls it: here it shows what the welcome mail would carry. */
    private static final String WELCOME_MAIL_STEP = "send_welcome_mail() { printf 'welcome %s: %s\\n' \"$1\" \"$2\"; }\n";

    @Nested
    class TheShellPipeline {

        private final String script = WELCOME_MAIL_STEP + example("**A shell pipeline**", "sh");

        @Test
        void handsTheLinkOfANewUserToTheWelcomeMailAndPrintsNothingElse() {
            String user = app.newUser("readme-sh", true, true);

            Run run = run(List.of("bash", "-euc", script), user);

            assertThat(run.exitCode()).as(run.stderr()).isZero();
            assertThat(run.stdout()).startsWith("welcome " + user + ": ").doesNotContain("\n");
            assertIsAnOnboardingLink(run.stdout().substring(("welcome " + user + ": ").length()));
        }

        @Test
        void stopsBeforeTheWelcomeMailWithTheProblemWhenTheUserAlreadyHasMfa() {
            Run run = run(List.of("bash", "-euc", script), "carol");

            assertThat(run.exitCode()).isNotZero();
            assertThat(run.stdout()).isEmpty();
            assertThat(run.stderr()).contains("/api/problems/already-has-mfa");
        }
    }

    @Nested
    class ThePythonSnippet {

        private final String script = example("**Python**", "python");

        @Test
        void saysWhetherTheInvitationWasMailedAndPrintsNoLink() {
            String user = app.newUser("readme-py", true, true);

            Run run = run(List.of("python3", "-c", script), user);

            assertThat(run.exitCode()).as(run.stderr()).isZero();
            assertThat(run.stdout()).matches(Pattern.quote(user) + " (mailed|NOT mailed) - valid until \\S+Z")
                    .doesNotContain("/onboard/");
        }

        @Test
        void saysSoWhenTheUserAlreadyHasMfa() {
            Run run = run(List.of("python3", "-c", script), "carol");

            assertThat(run.exitCode()).as(run.stderr()).isZero();
            assertThat(run.stdout()).isEqualTo("carol already has MFA");
        }
    }

    /**
     * The Terraform example's provisioner command as Terraform runs it: the heredoc without its indentation, the user
     * name interpolated, through {@code /bin/sh -c} (local-exec's default interpreter). Terraform itself and the AWS
     * provider are not needed for that.
     */
    @Nested
    class TheTerraformExample {

        private final String hcl = example("**Terraform**", "hcl");

        private String command(String user) {
            Matcher heredoc = Pattern.compile("command = <<-EOT\n(.*?)\n\s*EOT", Pattern.DOTALL).matcher(hcl);
            assertThat(heredoc.find()).as("a local-exec command in a heredoc").isTrue();
            return heredoc.group(1).stripIndent().replace("${aws_iam_user.alice.name}", user);
        }

        @Test
        void issuesTheLinkAfterTheLoginProfileAndPrintsNoLink() {
            String user = app.newUser("readme-tf", true, true);

            Run run = run(List.of("/bin/sh", "-c", command(user)), user);

            assertThat(hcl).contains("triggers_replace = [aws_iam_user_login_profile.alice.id]");
            assertThat(run.exitCode()).as(run.stderr()).isZero();
            assertThat(run.stdout()).contains("\"mailed\"", "\"expiresAt\"").doesNotContain("/onboard/");
        }

        @Test
        void failsTheApplyWithTheProblemWhenTheUserAlreadyHasMfa() {
            Run run = run(List.of("/bin/sh", "-c", command("carol")), "carol");

            assertThat(run.exitCode()).isNotZero();
            assertThat(run.stderr()).contains("/api/problems/already-has-mfa");
        }
    }
}
