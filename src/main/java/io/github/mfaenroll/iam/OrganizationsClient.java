package io.github.mfaenroll.iam;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.mfaenroll.iam.IamFailure.Kind;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;

/**
 * AWS Organizations' {@code ListAccounts}, the one Organizations call the app makes: JSON 1.1 over HTTPS, signed
 * with SigV4, every page followed, only ACTIVE accounts kept.
 *
 * <p>Hand-written on the SDK's core (its SigV4 signer and the URL-connection HTTP client the IAM client uses) because
 * the SDK's {@code organizations} module is not published on the Maven registry this project builds from; replacing
 * this class with the SDK client is the natural move once it is. The wire format is the Organizations API reference's:
 * {@code POST /} with {@code X-Amz-Target: AWSOrganizationsV20161128.ListAccounts} and
 * {@code Content-Type: application/x-amz-json-1.1}; errors are 4xx/5xx with {@code {"__type", "Message"}}.
 *
 * <p>Failures become {@link IamFailure}s of action {@code ListAccounts} whose {@link IamFailure#reason()} is AWS's
 * code and message. Up to three attempts for throttling, 5xx and broken connections, as the SDK's standard retries.
 */
final class OrganizationsClient implements AutoCloseable {

    /** One account of the organization, as ListAccounts describes it. */
    record OrganizationAccount(AccountId id, String name, String status) {
    }

    static final String ACTION = "ListAccounts";
    private static final String TARGET = "AWSOrganizationsV20161128." + ACTION;
    private static final String CONTENT_TYPE = "application/x-amz-json-1.1";
    private static final int ATTEMPTS = 3;
    private static final Duration FIRST_BACKOFF = Duration.ofMillis(200);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI endpoint;
    private final String signingRegion;
    private final AwsCredentialsProvider credentials;
    private final SdkHttpClient http;
    private final AwsV4HttpSigner signer = AwsV4HttpSigner.create();

    /**
     * @param endpointOverride where to send (a local simulator, a proxy); null for the partition's endpoint
     * @param iamRegion the IAM region setting, which names the partition ({@code aws-global}, {@code aws-cn-global}, …)
     * @param credentials the app's own credentials (owned by the caller)
     * @param attemptTimeout connect and read timeout of one attempt
     */
    OrganizationsClient(URI endpointOverride, String iamRegion, AwsCredentialsProvider credentials,
                        Duration attemptTimeout) {
        Partition partition = Partition.of(IamPermissions.partitionOf(iamRegion));
        this.endpoint = endpointOverride != null ? endpointOverride : partition.endpoint;
        this.signingRegion = partition.signingRegion;
        this.credentials = Objects.requireNonNull(credentials, "credentials");
        this.http = UrlConnectionHttpClient.builder().connectionTimeout(attemptTimeout).socketTimeout(attemptTimeout)
                .build();
    }

    /** Organizations' endpoint and signing region in each partition (it is a global service). */
    private enum Partition {
        AWS("https://organizations.us-east-1.amazonaws.com", "us-east-1"),
        AWS_US_GOV("https://organizations.us-gov-west-1.amazonaws.com", "us-gov-west-1"),
        AWS_CN("https://organizations.cn-northwest-1.amazonaws.com.cn", "cn-northwest-1");

        final URI endpoint;
        final String signingRegion;

        Partition(String endpoint, String signingRegion) {
            this.endpoint = URI.create(endpoint);
            this.signingRegion = signingRegion;
        }

        static Partition of(String name) {
            return switch (name) {
                case "aws-us-gov" -> AWS_US_GOV;
                case "aws-cn" -> AWS_CN;
                default -> AWS;
            };
        }
    }

    /** Every ACTIVE account of the organization, in the order AWS lists them. */
    List<OrganizationAccount> listActiveAccounts() {
        List<OrganizationAccount> active = new ArrayList<>();
        String nextToken = null;
        do {
            ObjectNode request = JSON.createObjectNode();
            if (nextToken != null) {
                request.put("NextToken", nextToken);
            }
            JsonNode page = call(request);
            for (JsonNode account : page.path("Accounts")) {
                // Status is deprecated in favour of State, which has more values; ACTIVE means the same in both.
                String status = account.hasNonNull("State") ? account.get("State").asText()
                        : account.path("Status").asText();
                String id = account.path("Id").asText();
                if ("ACTIVE".equals(status) && AccountId.isAccountId(id)) {
                    active.add(new OrganizationAccount(new AccountId(id), account.path("Name").asText(null), status));
                }
            }
            nextToken = page.hasNonNull("NextToken") ? page.get("NextToken").asText() : null;
        } while (nextToken != null);
        return active;
    }

    private JsonNode call(ObjectNode request) {
        byte[] body = request.toString().getBytes(StandardCharsets.UTF_8);
        for (int attempt = 1; ; attempt++) {
            try {
                return attempt(body);
            } catch (IamFailure e) {
                if (attempt >= ATTEMPTS || !e.kind().transientFailure()) {
                    throw e;
                }
                backOff(attempt);
            }
        }
    }

    private JsonNode attempt(byte[] body) {
        AwsCredentials identity;
        try {
            identity = credentials.resolveCredentials();
        } catch (RuntimeException e) {
            throw new IamFailure(Kind.CREDENTIALS, ACTION, null, null, e);
        }
        SdkHttpFullRequest unsigned = SdkHttpFullRequest.builder()
                .method(SdkHttpMethod.POST)
                .uri(endpoint.resolve("/"))
                .putHeader("Content-Type", CONTENT_TYPE)
                .putHeader("X-Amz-Target", TARGET)
                .build();
        SignedRequest signed = signer.sign(r -> r.identity(identity)
                .request(unsigned)
                .payload(ContentStreamProvider.fromByteArray(body))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "organizations")
                .putProperty(AwsV4HttpSigner.REGION_NAME, signingRegion));
        HttpExecuteResponse response;
        byte[] answer;
        try {
            response = http.prepareRequest(HttpExecuteRequest.builder().request(signed.request())
                    .contentStreamProvider(signed.payload().orElse(null)).build()).call();
            answer = response.responseBody().isPresent() ? readAll(response.responseBody().get()) : new byte[0];
        } catch (IOException | RuntimeException e) {
            throw new IamFailure(Kind.UNREACHABLE, ACTION, null, null, e);
        }
        int status = response.httpResponse().statusCode();
        String requestId = response.httpResponse().firstMatchingHeader("x-amzn-RequestId").orElse(null);
        JsonNode json;
        try {
            json = answer.length == 0 ? JSON.createObjectNode() : JSON.readTree(answer);
        } catch (IOException e) {
            throw new IamFailure(status >= 500 ? Kind.SERVICE_FAILURE : Kind.UNKNOWN, ACTION, null, requestId, e);
        }
        if (status / 100 == 2) {
            return json;
        }
        throw failure(status, json, requestId);
    }

    /** {@code {"__type": "…#AccessDeniedException", "Message": "…"}}: the code is what follows any {@code #}. */
    private static IamFailure failure(int status, JsonNode json, String requestId) {
        String type = json.path("__type").asText(null);
        String code = type == null ? null : type.substring(type.lastIndexOf('#') + 1);
        String message = json.hasNonNull("Message") ? json.get("Message").asText() : json.path("message").asText(null);
        String reason = (code == null ? "HTTP " + status : code) + (message == null ? "" : ": " + message);
        return new IamFailure(IamFailures.kindOf(code, status), ACTION, code, requestId, reason, null);
    }

    private static byte[] readAll(InputStream in) throws IOException {
        try (in) {
            return in.readAllBytes();
        }
    }

    private static void backOff(int attempt) {
        try {
            Thread.sleep(FIRST_BACKOFF.toMillis() << (attempt - 1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IamFailure(Kind.UNREACHABLE, ACTION, null, null, e);
        }
    }

    @Override
    public void close() {
        http.close();
    }
}
