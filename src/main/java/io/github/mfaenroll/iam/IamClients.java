package io.github.mfaenroll.iam;

import io.github.mfaenroll.iam.IamFailures.AccountUnreachableException;
import io.github.mfaenroll.iam.IamFailures.MissingCredentialsException;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.api.RetryStrategy;
import software.amazon.awssdk.services.iam.IamClient;

/**
 * The SDK objects behind one {@link AwsIamGateway}: a shared HTTP client, the credentials, and two {@link IamClient}s
 * that differ only in their retry strategy.
 *
 * <p>{@link #retrying} uses the SDK's standard strategy (3 attempts, backoff, throttling-aware) and serves every call
 * whose repetition is harmless. {@link #once} never retries; it serves the calls that carry one-time codes
 * ({@code EnableMFADevice}, {@code ResyncMFADevice}), because a retry resends the same codes and can turn a success
 * whose answer was lost into an error.
 */
final class IamClients implements AutoCloseable {

    final IamClient retrying;
    final IamClient once;
    private final SdkHttpClient http;
    private final DefaultCredentialsProvider ownedCredentials;

    private IamClients(IamConnection connection) {
        this.ownedCredentials = connection.credentials() == null ? DefaultCredentialsProvider.builder().build() : null;
        AwsCredentialsProvider credentials = reportingMissing(
                ownedCredentials != null ? ownedCredentials : connection.credentials());
        // The attempt timeout bounds a hung attempt; the socket timeouts only stop a stuck thread afterwards.
        this.http = UrlConnectionHttpClient.builder()
                .connectionTimeout(connection.attemptTimeout())
                .socketTimeout(connection.attemptTimeout())
                .build();
        this.retrying = client(connection, credentials, AwsRetryStrategy.standardRetryStrategy());
        this.once = client(connection, credentials, AwsRetryStrategy.doNotRetry());
    }

    static IamClients open(IamConnection connection) {
        return new IamClients(connection);
    }

    /** Resolves credentials the way the clients will, or throws {@link MissingCredentialsException}. */
    static void resolveCredentials(IamConnection connection) {
        DefaultCredentialsProvider owned = connection.credentials() == null
                ? DefaultCredentialsProvider.builder().build()
                : null;
        try {
            reportingMissing(owned != null ? owned : connection.credentials()).resolveCredentials();
        } finally {
            if (owned != null) {
                owned.close();
            }
        }
    }

    private IamClient client(IamConnection connection, AwsCredentialsProvider credentials, RetryStrategy retries) {
        var builder = IamClient.builder()
                .httpClient(http)
                .region(Region.of(connection.region()))
                .credentialsProvider(credentials)
                .overrideConfiguration(o -> o
                        .retryStrategy(retries)
                        .executionInterceptors(connection.interceptors())
                        .apiCallTimeout(connection.callTimeout())
                        .apiCallAttemptTimeout(connection.attemptTimeout()));
        if (connection.endpointOverride() != null) {
            builder.endpointOverride(connection.endpointOverride());
        }
        return builder.build();
    }

    /**
     * Wraps a provider so that "no credentials" surfaces as {@link MissingCredentialsException}: the SDK reports it
     * as a plain {@code SdkClientException} whose wording differs between providers and versions.
     */
    private static AwsCredentialsProvider reportingMissing(AwsCredentialsProvider delegate) {
        return () -> {
            AwsCredentials resolved;
            try {
                resolved = delegate.resolveCredentials();
            } catch (MissingCredentialsException | AccountUnreachableException e) {
                throw e;
            } catch (RuntimeException e) {
                throw new MissingCredentialsException(e);
            }
            if (resolved == null) {
                throw new MissingCredentialsException(null);
            }
            return resolved;
        };
    }

    @Override
    public void close() {
        // Clients given an HTTP client or credentials provider do not close them: we own both.
        once.close();
        retrying.close();
        http.close();
        if (ownedCredentials != null) {
            ownedCredentials.close();
        }
    }
}
