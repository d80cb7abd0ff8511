package io.github.mfaenroll.iam;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.notContaining;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.github.mfaenroll.iam.IamFailure.Kind;
import io.github.mfaenroll.iam.OrganizationsClient.OrganizationAccount;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/** The hand-written ListAccounts client against Organizations' documented JSON 1.1 wire format. */
class OrganizationsWireTest extends WireMockIamTest {

    private static final String TARGET = "AWSOrganizationsV20161128.ListAccounts";
    private static final String JSON_11 = "application/x-amz-json-1.1";

    private OrganizationsClient client;

    private OrganizationsClient client(software.amazon.awssdk.auth.credentials.AwsCredentials credentials) {
        // 5 s per attempt: on a loaded machine a first answer can take over a second, and a timed-out attempt is
        // (rightly) sent again, which the tests that count requests would misread.
        client = new OrganizationsClient(URI.create(wiremock.baseUrl()), "aws-global",
                StaticCredentialsProvider.create(credentials), Duration.ofSeconds(5));
        return client;
    }

    private OrganizationsClient client() {
        return client(AwsBasicCredentials.create("AKIDEXAMPLE", "local"));
    }

    @AfterEach
    void closeClient() {
        if (client != null) {
            client.close();
        }
    }

    private static MappingBuilder listAccounts() {
        return post(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo(TARGET));
    }

    private static ResponseDefinitionBuilder json(int status, String body) {
        return aResponse().withStatus(status).withHeader("Content-Type", JSON_11)
                .withHeader("x-amzn-RequestId", "req-org-1").withBody(body);
    }

    private static String account(String id, String name, String status) {
        return "{\"Id\":\"" + id + "\",\"Arn\":\"arn:aws:organizations::123456789012:account/o-exampleorgid/" + id
                + "\",\"Email\":\"aws+" + id + "@example.com\",\"Name\":\"" + name + "\",\"Status\":\"" + status
                + "\",\"JoinedMethod\":\"CREATED\",\"JoinedTimestamp\":1.700000000E9}";
    }

    @Test
    void signsTheRequestNamesTheActionAndFollowsEveryPageKeepingActiveAccounts() {
        wiremock.stubFor(listAccounts().withRequestBody(notContaining("NextToken"))
                .willReturn(json(200, "{\"Accounts\":[" + account("123456789012", "Corp", "ACTIVE") + ","
                        + account("456789012345", "Old", "SUSPENDED") + "],\"NextToken\":\"page-2\"}")));
        wiremock.stubFor(listAccounts().withRequestBody(equalTo("{\"NextToken\":\"page-2\"}"))
                .willReturn(json(200, "{\"Accounts\":[" + account("234567890123", "Dev", "ACTIVE") + ","
                        + account("567890123456", "Closing", "PENDING_CLOSURE") + "]}")));

        List<OrganizationAccount> accounts = client().listActiveAccounts();

        assertThat(accounts).containsExactly(
                new OrganizationAccount(new AccountId("123456789012"), "Corp", "ACTIVE"),
                new OrganizationAccount(new AccountId("234567890123"), "Dev", "ACTIVE"));
        wiremock.verify(2, postRequestedFor(urlEqualTo("/"))
                .withHeader("X-Amz-Target", equalTo(TARGET))
                .withHeader("Content-Type", equalTo(JSON_11))
                .withHeader("X-Amz-Date", matching("\\d{8}T\\d{6}Z"))
                .withHeader("Authorization", matching("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/\\d{8}/us-east-1/"
                        + "organizations/aws4_request, SignedHeaders=[a-z0-9;-]*x-amz-target[a-z0-9;-]*, "
                        + "Signature=[0-9a-f]{64}")));
        wiremock.verify(1, postRequestedFor(urlEqualTo("/")).withRequestBody(equalTo("{}")));
    }

    @Test
    void temporaryCredentialsSendTheirSessionToken() {
        wiremock.stubFor(listAccounts().willReturn(json(200, "{\"Accounts\":[]}")));

        client(AwsSessionCredentials.create("ASIAEXAMPLE", "secret", "session-token-1")).listActiveAccounts();

        wiremock.verify(1, postRequestedFor(urlEqualTo("/"))
                .withHeader("X-Amz-Security-Token", equalTo("session-token-1"))
                .withHeader("Authorization", containing("Credential=ASIAEXAMPLE/")));
    }

    @Test
    void anErrorAnswerIsATypedFailureWithAwsCodeMessageAndRequestId() {
        wiremock.stubFor(listAccounts().willReturn(json(400, "{\"__type\":\"AccessDeniedException\","
                + "\"Message\":\"You don't have permissions to access this resource.\"}")));

        IamFailure failure = catchThrowableOfType(IamFailure.class, () -> client().listActiveAccounts());

        assertThat(failure.kind()).isEqualTo(Kind.ACCESS_DENIED);
        assertThat(failure.action()).isEqualTo("ListAccounts");
        assertThat(failure.awsErrorCode()).isEqualTo("AccessDeniedException");
        assertThat(failure.awsRequestId()).isEqualTo("req-org-1");
        assertThat(failure.reason())
                .isEqualTo("AccessDeniedException: You don't have permissions to access this resource.");
        wiremock.verify(1, postRequestedFor(urlEqualTo("/")));
    }

    @Test
    void aQualifiedErrorTypeIsCutToItsCode() {
        wiremock.stubFor(listAccounts().willReturn(json(400, "{\"__type\":\"com.amazonaws.organizations.v20161128"
                + "#AWSOrganizationsNotInUseException\",\"message\":\"Your account is not a member of an "
                + "organization.\"}")));

        IamFailure failure = catchThrowableOfType(IamFailure.class, () -> client().listActiveAccounts());

        assertThat(failure.awsErrorCode()).isEqualTo("AWSOrganizationsNotInUseException");
        assertThat(failure.reason()).endsWith("Your account is not a member of an organization.");
    }

    @Test
    void aServerErrorOrThrottlingIsTriedAgain() {
        wiremock.stubFor(listAccounts().inScenario("flaky").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(json(500, "{\"__type\":\"ServiceException\",\"Message\":\"try again\"}"))
                .willSetStateTo("throttled"));
        wiremock.stubFor(listAccounts().inScenario("flaky").whenScenarioStateIs("throttled")
                .willReturn(json(400, "{\"__type\":\"TooManyRequestsException\",\"Message\":\"slow down\"}"))
                .willSetStateTo("fine"));
        wiremock.stubFor(listAccounts().inScenario("flaky").whenScenarioStateIs("fine")
                .willReturn(json(200, "{\"Accounts\":[" + account("123456789012", "Corp", "ACTIVE") + "]}")));

        List<OrganizationAccount> accounts = client().listActiveAccounts();

        assertThat(accounts).hasSize(1);
        wiremock.verify(3, postRequestedFor(urlEqualTo("/")));
    }

    @Test
    void aServerErrorThreeTimesRunningIsAServiceFailure() {
        wiremock.stubFor(listAccounts().willReturn(json(503, "{\"__type\":\"ServiceException\"}")));

        IamFailure failure = catchThrowableOfType(IamFailure.class, () -> client().listActiveAccounts());

        assertThat(failure.kind()).isEqualTo(Kind.SERVICE_FAILURE);
        wiremock.verify(3, postRequestedFor(urlEqualTo("/")));
    }
}
