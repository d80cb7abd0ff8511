package io.github.mfaenroll.compliance;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Named.named;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import io.github.mfaenroll.compliance.ComplianceProblem.Kind;
import io.github.mfaenroll.compliance.ComplianceReport.RootMfa;
import io.github.mfaenroll.iam.AwsIamGateway;
import io.github.mfaenroll.iam.IamConnection;
import io.github.mfaenroll.iam.simulator.IamSimulator;
import io.github.mfaenroll.testing.TestAppExtension;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Fetching, polling and caching the credential report, against the simulator and against a misbehaving IAM. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ComplianceServiceTest {

    /** Records each wait instead of sleeping. */
    private final List<Duration> waits = new ArrayList<>();
    private final ComplianceService.Sleeper recordingSleeper = waits::add;

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class AgainstTheSimulator {

        @RegisterExtension
        static final TestAppExtension app = TestAppExtension.demo();
        private IamSimulator simulator;
        private ComplianceService service;

        @BeforeAll
        void startApp() {
            simulator = app.simulator();
        }

        @BeforeEach
        void freshServiceAndAnExpiredReport() {
            // Past IAM's four hours, so the simulator's next GenerateCredentialReport starts a new report.
            app.clock().advance(Duration.ofHours(5));
            waits.clear();
            service = new ComplianceService(app.components().iam(), app.clock(), recordingSleeper);
        }

        @Test
        void pollsUntilIamSaysCompleteThenReadsTheReport() {
            int generates = simulator.requestCount("GenerateCredentialReport");
            int gets = simulator.requestCount("GetCredentialReport");
            Instant now = app.clock().instant();

            ComplianceReport report = service.current();

            // STARTED, one wait, COMPLETE, then one GetCredentialReport.
            assertThat(simulator.requestCount("GenerateCredentialReport") - generates).isEqualTo(2);
            assertThat(simulator.requestCount("GetCredentialReport") - gets).isEqualTo(1);
            assertThat(waits).containsExactly(Duration.ofMillis(250));
            assertThat(report.generatedAt()).isEqualTo(now);
            assertThat(report.rootMfa()).isEqualTo(RootMfa.NOT_ACTIVE);
            assertThat(report.select(ComplianceFilter.of("noncompliant", null))).extracting(UserCompliance::user)
                    .contains("alice", "bob").doesNotContain("carol", "dave");
            assertThat(report.select(ComplianceFilter.of("mfa", null))).extracting(UserCompliance::user)
                    .contains("carol");
            assertThat(report.select(ComplianceFilter.of("nopassword", null))).extracting(UserCompliance::user)
                    .contains("dave");
        }

        @Test
        void servesTheCachedReportWithoutAskingIamAgain() {
            ComplianceReport first = service.current();
            int generates = simulator.requestCount("GenerateCredentialReport");
            app.clock().advance(Duration.ofHours(3));

            ComplianceReport second = service.current();

            assertThat(second).isSameAs(first);
            assertThat(simulator.requestCount("GenerateCredentialReport")).isEqualTo(generates);
        }

        @Test
        void refreshAsksIamAgainWhichHandsOutTheSameReportWithinFourHours() {
            ComplianceReport first = service.current();
            int generates = simulator.requestCount("GenerateCredentialReport");
            simulator.addUser("late-joiner-1", true, Map.of());
            app.clock().advance(Duration.ofHours(1));

            ComplianceReport refreshed = service.refresh();

            assertThat(simulator.requestCount("GenerateCredentialReport")).isEqualTo(generates + 1);
            assertThat(refreshed.generatedAt()).isEqualTo(first.generatedAt());
            assertThat(refreshed.users()).extracting(UserCompliance::user).doesNotContain("late-joiner-1");
        }

        @Test
        void fetchesANewReportOnceTheCachedOneIsFourHoursOld() {
            ComplianceReport first = service.current();
            simulator.addUser("late-joiner-2", true, Map.of());
            app.clock().advance(Duration.ofHours(4));

            ComplianceReport later = service.current();

            assertThat(later.generatedAt()).isEqualTo(first.generatedAt().plus(Duration.ofHours(4)));
            assertThat(later.select(ComplianceFilter.of("noncompliant", "late-joiner-2"))).hasSize(1);
        }

        @Test
        void showsTheRootUsersMfa() {
            simulator.setRootMfaActive(true);
            try {

                ComplianceReport report = service.current();

                assertThat(report.rootMfa()).isEqualTo(RootMfa.ACTIVE);
            } finally {
                simulator.setRootMfaActive(false);
            }
        }

        @Test
        void turnsIamRefusingIntoATypedProblemWithAReference() {
            simulator.failNext("GenerateCredentialReport", 1, 403, "AccessDenied", "not allowed");

            ComplianceProblem problem = catchThrowableOfType(ComplianceProblem.class, () -> service.current());

            assertThat(problem.kind()).isEqualTo(Kind.IAM_ACCESS_DENIED);
            assertThat(problem.reference()).matches("R-[A-Z2-9]{8}");
        }

        @Test
        void turnsIamBeingDownIntoATransientProblem() {
            // The SDK's standard strategy tries three times.
            simulator.failNext("GenerateCredentialReport", 3, 500, "ServiceFailure", "down");

            ComplianceProblem problem = catchThrowableOfType(ComplianceProblem.class, () -> service.current());

            assertThat(problem.kind()).isEqualTo(Kind.IAM_UNAVAILABLE);
            assertThat(problem.transientProblem()).isTrue();
        }
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class WhenIamMisbehaves {

        private static final String NAMESPACE = "https://iam.amazonaws.com/doc/2010-05-08/";

        private WireMockServer wiremock;
        private AwsIamGateway gateway;
        private ComplianceService service;

        @BeforeAll
        void startWireMock() {
            wiremock = new WireMockServer(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"));
            wiremock.start();
        }

        @AfterAll
        void stopWireMock() {
            wiremock.stop();
        }

        @BeforeEach
        void connect() {
            wiremock.resetAll();
            waits.clear();
            gateway = AwsIamGateway.connect(IamConnection.forLocalEndpoint(URI.create(wiremock.baseUrl()))
                    .withTimeouts(Duration.ofSeconds(6), Duration.ofSeconds(1)));
            service = new ComplianceService(gateway, Clock.systemUTC(), recordingSleeper);
        }

        @AfterEach
        void disconnect() {
            gateway.close();
        }

        private MappingBuilder action(String action) {
            return post(urlEqualTo("/")).withRequestBody(containing("Action=" + action + "&"));
        }

        private ResponseDefinitionBuilder ok(String action, String result) {
            return aResponse().withStatus(200).withHeader("Content-Type", "text/xml").withBody(
                    "<" + action + "Response xmlns=\"" + NAMESPACE + "\"><" + action + "Result>" + result + "</"
                            + action + "Result><ResponseMetadata><RequestId>req-1</RequestId></ResponseMetadata></"
                            + action + "Response>");
        }

        private void generateAnswers(String state) {
            wiremock.stubFor(action("GenerateCredentialReport").willReturn(ok("GenerateCredentialReport",
                    "<State>" + state + "</State>")));
        }

        private void reportIs(String csv) {
            String content = Base64.getEncoder().encodeToString(csv.getBytes(StandardCharsets.UTF_8));
            wiremock.stubFor(action("GetCredentialReport").willReturn(ok("GetCredentialReport",
                    "<Content>" + content + "</Content><ReportFormat>text/csv</ReportFormat>"
                            + "<GeneratedTime>2026-11-23T08:00:00Z</GeneratedTime>")));
        }

        @Test
        void givesUpAfterTenTriesWithGrowingWaits() {
            generateAnswers("STARTED");

            ComplianceProblem problem = catchThrowableOfType(ComplianceProblem.class, () -> service.current());

            assertThat(problem.kind()).isEqualTo(Kind.REPORT_NOT_READY);
            wiremock.verify(10, postRequestedFor(urlEqualTo("/"))
                    .withRequestBody(containing("Action=GenerateCredentialReport&")));
            assertThat(waits).containsExactly(Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1),
                    Duration.ofSeconds(2), Duration.ofSeconds(4), Duration.ofSeconds(5), Duration.ofSeconds(5),
                    Duration.ofSeconds(5), Duration.ofSeconds(5));
        }

        @Test
        void takesTheGenerationTimeFromIam() {
            generateAnswers("COMPLETE");
            reportIs("user,arn,password_enabled,mfa_active\nalice,arn:aws:iam::1:user/alice,true,false\n");

            ComplianceReport report = service.current();

            assertThat(report.generatedAt()).isEqualTo(Instant.parse("2026-11-23T08:00:00Z"));
            assertThat(report.counts().nonCompliant()).isEqualTo(1);
            assertThat(waits).isEmpty();
        }

        /** Reports the service cannot use, what it says about each, and the detail it gives (missing columns named). */
        static Stream<Arguments> unusableReports() {
            return Stream.of(
                    arguments(named("without a required column",
                            "user,arn,password_enabled\nalice,arn:aws:iam::1:user/alice,true\n"),
                            Kind.REPORT_MISSING_COLUMNS, "mfa_active"),
                    arguments(named("with a value it cannot read",
                            "user,arn,password_enabled,mfa_active\nalice,arn:aws:iam::1:user/alice,perhaps,false\n"),
                            Kind.REPORT_UNREADABLE, ""));
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("unusableReports")
        void refusesAReportItCannotUseAndSaysWhy(String report, Kind kind, String detail) {
            generateAnswers("COMPLETE");
            reportIs(report);

            ComplianceProblem problem = catchThrowableOfType(ComplianceProblem.class, () -> service.current());

            assertThat(problem.kind()).isEqualTo(kind);
            assertThat(problem.detail()).isEqualTo(detail);
        }
    }
}
