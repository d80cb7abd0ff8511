package io.github.mfaenroll.iam.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.github.mfaenroll.testing.MutableClock;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.AssumeRoleResponse;
import software.amazon.awssdk.services.sts.model.Credentials;
import software.amazon.awssdk.services.sts.model.GetCallerIdentityResponse;
import software.amazon.awssdk.services.sts.model.StsException;

/**
 * The simulator's STS (with the SDK's {@code StsClient}) and Organizations, and IAM requests landing in the account
 * their access key belongs to.
 */
class StsAndOrganizationsTest {

    private static final String CORP = DemoOrganization.MANAGEMENT_ID;
    private static final String DEV = DemoOrganization.DEV_ID;

    private final IamSimulator simulator = new IamSimulator(new MutableClock(Instant.parse("2026-11-23T10:00:00Z")),
            CORP).start();
    private final StsClient sts = sts(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDEXAMPLE",
            "local")));

    StsAndOrganizationsTest() {
        DemoOrganization.seed(simulator);
    }

    @AfterEach
    void close() {
        sts.close();
        simulator.close();
    }

    private StsClient sts(AwsCredentialsProvider credentials) {
        return StsClient.builder().endpointOverride(simulator.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(credentials).httpClientBuilder(UrlConnectionHttpClient.builder())
                .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry())).build();
    }

    private IamClient iam(Credentials credentials) {
        return IamClient.builder().endpointOverride(simulator.endpoint()).region(Region.AWS_GLOBAL)
                .credentialsProvider(StaticCredentialsProvider.create(AwsSessionCredentials.create(
                        credentials.accessKeyId(), credentials.secretAccessKey(), credentials.sessionToken())))
                .httpClientBuilder(UrlConnectionHttpClient.builder()).build();
    }

    private AssumeRoleResponse assume(String account) {
        return sts.assumeRole(r -> r.roleArn("arn:aws:iam::" + account + ":role/mfa-enroll").roleSessionName("test"));
    }

    @Nested
    class AssumeRole {

        @Test
        void handsOutTemporaryCredentialsForTheMemberAccount() {

            AssumeRoleResponse response = assume(DEV);

            assertThat(response.credentials().accessKeyId()).matches("ASIA[A-Z2-7]{16}");
            assertThat(response.credentials().sessionToken()).isNotBlank();
            assertThat(response.credentials().expiration()).isAfter(Instant.now().plusSeconds(3000));
            assertThat(response.assumedRoleUser().arn())
                    .isEqualTo("arn:aws:sts::234567890123:assumed-role/mfa-enroll/test");
        }

        @Test
        void theCredentialsActInTheMemberAccountAndGetCallerIdentitySaysSo() {
            Credentials credentials = assume(DEV).credentials();

            try (StsClient asMember = sts(StaticCredentialsProvider.create(AwsSessionCredentials.create(
                    credentials.accessKeyId(), credentials.secretAccessKey(), credentials.sessionToken())));
                    IamClient iam = iam(credentials)) {
                GetCallerIdentityResponse identity = asMember.getCallerIdentity();

                assertThat(identity.account()).isEqualTo(DEV);
                assertThat(identity.arn()).isEqualTo("arn:aws:sts::234567890123:assumed-role/mfa-enroll/test");
                assertThat(iam.getUser(r -> r.userName("erin")).user().arn())
                        .isEqualTo("arn:aws:iam::234567890123:user/erin");
                assertThat(iam.listAccountAliases().accountAliases()).containsExactly("demo-dev");
            }
            assertThat(simulator.account(DEV).requestCount("GetUser")).isEqualTo(1);
            assertThat(simulator.account(CORP).requestCount("GetUser")).isZero();
        }

        @Test
        void theStaticKeyIsTheManagementAccount() {

            GetCallerIdentityResponse identity = sts.getCallerIdentity();

            assertThat(identity.account()).isEqualTo(CORP);
            assertThat(identity.arn()).startsWith("arn:aws:iam::123456789012:user/");
        }

        @Test
        void aDeniedRoleAnUnknownRoleOrAWrongExternalIdIsAccessDenied() {
            simulator.denyAssumeRole(DemoOrganization.PROD_ID);

            StsException denied = catchThrowableOfType(StsException.class, () -> assume(DemoOrganization.PROD_ID));
            StsException unknownRole = catchThrowableOfType(StsException.class, () -> sts.assumeRole(r -> r
                    .roleArn("arn:aws:iam::234567890123:role/admin").roleSessionName("test")));
            StsException notInOrganization = catchThrowableOfType(StsException.class, () -> assume("999999999999"));
            simulator.memberRole("mfa-enroll", "corp-7f3a");
            StsException wrongExternalId = catchThrowableOfType(StsException.class, () -> sts.assumeRole(r -> r
                    .roleArn("arn:aws:iam::234567890123:role/mfa-enroll").roleSessionName("test").externalId("other")));

            for (StsException e : new StsException[] {denied, unknownRole, notInOrganization, wrongExternalId}) {
                assertThat(e.statusCode()).isEqualTo(403);
                assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDenied");
                assertThat(e.awsErrorDetails().errorMessage()).contains("is not authorized to perform: sts:AssumeRole");
            }
            assertThat(sts.assumeRole(r -> r.roleArn("arn:aws:iam::234567890123:role/mfa-enroll")
                    .roleSessionName("test").externalId("corp-7f3a")).credentials()).isNotNull();
        }

        @Test
        void aMalformedRoleArnIsAValidationError() {

            StsException e = catchThrowableOfType(StsException.class, () -> sts.assumeRole(r -> r
                    .roleArn("arn:aws:s3:::not-a-role-at-all").roleSessionName("test")));

            assertThat(e.statusCode()).isEqualTo(400);
            assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationError");
        }
    }

    @Nested
    class ListAccounts {

        private HttpResponse<String> listAccounts(String authorization, String body) throws IOException,
                InterruptedException {
            HttpRequest.Builder request = HttpRequest.newBuilder(simulator.endpoint().resolve("/"))
                    .header("X-Amz-Target", "AWSOrganizationsV20161128.ListAccounts")
                    .header("Content-Type", "application/x-amz-json-1.1")
                    .POST(HttpRequest.BodyPublishers.ofString(body));
            if (authorization != null) {
                request.header("Authorization", authorization);
            }
            return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
        }

        @Test
        void theManagementAccountSeesEveryAccountInJson() throws Exception {

            HttpResponse<String> response = listAccounts(null, "{}");

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Type")).contains("application/x-amz-json-1.1");
            assertThat(response.body()).contains("\"Id\":\"123456789012\"", "\"Name\":\"demo-dev\"",
                    "\"Status\":\"ACTIVE\"").doesNotContain("NextToken");
        }

        @Test
        void aMemberAccountIsRefusedAsAwsRefusesIt() throws Exception {
            String key = assume(DEV).credentials().accessKeyId();

            HttpResponse<String> response = listAccounts("AWS4-HMAC-SHA256 Credential=" + key
                    + "/20261123/us-east-1/organizations/aws4_request, SignedHeaders=host, Signature=00", "{}");

            assertThat(response.statusCode()).isEqualTo(400);
            assertThat(response.body()).contains("\"__type\":\"AccessDeniedException\"");
        }

        @Test
        void pagesByMaxResultsWithAnOpaqueToken() throws Exception {

            HttpResponse<String> first = listAccounts(null, "{\"MaxResults\":2}");
            String token = first.body().replaceAll(".*\"NextToken\":\"([^\"]+)\".*", "$1");
            HttpResponse<String> second = listAccounts(null, "{\"MaxResults\":2,\"NextToken\":\"" + token + "\"}");

            assertThat(first.body()).contains("123456789012", "234567890123").doesNotContain("345678901234");
            assertThat(second.body()).contains("345678901234").doesNotContain("NextToken");
        }
    }

    @Nested
    class KeptInAFile {

        @TempDir
        Path dir;

        @Test
        void everyAccountAndItsRoleSettingsAreKept() {
            Path file = dir.resolve("organization.json");
            try (IamSimulator first = new IamSimulator(Clock.systemUTC(), CORP)
                    .keepAccountIn(file, DemoOrganization::seed)) {
                first.account(DEV).addUser("ivan", true, Map.of());
                first.denyAssumeRole(DemoOrganization.PROD_ID);
            }

            IamSimulator second = new IamSimulator(Clock.systemUTC(), CORP).keepAccountIn(file, s -> { }).start();
            try (second; StsClient viaSecond = StsClient.builder().endpointOverride(second.endpoint())
                    .region(Region.US_EAST_1).httpClientBuilder(UrlConnectionHttpClient.builder())
                    .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDEXAMPLE",
                            "local"))).build()) {
                StsException denied = catchThrowableOfType(StsException.class, () -> viaSecond.assumeRole(r -> r
                        .roleArn("arn:aws:iam::345678901234:role/mfa-enroll").roleSessionName("test")));

                assertThat(second.accountIds()).containsExactly(CORP, DEV, DemoOrganization.PROD_ID);
                assertThat(second.account(DEV).assignedSerials(DemoOrganization.DEV_USER_WITH_MFA)).hasSize(1);
                assertThatThrownBy(() -> second.account(DEV).addUser("ivan", true, Map.of()))
                        .hasMessageContaining("already exists");
                assertThat(denied.awsErrorDetails().errorCode()).isEqualTo("AccessDenied");
            }
        }
    }
}
