package io.github.mfaenroll.iam.simulator;

import static io.github.mfaenroll.iam.simulator.SimulatorFixture.errorCode;
import static io.github.mfaenroll.iam.simulator.SimulatorFixture.iamError;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.IamException;

/** The wire: raw HTTP for what the SDK would never send, the SDK for fault injection and retries. */
class QueryProtocolTest {

    private static final String XML_NAMESPACE = "xmlns=\"https://iam.amazonaws.com/doc/2010-05-08/\"";

    @RegisterExtension
    final SimulatorFixture fixture = SimulatorFixture.withUsers("alice");
    private final HttpClient http = HttpClient.newHttpClient();


    private HttpResponse<String> post(String body) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(fixture.simulator.endpoint())
                .header("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> send(String method, URI uri) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(uri).method(method, HttpRequest.BodyPublishers.noBody()).build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    @Nested
    class MalformedRequests {

        @ParameterizedTest(name = "{0} -> {1} {2}")
        @CsvSource(delimiter = '|', value = {
            "Action=GetUser&Version=2010-05-08&UserName=%zz   | 400 | InvalidQueryParameter",
            "Version=2010-05-08                               | 400 | MissingAction",
            "Action=GetUser&UserName=alice                    | 400 | MissingParameter",
            "Action=DescribeInstances&Version=2010-05-08      | 400 | InvalidAction",
            "Action=GetUser&Version=2099-01-01&UserName=alice | 400 | InvalidAction",
            "Action=GetUser&Version=2010-05-08                | 400 | ValidationError",
            "Action=GetUser&Version=2010-05-08&UserName=a&UserName=b | 400 | InvalidQueryParameter",
            "Action=ListUsers&Version=2010-05-08&MaxItems=0   | 400 | ValidationError",
            "Action=ListUsers&Version=2010-05-08&MaxItems=lots | 400 | ValidationError",
            "Action=ListUsers&Version=2010-05-08&Marker=!!!   | 400 | ValidationError",
            "Action=ListVirtualMFADevices&Version=2010-05-08&AssignmentStatus=Some | 400 | ValidationError",
            "{\"Action\":\"GetUser\"}                          | 400 | MissingAction",
            "Action=CreateVirtualMFADevice&Version=2010-05-08&VirtualMFADeviceName=x&Tags.member.1.Key=k | 400 | ValidationError",
        })
        void areAnsweredWithIamErrorXmlAndA4xxStatus(String body, int status, String code) throws Exception {
            HttpResponse<String> response = post(body);

            assertThat(response.statusCode()).isEqualTo(status);
            assertThat(response.headers().firstValue("Content-Type")).contains("text/xml");
            assertThat(response.body())
                    .contains("<ErrorResponse " + XML_NAMESPACE + "><Error><Type>Sender</Type><Code>" + code + "</Code>")
                    .containsPattern("<RequestId>[0-9a-f-]{36}</RequestId></ErrorResponse>$")
                    .doesNotContain("Exception").doesNotContain("at io.github");
        }

        @Test
        void aBugInsideTheSimulatorIsA500ServiceFailureThatShowsNoJavaDetail() throws Exception {
            fixture.clock.breakDown();

            HttpResponse<String> response = post("Action=CreateVirtualMFADevice&Version=2010-05-08"
                    + "&VirtualMFADeviceName=alice-phone");

            assertThat(response.statusCode()).isEqualTo(500);
            assertThat(response.body()).contains("<Type>Receiver</Type><Code>ServiceFailure</Code>")
                    .doesNotContain("IllegalStateException").doesNotContain("clock broke down");
        }

        @Test
        void aHugeBodyIsRefusedWithoutReadingItAll() throws Exception {
            HttpResponse<String> response = post("Action=ListUsers&Version=2010-05-08&Junk=" + "x".repeat(100_000));

            assertThat(response.statusCode()).isEqualTo(413);
            assertThat(response.body()).contains("<Code>RequestEntityTooLarge</Code>");
        }

        @Test
        void aMethodOtherThanGetOrPostIsRefused() throws Exception {
            HttpResponse<String> response = send("PUT", fixture.simulator.endpoint());

            assertThat(response.statusCode()).isEqualTo(405);
            assertThat(response.body()).contains("<ErrorResponse");
        }

        @Test
        void userInputInAnErrorMessageIsEscapedSoTheSdkStillParsesIt() {
            IamException e = iamError(() -> fixture.createDevice("a<b>&'\""));

            assertThat(errorCode(e)).isEqualTo("ValidationError");
            assertThat(e.awsErrorDetails().errorMessage()).contains("Value 'a<b>&'\"'");
        }
    }

    @Nested
    class WellFormedRequests {

        @Test
        void aSuccessCarriesTheNamespaceResultAndRequestId() throws Exception {
            HttpResponse<String> response = post("Action=GetUser&Version=2010-05-08&UserName=alice");

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("x-amzn-RequestId")).isPresent();
            assertThat(response.body()).contains("<GetUserResponse " + XML_NAMESPACE + "><GetUserResult><User>")
                    .contains("<ResponseMetadata><RequestId>" + response.headers().firstValue("x-amzn-RequestId").get());
        }

        @Test
        void anActionWithoutResultAnswersOnlyResponseMetadata() throws Exception {
            String serial = fixture.createDevice("spare");

            HttpResponse<String> response = post("Action=DeleteVirtualMFADevice&Version=2010-05-08&SerialNumber="
                    + URLEncoder.encode(serial, StandardCharsets.UTF_8));

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).contains("<DeleteVirtualMFADeviceResponse " + XML_NAMESPACE
                    + "><ResponseMetadata><RequestId>").doesNotContain("Result");
        }

        @Test
        void aGetWithTheParametersInTheQueryStringWorksAsOnIam() throws Exception {
            URI uri = URI.create(fixture.simulator.endpoint() + "/?Action=ListUsers&Version=2010-05-08");

            HttpResponse<String> response = send("GET", uri);

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).contains("<UserName>alice</UserName>");
        }
    }

    @Nested
    class FaultInjection {

        @Test
        void anInjectedThrottlingErrorReachesTheSdkAndChangesNothing() {
            fixture.simulator.failNext("CreateVirtualMFADevice", 1, 400, "Throttling", "Rate exceeded");

            IamException e = iamError(() -> fixture.createDevice("alice-phone"));
            String afterwards = fixture.createDevice("alice-phone");

            assertThat(errorCode(e)).isEqualTo("Throttling");
            assertThat(e.statusCode()).isEqualTo(400);
            assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("Rate exceeded");
            assertThat(fixture.simulator.virtualDeviceSerials()).containsExactly(afterwards);
            assertThat(fixture.simulator.requestCount("CreateVirtualMFADevice")).isEqualTo(2);
        }

        @Test
        void theSdksDefaultRetryResendsEnableMfaDeviceWithTheSameCodesAfterThrottling() {
            String serial = fixture.createDevice("alice-phone");
            fixture.simulator.failNext("EnableMFADevice", 1, 400, "Throttling", "Rate exceeded");

            try (IamClient retrying = fixture.client(true)) {
                String[] codes = fixture.app(serial).consecutiveCodesEndingAt(fixture.clock.instant());
                retrying.enableMFADevice(r -> r.userName("alice").serialNumber(serial)
                        .authenticationCode1(codes[0]).authenticationCode2(codes[1]));
            }

            assertThat(fixture.simulator.requestCount("EnableMFADevice")).isEqualTo(2);
            assertThat(fixture.simulator.deviceOwner(serial)).contains("alice");
        }

        @Test
        void anInjectedServiceFailureIsA500FromTheReceiver() throws Exception {
            fixture.simulator.failNext("ListUsers", 2, 500, "ServiceFailure", "Try again");

            IamException viaSdk = iamError(() -> fixture.iam.listUsers());
            HttpResponse<String> raw = post("Action=ListUsers&Version=2010-05-08");
            HttpResponse<String> recovered = post("Action=ListUsers&Version=2010-05-08");

            assertThat(errorCode(viaSdk)).isEqualTo("ServiceFailure");
            assertThat(viaSdk.statusCode()).isEqualTo(500);
            assertThat(raw.body()).contains("<Type>Receiver</Type><Code>ServiceFailure</Code><Message>Try again</Message>");
            assertThat(recovered.statusCode()).isEqualTo(200);
        }

        @Test
        void injectionsForOneActionLeaveOthersAlone() {
            fixture.simulator.failNext("GetUser", 1, 409, "ConcurrentModification", "Busy");

            fixture.iam.listUsers();
            IamException e = iamError(() -> fixture.iam.getUser(r -> r.userName("alice")));

            assertThat(errorCode(e)).isEqualTo("ConcurrentModification");
            assertThat(fixture.simulator.requestCount("ListUsers")).isEqualTo(1);
            assertThat(fixture.simulator.requestCount("GetUser")).isEqualTo(1);
        }
    }
}
