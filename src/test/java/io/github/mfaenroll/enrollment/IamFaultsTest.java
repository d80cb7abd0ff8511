package io.github.mfaenroll.enrollment;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.github.mfaenroll.iam.simulator.DemoAccount;
import io.github.mfaenroll.iam.simulator.IamSimulator;
import io.github.mfaenroll.testing.Authenticator;
import io.github.mfaenroll.testing.Browser;
import io.github.mfaenroll.testing.Browser.Page;
import io.github.mfaenroll.testing.HttpWizard;
import io.github.mfaenroll.testing.MutableClock;
import io.github.mfaenroll.testing.TestApp;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * IAM misbehaving on the wire, between the real app and the stateful simulator: WireMock passes every request
 * through, except one that it answers with a fault. In each case the person reads a sentence that says whether to
 * try again, EnableMFADevice is sent once per submission, and no device is left behind.
 */
class IamFaultsTest {

    private static final String THROTTLING = """
            <ErrorResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><Error><Type>Sender</Type>\
            <Code>Throttling</Code><Message>Rate exceeded</Message></Error><RequestId>r-1</RequestId></ErrorResponse>""";
    private static final String SERVICE_FAILURE = """
            <ErrorResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><Error><Type>Receiver</Type>\
            <Code>ServiceFailure</Code><Message>Internal</Message></Error><RequestId>r-2</RequestId></ErrorResponse>""";

    private final MutableClock clock = new MutableClock(TestApp.START);
    private IamSimulator iam;
    private WireMockServer wire;
    private TestApp app;

    @BeforeEach
    void start() {
        iam = new IamSimulator(clock, DemoAccount.ACCOUNT_ID).start();
        DemoAccount.seed(iam);
        wire = new WireMockServer(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"));
        wire.start();
        wire.stubFor(any(anyUrl()).atPriority(10).willReturn(aResponse().proxiedFrom(iam.endpoint().toString())));
        app = TestApp.behindProxy(iam, URI.create(wire.baseUrl()), clock,
                Map.of("MFA_IAM_ATTEMPT_TIMEOUT", "PT1S", "MFA_IAM_CALL_TIMEOUT", "PT4S"));
    }

    @AfterEach
    void stop() {
        app.close();
        wire.stop();
        iam.close();
    }

    /** The next request for {@code action} gets {@code response}; later ones pass through again. */
    private void once(String action, ResponseDefinitionBuilder response) {
        wire.stubFor(post(urlEqualTo("/")).withRequestBody(containing("Action=" + action + "&"))
                .atPriority(1).inScenario(action).whenScenarioStateIs(Scenario.STARTED)
                .willReturn(response).willSetStateTo("answered"));
    }

    private int enableRequests() {
        return wire.countRequestsMatching(postRequestedFor(urlEqualTo("/"))
                .withRequestBody(containing("Action=EnableMFADevice&")).build()).getCount();
    }

    private Authenticator startEnrollment(Browser browser) {
        return HttpWizard.startAndReadKey(browser, clock);
    }

    private Page submit(Browser browser, Authenticator phone) {
        return HttpWizard.submitCodes(browser, phone.code(-1), phone.code(0));
    }

    /** The failed submission, then new codes half a minute later: must end enrolled, one device, no leftovers. */
    private void assertRetryWithNewCodesWorks(Browser browser, Authenticator phone, Page failed) {
        assertThat(failed.status()).isEqualTo(503);
        assertThat(failed.body()).contains("Nothing was lost: wait a minute, then try again with new codes");
        assertThat(enableRequests()).as("EnableMFADevice sent once").isEqualTo(1);
        clock.advance(Duration.ofSeconds(60));

        Page retried = submit(browser, phone);

        assertThat(retried.location()).isEqualTo("/enroll/done");
        assertThat(enableRequests()).isEqualTo(2);
        assertThat(iam.assignedSerials("alice")).hasSize(1);
        assertThat(iam.virtualDeviceSerials()).as("carol's and alice's, nothing else").hasSize(2);
    }

    @Nested
    class OnEnableMfaDevice {

        static Stream<Arguments> failuresThatLeaveTheDeviceUnbound() {
            return Stream.of(
                    arguments("throttling", aResponse().withStatus(400).withBody(THROTTLING)),
                    arguments("a server error", aResponse().withStatus(500).withBody(SERVICE_FAILURE)),
                    arguments("a connection reset", aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)),
                    arguments("malformed XML", aResponse().withStatus(200).withBody("<EnableMFADeviceResponse><oops")));
        }

        /** Not retried with the same codes: a code pair is used once, whatever IAM made of it. */
        @ParameterizedTest(name = "{0}")
        @MethodSource("failuresThatLeaveTheDeviceUnbound")
        void isReportedAsBusyAndWorksWithNewCodes(String failure, ResponseDefinitionBuilder response) {
            Browser browser = app.signedInAs("alice");
            Authenticator phone = startEnrollment(browser);
            once("EnableMFADevice", response);

            assertRetryWithNewCodesWorks(browser, phone, submit(browser, phone));
        }

        @Test
        void anAnswerSlowerThanTheTimeoutThatDidBindTheDeviceCountsAsSuccess() {
            Browser browser = app.signedInAs("alice");
            Authenticator phone = startEnrollment(browser);
            once("EnableMFADevice", aResponse().proxiedFrom(iam.endpoint().toString()).withFixedDelay(2_500));

            Page verified = submit(browser, phone);

            assertThat(verified.location()).isEqualTo("/enroll/done");
            assertThat(enableRequests()).isEqualTo(1);
            assertThat(iam.assignedSerials("alice")).hasSize(1);
            assertThat(iam.virtualDeviceSerials()).hasSize(2);
        }
    }

    @Nested
    class OnOtherCalls {

        @Test
        void aCreateWhoseAnswerIsLostLeavesNoOrphanedDevice() {
            Browser browser = app.signedInAs("alice");
            browser.get("/enroll");
            // IAM creates the device, but the answer arrives after the attempt timeout; the SDK tries again.
            once("CreateVirtualMFADevice", aResponse().proxiedFrom(iam.endpoint().toString()).withFixedDelay(2_500));

            Page started = browser.post("/enroll/start", Map.of());
            Authenticator phone = Authenticator.fromScanPage(browser.get("/enroll/scan").body(), clock);
            Page verified = submit(browser, phone);

            assertThat(started.location()).isEqualTo("/enroll/scan");
            assertThat(verified.location()).isEqualTo("/enroll/done");
            assertThat(iam.virtualDeviceSerials()).as("the replaced device is gone").hasSize(2);
        }

        @Test
        void aBurstOfThrottlingOnReadsIsAbsorbedByRetries() {
            Browser browser = app.signedInAs("alice");
            once("GetUser", aResponse().withStatus(400).withBody(THROTTLING));
            once("ListMFADevices", aResponse().withStatus(400).withBody(THROTTLING));

            Page started = HttpWizard.pressStart(browser);

            assertThat(started.location()).isEqualTo("/enroll/scan");
        }

        @Test
        void iamUnreachableOnStartSaysToTryAgainAndCreatesNothing() {
            Browser browser = app.signedInAs("alice");
            browser.get("/enroll");
            wire.stubFor(post(urlEqualTo("/")).withRequestBody(containing("Action=GetUser&")).atPriority(1)
                    .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));

            Page failed = browser.post("/enroll/start", Map.of());

            assertThat(failed.status()).isEqualTo(503);
            assertThat(failed.body()).contains("try again").contains("Reference for the helpdesk: R-");
            assertThat(iam.virtualDeviceSerials()).hasSize(1);
        }
    }
}
