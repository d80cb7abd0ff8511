package io.github.mfaenroll.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.mfaenroll.iam.simulator.DemoAccount;
import io.github.mfaenroll.iam.simulator.IamSimulator;
import io.github.mfaenroll.testing.Authenticator;
import io.github.mfaenroll.testing.Browser;
import io.github.mfaenroll.testing.Browser.Page;
import io.github.mfaenroll.testing.HttpWizard;
import io.github.mfaenroll.testing.Secrets;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The app as separate processes (production mode, static credentials) against an IAM simulator that outlives
 * them, killed with SIGKILL between CreateVirtualMFADevice and EnableMFADevice.
 */
class RestartTest {

    @TempDir
    Path dataDir;

    private IamSimulator iam;
    private Map<String, String> env;
    private URI baseUrl;
    private Process running;

    @BeforeEach
    void start() throws IOException {
        iam = new IamSimulator(Clock.systemUTC(), DemoAccount.ACCOUNT_ID).start();
        DemoAccount.seed(iam);
        int port;
        try (ServerSocket socket = new ServerSocket(0, 0, java.net.InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        baseUrl = URI.create("http://127.0.0.1:" + port);
        env = new HashMap<>(Map.of("MFA_DATA_DIR", dataDir.toString(), "MFA_PORT", String.valueOf(port),
                "MFA_BASE_URL", baseUrl.toString(), "MFA_IAM_ENDPOINT", iam.endpoint().toString(),
                "AWS_ACCESS_KEY_ID", "AKIDEXAMPLE", "AWS_SECRET_ACCESS_KEY", "local-simulator",
                "AWS_EC2_METADATA_DISABLED", "true"));
    }

    @AfterEach
    void stop() {
        if (running != null) {
            running.destroyForcibly();
        }
        iam.close();
    }

    private Process launch(Map<String, String> extraEnv, String... args) throws IOException {
        List<String> command = new java.util.ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Daws.disableEc2Metadata=true", "-cp", System.getProperty("java.class.path"),
                Main.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectOutput(dataDir.resolve("out-" + System.nanoTime() + ".txt").toFile())
                .redirectError(dataDir.resolve("err-" + System.nanoTime() + ".txt").toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("AWS_") || name.startsWith("MFA_"));
        builder.environment().putAll(env);
        builder.environment().putAll(extraEnv);
        return builder.start();
    }

    private String issueLink(String user) throws Exception {
        Path out = dataDir.resolve("link.txt");
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Daws.disableEc2Metadata=true", "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "link", "issue", user).redirectOutput(out.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD);
        builder.environment().putAll(env);
        assertThat(builder.start().waitFor()).isZero();
        List<String> lines = Files.readAllLines(out, StandardCharsets.UTF_8);
        String url = lines.get(lines.size() - 1);
        Secrets.register(url.substring(url.lastIndexOf('/') + 1));
        return url;
    }

    private void serve(Map<String, String> extraEnv) throws Exception {
        running = launch(extraEnv, "serve");
        await("the app answers /healthz", () -> {
            try {
                return new Browser0().status(baseUrl.resolve("/healthz")) == 200;
            } catch (IOException e) {
                return false;
            }
        }, Duration.ofSeconds(30));
    }

    /** Waits until {@code condition} holds; on timeout fails with what it waited for and the processes' logs. */
    private void await(String what, BooleanSupplier condition, Duration timeout) {
        try {
            Awaitility.await(what).atMost(timeout).pollInterval(Duration.ofMillis(200)).until(condition::getAsBoolean);
        } catch (ConditionTimeoutException e) {
            throw new AssertionError(e.getMessage() + "; the app processes logged:\n" + processLogs(), e);
        }
    }

    private String processLogs() {
        StringBuilder logs = new StringBuilder();
        try (var files = Files.list(dataDir)) {
            for (Path file : files.filter(f -> f.getFileName().toString().startsWith("err-")).sorted().toList()) {
                logs.append("--- ").append(file.getFileName()).append('\n').append(Files.readString(file));
            }
        } catch (IOException e) {
            logs.append(e);
        }
        return logs.toString();
    }

    /** A bare GET for readiness polling. */
    private static final class Browser0 {
        int status(URI uri) throws IOException {
            try {
                return java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(uri).build(),
                        java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(e);
            }
        }
    }

    private Browser browserAt() {
        return io.github.mfaenroll.testing.TestApp.browserFor(baseUrl);
    }

    @Test
    void afterAKillBetweenCreateAndEnableTheUserFinishesOnTheRestartedProcess() throws Exception {
        String link = issueLink("alice");
        serve(Map.of());
        Browser browser = browserAt();
        browser.get(link);
        browser.post("/onboard", Map.of("token", link.substring(link.lastIndexOf('/') + 1)));
        Authenticator phone = HttpWizard.startAndReadKey(browser, Clock.systemUTC());

        running.destroyForcibly().waitFor();
        serve(Map.of());
        Page scanAgain = browser.get("/enroll/scan");
        browser.get("/enroll/verify");
        Page done = browser.post("/enroll/verify", Map.of("code1", phone.code(-1), "code2", phone.code(0)));

        assertThat(scanAgain.body()).contains(phone.base32().substring(0, 4));
        assertThat(done.location()).isEqualTo("/enroll/done");
        assertThat(iam.assignedSerials("alice")).hasSize(1);
        assertThat(iam.virtualDeviceSerials()).hasSize(2); // carol's and alice's: nothing left over
    }

    @Test
    void afterAKillAnAbandonedDeviceIsDeletedByTheRestartedProcess() throws Exception {
        String link = issueLink("bob");
        Map<String, String> shortLived = Map.of("MFA_ENROLLMENT_TTL", "PT2S", "MFA_SWEEP_INTERVAL", "PT1S");
        serve(shortLived);
        Browser browser = browserAt();
        browser.get(link);
        browser.post("/onboard", Map.of("token", link.substring(link.lastIndexOf('/') + 1)));
        HttpWizard.pressStart(browser);
        assertThat(iam.virtualDeviceSerials()).hasSize(2);

        running.destroyForcibly().waitFor();
        serve(shortLived);

        // Within the enrollment TTL, plus the sweeper lease a killed holder may have left behind (30 s).
        await("one virtual device in IAM", () -> iam.virtualDeviceSerials().size() == 1, Duration.ofSeconds(90));
        assertThat(iam.assignedSerials("carol")).hasSize(1);
        Page again = browser.get("/enroll");
        assertThat(again.body()).contains("Create my MFA device");
    }
}
