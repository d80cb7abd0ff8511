package io.github.mfaenroll.iam;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static io.github.mfaenroll.iam.IamWire.action;
import static io.github.mfaenroll.iam.IamWire.error;
import static io.github.mfaenroll.iam.IamWire.ok;
import static io.github.mfaenroll.iam.IamWire.page;
import static io.github.mfaenroll.iam.IamWire.requested;
import static io.github.mfaenroll.iam.IamWire.userFields;
import static io.github.mfaenroll.iam.IamWire.xml;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.github.tomakehurst.wiremock.http.Fault;
import io.github.mfaenroll.iam.IamFailure.Kind;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Calls that are safe to repeat really get the SDK's standard retries; unparseable answers are not retried. */
class AwsIamGatewayRetriesTest extends WireMockIamTest {

    private static final String ONE_USER = "<Users><member>" + userFields("alice") + "</member></Users>" + page(null);

    @Nested
    class IdempotentReads {

        @Test
        void areRetriedAfterAServiceFailureAndThenSucceed() {
            wiremock.stubFor(action("ListUsers").inScenario("flaky").whenScenarioStateIs(STARTED)
                    .willReturn(error(500, "ServiceFailure", "req-500")).willSetStateTo("recovered"));
            wiremock.stubFor(action("ListUsers").inScenario("flaky").whenScenarioStateIs("recovered")
                    .willReturn(ok("ListUsers", ONE_USER)));

            var users = gateway.listUsers();

            assertThat(users).extracting(IamUser::userName).containsExactly("alice");
            wiremock.verify(2, requested("ListUsers"));
        }

        @Test
        void areRetriedWhileThrottledAndThenReportThrottled() {
            wiremock.stubFor(action("GetUser").willReturn(error(400, "Throttling", "req-throttled")));

            IamFailure failure = catchThrowableOfType(IamFailure.class, () -> gateway.getUser("alice"));

            assertThat(failure).extracting(IamFailure::kind, IamFailure::awsErrorCode, IamFailure::awsRequestId)
                    .containsExactly(Kind.THROTTLED, "Throttling", "req-throttled");
            assertThat(wiremock.findAll(requested("GetUser"))).hasSizeGreaterThan(1);
        }

        @Test
        void areRetriedAfterAConnectionResetAndThenReportUnreachable() {
            wiremock.stubFor(action("ListMFADevices")
                    .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));

            IamFailure failure = catchThrowableOfType(IamFailure.class, () -> gateway.listMfaDevices("alice"));

            assertThat(failure.kind()).isEqualTo(Kind.UNREACHABLE);
            assertThat(failure.awsRequestId()).isNull();
            assertThat(wiremock.findAll(requested("ListMFADevices"))).hasSizeGreaterThan(1);
        }

        @Test
        void reportAPersistentServiceFailureAsServiceFailure() {
            wiremock.stubFor(action("ListUsers").willReturn(error(500, "ServiceFailure", "req-500")));

            IamFailure failure = catchThrowableOfType(IamFailure.class, () -> gateway.listUsers());

            assertThat(failure).extracting(IamFailure::kind, IamFailure::awsErrorCode, IamFailure::awsRequestId)
                    .containsExactly(Kind.SERVICE_FAILURE, "ServiceFailure", "req-500");
            assertThat(wiremock.findAll(requested("ListUsers"))).hasSizeGreaterThan(1);
        }

        @Test
        void reportAProxysHtmlErrorPageAsServiceFailure() {
            wiremock.stubFor(action("ListUsers").willReturn(aResponse().withStatus(502)
                    .withHeader("Content-Type", "text/html").withBody("<html><body>Bad Gateway</body></html>")));

            IamFailure failure = catchThrowableOfType(IamFailure.class, () -> gateway.listUsers());

            assertThat(failure.kind()).isEqualTo(Kind.SERVICE_FAILURE);
        }
    }

    @Nested
    class UnparseableAnswers {

        @Test
        void areUnknownAndNotRetried() {
            wiremock.stubFor(action("ListMFADevices")
                    .willReturn(xml(200, "<ListMFADevicesResponse><ListMFADevicesRe")));

            IamFailure failure = catchThrowableOfType(IamFailure.class, () -> gateway.listMfaDevices("alice"));

            assertThat(failure.kind()).isEqualTo(Kind.UNKNOWN);
            wiremock.verify(1, requested("ListMFADevices"));
        }
    }

    @Nested
    class CreateVirtualMfaDevice {

        @Test
        void isRetriedAndALostFirstSuccessSurfacesAsEntityAlreadyExists() {
            // The first attempt created the device but its answer was lost; the retry finds the name taken.
            wiremock.stubFor(action("CreateVirtualMFADevice").inScenario("lost").whenScenarioStateIs(STARTED)
                    .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)).willSetStateTo("created"));
            wiremock.stubFor(action("CreateVirtualMFADevice").inScenario("lost").whenScenarioStateIs("created")
                    .willReturn(error(409, "EntityAlreadyExists", "req-eae")));

            IamFailure failure = catchThrowableOfType(IamFailure.class,
                    () -> gateway.createVirtualMfaDevice("alice-phone", Map.of()));

            assertThat(failure.kind()).isEqualTo(Kind.ENTITY_ALREADY_EXISTS);
            wiremock.verify(2, requested("CreateVirtualMFADevice"));
        }
    }
}
