package io.github.mfaenroll.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.mfaenroll.testing.Authenticator;
import io.github.mfaenroll.testing.Browser;
import io.github.mfaenroll.testing.TestApp;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** /metrics and /readyz as a Prometheus server and a load balancer use them. */
class OperationsEndpointsTest {

    private static final Pattern SAMPLE = Pattern.compile(
            "^[a-zA-Z_:][a-zA-Z0-9_:]*(\\{([a-zA-Z_][a-zA-Z0-9_]*=\"([^\"\\\\]|\\\\.)*\",?)*\\})? "
                    + "(-?[0-9.]+([eE][-+]?[0-9]+)?|NaN|\\+Inf|-Inf)( -?[0-9]+)?$");
    private static final Pattern COMMENT = Pattern.compile("^# (HELP|TYPE) [a-zA-Z_:][a-zA-Z0-9_:]* .*$");

    @Nested
    class Metrics {

        @Test
        void scrapeIsValidPrometheusTextWithTheEnrollmentAndIamCounters() {
            try (TestApp app = TestApp.start()) {
                Browser browser = app.signedInAs("alice");
                browser.get("/enroll");
                browser.post("/enroll/start", Map.of());
                Authenticator phone = Authenticator.fromScanPage(browser.get("/enroll/scan").body(), app.clock());
                browser.get("/enroll/verify");
                browser.post("/enroll/verify", Map.of("code1", phone.code(0), "code2", phone.code(-1)));
                browser.post("/enroll/verify", Map.of("code1", phone.code(-1), "code2", phone.code(0)));

                Browser.Page scrape = app.browser().get("/metrics");

                assertThat(scrape.status()).isEqualTo(200);
                assertThat(scrape.header("Content-Type")).startsWith("text/plain; version=0.0.4");
                List<String> lines = Arrays.stream(scrape.body().split("\n")).filter(l -> !l.isBlank()).toList();
                assertThat(lines).allMatch(line -> SAMPLE.matcher(line).matches() || COMMENT.matcher(line).matches());
                assertThat(scrape.body())
                        .contains("mfa_enrollments_started_total 1.0")
                        .contains("mfa_enrollments_completed_total 1.0")
                        .contains("mfa_verifications_rejected_total{reason=\"wrong_order\"} 1.0")
                        .contains("mfa_iam_calls_seconds_count{action=\"EnableMFADevice\",outcome=\"ok\"} 1")
                        .contains("mfa_iam_calls_seconds_count{action=\"CreateVirtualMFADevice\",outcome=\"ok\"} 1")
                        .contains("mfa_sessions_active");
                assertThat(scrape.body()).doesNotContain("alice").doesNotContain(phone.base32());
            }
        }
    }

    @Nested
    class Readiness {

        @Test
        void readyzFailsWhileTheDatabaseIsDownAndRecoversWhenItReturns() throws Exception {
            Path pgData = Files.createTempDirectory("mfa-pg");
            EmbeddedPostgres postgres = EmbeddedPostgres.builder().setServerConfig("listen_addresses", "127.0.0.1")
                    .setDataDirectory(pgData).setCleanDataDirectory(false).start();
            int port = postgres.getPort();
            Map<String, String> env = Map.of("MFA_DATABASE_URL", postgres.getJdbcUrl("postgres", "postgres"),
                    "MFA_DATABASE_USER", "postgres");
            try (TestApp app = TestApp.start(env)) {
                Browser probe = app.browser();
                Browser person = app.signedInAs("alice");
                assertThat(probe.get("/readyz").status()).isEqualTo(200);

                postgres.close();
                int whileDown = eventually(() -> probe.get("/readyz").status(), 503);
                Browser.Page downPage = probe.get("/readyz");
                Browser.Page personDuringOutage = person.get("/enroll");
                postgres = EmbeddedPostgres.builder().setServerConfig("listen_addresses", "127.0.0.1")
                        .setDataDirectory(pgData).setCleanDataDirectory(false).setPort(port).start();
                int afterwards = eventually(() -> probe.get("/readyz").status(), 200);

                assertThat(whileDown).isEqualTo(503);
                assertThat(downPage.body()).contains("database down").contains("iam ok");
                assertThat(afterwards).isEqualTo(200);
                assertThat(personDuringOutage.status()).isEqualTo(503);
                assertThat(personDuringOutage.body()).contains("can’t reach its database").contains("R-");
                assertThat(person.get("/enroll").status()).as("session survived the outage").isEqualTo(200);
            } finally {
                postgres.close();
            }
        }

        private int eventually(Supplier<Integer> status, int wanted) throws InterruptedException {
            Instant deadline = Instant.now().plus(Duration.ofSeconds(40));
            int last = status.get();
            while (last != wanted && Instant.now().isBefore(deadline)) {
                Thread.sleep(250);
                last = status.get();
            }
            return last;
        }
    }
}
