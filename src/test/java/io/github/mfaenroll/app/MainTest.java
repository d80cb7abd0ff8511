package io.github.mfaenroll.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.mfaenroll.testing.Secrets;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line as scripts use it. (The packaged jar is exercised the same way by .ci/smoke.) */
class MainTest {

    @TempDir
    Path dataDir;

    private record Run(int exitCode, String out, String err) {
    }

    private Run run(String... args) {
        PrintStream originalOut = System.out;
        PrintStream originalErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int exit = Main.run(Map.of("MFA_DATA_DIR", dataDir.toString(), "MFA_BASE_URL", "https://mfa.example.com"),
                    args);
            return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(originalOut);
            System.setErr(originalErr);
        }
    }

    @Test
    void linkIssuePrintsTheUrlAsTheLastLineWithoutARunningServer() {
        Run run = run("link", "issue", "alice", "--demo");

        String[] lines = run.out().strip().split("\\R");
        String url = lines[lines.length - 1];
        Secrets.register(url.substring(url.lastIndexOf('/') + 1));
        assertThat(run.exitCode()).isZero();
        assertThat(url).matches("https://mfa\\.example\\.com/onboard/[A-Za-z0-9_-]{43}");
    }

    @Test
    void linkIssueRefusesAUserIamDoesNotKnow() {
        Run run = run("link", "issue", "mallory", "--demo");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("no such user");
        assertThat(run.out()).doesNotContain("/onboard/");
    }

    @Test
    void serveWithoutAwsCredentialsStopsAtOnceAndNamesDemoMode() {
        assumeTrue(System.getenv("AWS_ACCESS_KEY_ID") == null && System.getenv("AWS_PROFILE") == null
                && System.getenv("AWS_WEB_IDENTITY_TOKEN_FILE") == null, "this machine has AWS credentials");

        Run run = run("serve");

        assertThat(run.exitCode()).isEqualTo(Main.NO_CREDENTIALS);
        assertThat(run.err()).contains("No AWS credentials found").contains("serve --demo");
    }
}
