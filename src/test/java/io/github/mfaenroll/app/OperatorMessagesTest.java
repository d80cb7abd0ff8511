package io.github.mfaenroll.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * What the commands tell an operator: which data directory they use, and for each way a command cannot go on, the
 * setting or flag to change.
 */
class OperatorMessagesTest {

    @TempDir
    Path dataDir;

    private CommandRun run(String... args) {
        return CommandRun.run(Map.of("MFA_DATA_DIR", dataDir.toString()), args);
    }

    @Test
    void everyCommandThatUsesTheDataDirectoryNamesItAbsolutely() {

        CommandRun report = CommandRun.run(Map.of("MFA_DATA_DIR", dataDir + "/./demo"), "report", "--demo");

        assertThat(report.exitCode()).isZero();
        assertThat(report.err()).contains("Data directory: " + dataDir.toAbsolutePath().resolve("demo") + "\n");
    }

    @Test
    void aDataDirectoryThatCannotBeCreatedNamesMfaDataDirAndWhatToDo() throws Exception {
        Path inTheWay = Files.writeString(dataDir.resolve("a-file"), "not a directory");

        CommandRun run = CommandRun.run(Map.of("MFA_DATA_DIR", inTheWay.resolve("data").toString()), "report",
                "--demo");

        assertThat(run.exitCode()).isEqualTo(OperatorError.EXIT_CODE);
        assertThat(run.err()).contains("The data directory " + inTheWay.resolve("data") + " (MFA_DATA_DIR) cannot be used")
                .contains("Set MFA_DATA_DIR to a directory this user owns").contains("database.password")
                .doesNotContain("\tat ");
    }

    @Test
    void aBusyPortNamesPortAndMfaPort() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {

            CommandRun run = run("serve", "--demo", "--port", String.valueOf(taken.getLocalPort()));

            assertThat(run.exitCode()).isEqualTo(OperatorError.EXIT_CODE);
            assertThat(run.err()).contains("Cannot listen on 127.0.0.1 port " + taken.getLocalPort())
                    .contains("--port or MFA_PORT").contains("MFA_BIND_ADDRESS");
        }
    }

    @ParameterizedTest(name = "hint: {1}")
    @CsvSource(delimiter = '|', value = {
            "report --json | report --json --demo",
            "sweep | sweep --demo",
            "link issue alice | link issue alice --demo",
            "'' | serve --demo"})
    void withoutAwsCredentialsTheHintAddsDemoToTheCommandThatWasRun(String command, String hint) {
        assumeTrue(System.getenv("AWS_ACCESS_KEY_ID") == null && System.getenv("AWS_PROFILE") == null
                && System.getenv("AWS_WEB_IDENTITY_TOKEN_FILE") == null, "this machine has AWS credentials");

        CommandRun run = run(command.isEmpty() ? new String[0] : command.split(" "));

        assertThat(run.exitCode()).isEqualTo(Main.NO_CREDENTIALS);
        assertThat(run.err()).contains("No AWS credentials found")
                .contains("  java -jar target/mfa-enroll.jar " + hint + "\n");
    }

    @Test
    void aFailingHealthCheckSaysWhatItCalledAndWhichSettingsChooseIt() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }

        CommandRun run = CommandRun.run(Map.of("MFA_PORT", String.valueOf(closedPort)), "healthcheck");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("healthcheck: no answer from http://127.0.0.1:" + closedPort + "/healthz")
                .contains("MFA_BIND_ADDRESS and MFA_PORT");
    }

    @ParameterizedTest(name = "bind address {0} is checked at {1}")
    @CsvSource({"0.0.0.0, 127.0.0.1", "::, [::1]", "10.1.2.3, 10.1.2.3", "fd00::5, [fd00::5]", "127.0.0.1, 127.0.0.1"})
    void theHealthCheckCallsTheAddressTheServerListensOn(String bindAddress, String host) {
        assertThat(Main.HealthCheck.hostOf(bindAddress)).isEqualTo(host);
    }

    @Test
    void helpdeskAddWarnsWhenNoServerHasUsedTheDataDirectoryAndNotOnceOneHas() throws Exception {
        Map<String, String> env = Map.of("MFA_DATA_DIR", dataDir.toString());

        CommandRun first = CommandRun.runWithInput("a long enough passphrase\n", env, "helpdesk", "add", "hanna");
        Files.writeString(dataDir.resolve(DataDirectory.SERVED_MARKER), "");
        CommandRun second = CommandRun.runWithInput("a long enough passphrase\n", env, "helpdesk", "add", "henry");

        assertThat(first.exitCode()).isZero();
        assertThat(first.err()).contains("Warning: no server has used " + dataDir.toAbsolutePath() + " yet")
                .contains("MFA_DATA_DIR set to the server's data directory");
        assertThat(second.exitCode()).isZero();
        assertThat(second.err()).doesNotContain("Warning");
    }
}
