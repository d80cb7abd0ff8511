package io.github.mfaenroll.iam;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * Where and how {@link AwsIamGateway} reaches IAM.
 *
 * @param endpointOverride IAM endpoint to use instead of the partition's global one (the simulator, WireMock, a
 *     VPC endpoint); null for the default
 * @param region {@code aws-global} for the commercial partition. China and GovCloud are a matter of
 *     configuration ({@code aws-cn-global}, {@code aws-us-gov-global}), not code. With an endpoint override the SDK
 *     signs with this region as it is: when the override points at a real IAM endpoint (e.g. FIPS), set the
 *     partition's signing region instead ({@code us-east-1}, {@code cn-north-1}, {@code us-gov-west-1})
 * @param credentials where AWS credentials come from; null for the SDK's default chain (environment, system
 *     properties, web identity, profile, container, instance role)
 * @param callTimeout the whole call including retries
 * @param attemptTimeout one HTTP attempt
 * @param interceptors SDK interceptors on every call (the app's rate limit and metrics); empty for none
 */
public record IamConnection(
        URI endpointOverride,
        String region,
        AwsCredentialsProvider credentials,
        Duration callTimeout,
        Duration attemptTimeout,
        List<ExecutionInterceptor> interceptors) {

    public IamConnection(URI endpointOverride, String region, AwsCredentialsProvider credentials, Duration callTimeout,
                         Duration attemptTimeout) {
        this(endpointOverride, region, credentials, callTimeout, attemptTimeout, List.of());
    }

    /** The signing region of IAM's global endpoint in the commercial partition. */
    public static final String GLOBAL_REGION = "aws-global";

    private static final Duration DEFAULT_CALL_TIMEOUT = Duration.ofSeconds(15);
    private static final Duration DEFAULT_ATTEMPT_TIMEOUT = Duration.ofSeconds(5);

    public IamConnection {
        region = region == null || region.isBlank() ? GLOBAL_REGION : region;
        interceptors = interceptors == null ? List.of() : List.copyOf(interceptors);
        Objects.requireNonNull(callTimeout, "callTimeout");
        Objects.requireNonNull(attemptTimeout, "attemptTimeout");
        if (!isPositive(callTimeout) || !isPositive(attemptTimeout)) {
            throw new IllegalArgumentException("IAM timeouts must be positive");
        }
    }

    private static boolean isPositive(Duration d) {
        return !d.isNegative() && !d.isZero();
    }

    /** Real IAM: global endpoint, default credential chain, 5 s per attempt, 15 s per call. */
    public static IamConnection defaults() {
        return new IamConnection(null, GLOBAL_REGION, null, DEFAULT_CALL_TIMEOUT, DEFAULT_ATTEMPT_TIMEOUT);
    }

    /**
     * A local IAM look-alike (the built-in simulator, WireMock). Static dummy credentials, so a developer's real
     * AWS credentials are never resolved nor sent to a local process.
     */
    public static IamConnection forLocalEndpoint(URI endpoint) {
        Objects.requireNonNull(endpoint, "endpoint");
        var dummy = StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDEXAMPLE", "local"));
        return new IamConnection(endpoint, GLOBAL_REGION, dummy, DEFAULT_CALL_TIMEOUT, DEFAULT_ATTEMPT_TIMEOUT);
    }

    /** The same connection with other timeouts. */
    public IamConnection withTimeouts(Duration newCallTimeout, Duration newAttemptTimeout) {
        return new IamConnection(endpointOverride, region, credentials, newCallTimeout, newAttemptTimeout,
                interceptors);
    }

    /** The same connection with these SDK interceptors on every call. */
    public IamConnection withInterceptors(List<ExecutionInterceptor> newInterceptors) {
        return new IamConnection(endpointOverride, region, credentials, callTimeout, attemptTimeout, newInterceptors);
    }

    /** The same connection with another credentials source (null: the default chain). */
    public IamConnection withCredentials(AwsCredentialsProvider newCredentials) {
        return new IamConnection(endpointOverride, region, newCredentials, callTimeout, attemptTimeout, interceptors);
    }
}
