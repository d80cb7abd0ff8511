package io.github.mfaenroll.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.mfaenroll.testing.Authenticator;
import io.github.mfaenroll.testing.Browser;
import io.github.mfaenroll.testing.HttpWizard;
import io.github.mfaenroll.testing.TestAppExtension;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** /metrics and /readyz as a Prometheus server and a load balancer use them. */
class OperationsEndpointsTest {

    private static final Pattern SAMPLE = Pattern.compile(
            "^[a-zA-Z_:][a-zA-Z0-9_:]*(\\{([a-zA-Z_][a-zA-Z0-9_]*=\"([^\"\\\\]|\\\\.)*\",?)*\\})? "
                    + "(-?[0-9.]+([eE][-+]?[0-9]+)?|NaN|\\+Inf|-Inf)( -?[0-9]+)?$");
    private static final Pattern COMMENT = Pattern.compile("^# (HELP|TYPE) [a-zA-Z_:][a-zA-Z0-9_:]* .*$");

    @Nested
    class Metrics {

        @RegisterExtension
        static final TestAppExtension app = TestAppExtension.demo();

        @Test
        void scrapeIsValidPrometheusTextWithTheEnrollmentAndIamCounters() {
            Browser browser = app.signedInAs("alice");
            Authenticator phone = HttpWizard.startAndReadKey(browser, app.clock());
            HttpWizard.submitCodes(browser, phone.code(0), phone.code(-1));
            browser.post("/enroll/verify", Map.of("code1", phone.code(-1), "code2", phone.code(0)));

            Browser.Page scrape = app.browser().get("/metrics");

            assertThat(scrape.status()).isEqualTo(200);
            assertThat(scrape.header("Content-Type")).startsWith("text/plain; version=0.0.4");
            List<String> lines = Arrays.stream(scrape.body().split("\n")).filter(l -> !l.isBlank()).toList();
            assertThat(lines).allMatch(line -> SAMPLE.matcher(line).matches() || COMMENT.matcher(line).matches());
            assertThat(scrape.body())
                    .contains("mfa_enrollments_started_total{account=\"123456789012\"} 1.0")
                    .contains("mfa_enrollments_completed_total{account=\"123456789012\"} 1.0")
                    .contains("mfa_verifications_rejected_total{account=\"123456789012\",reason=\"wrong_order\"} 1.0")
                    .contains("mfa_iam_calls_seconds_count{account=\"self\",action=\"EnableMFADevice\","
                            + "outcome=\"ok\"} 1")
                    .contains("mfa_iam_calls_seconds_count{account=\"self\",action=\"CreateVirtualMFADevice\","
                            + "outcome=\"ok\"} 1")
                    .contains("mfa_sessions_active");
            assertThat(scrape.body()).doesNotContain("alice").doesNotContain(phone.base32());
        }
    }

    @Nested
    class Readiness {

        /** The app's own PostgreSQL, which the test stops and starts again (same port, same data). */
        private static Path pgData;
        private static EmbeddedPostgres postgres;

        @RegisterExtension
        static final TestAppExtension app = TestAppExtension.withEnv(Readiness::startPostgres);

        private static Map<String, String> startPostgres() {
            try {
                pgData = Files.createTempDirectory("mfa-pg");
                postgres = EmbeddedPostgres.builder().setServerConfig("listen_addresses", "127.0.0.1")
                        .setDataDirectory(pgData).setCleanDataDirectory(false).start();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return Map.of("MFA_DATABASE_URL", postgres.getJdbcUrl("postgres", "postgres"),
                    "MFA_DATABASE_USER", "postgres");
        }

        @Test
        void readyzFailsWhileTheDatabaseIsDownAndRecoversWhenItReturns() throws Exception {
            int port = postgres.getPort();
            try {
                Browser probe = app.browser();
                Browser person = app.signedInAs("alice");
                assertThat(probe.get("/readyz").status()).isEqualTo(200);

                postgres.close();
                awaitStatus(probe, 503);
                Browser.Page downPage = probe.get("/readyz");
                Browser.Page personDuringOutage = person.get("/enroll");
                postgres = EmbeddedPostgres.builder().setServerConfig("listen_addresses", "127.0.0.1")
                        .setDataDirectory(pgData).setCleanDataDirectory(false).setPort(port).start();
                awaitStatus(probe, 200);

                assertThat(downPage.body()).contains("database down").contains("iam ok");
                assertThat(personDuringOutage.status()).isEqualTo(503);
                assertThat(personDuringOutage.body()).contains("can’t reach its database").contains("R-");
                assertThat(person.get("/enroll").status()).as("session survived the outage").isEqualTo(200);
            } finally {
                postgres.close();
            }
        }

        /** Waits until /readyz answers {@code wanted}; fails if it does not within 40 s. */
        private void awaitStatus(Browser probe, int wanted) {
            await("/readyz answering " + wanted).atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(250))
                    .until(() -> probe.get("/readyz").status(), status -> status == wanted);
        }
    }
}
