package io.github.mfaenroll.iam;

import io.github.mfaenroll.iam.IamFailures.AccountUnreachableException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider;
import software.amazon.awssdk.services.sts.model.AssumeRoleRequest;

/**
 * Credentials for one member account: the SDK's {@link StsAssumeRoleCredentialsProvider} (it caches the role's
 * credentials and renews them before they expire), with two things it leaves to us:
 * <ul>
 *   <li>a refusal becomes {@link AccountUnreachableException} carrying STS's code and message, so every IAM call in
 *       the account fails as {@link IamFailure.Kind#ACCOUNT_UNREACHABLE} with AWS's reason;</li>
 *   <li>a failure is remembered for {@code failureKept}: while an account is unreachable, each of its gateway calls
 *       (a page may make dozens) does not send one more AssumeRole that would be refused the same way.</li>
 * </ul>
 */
final class AssumedRoleCredentials implements AwsCredentialsProvider, AutoCloseable {

    /** What CloudTrail shows in the member account as the session's name. */
    static final String SESSION_NAME = "mfa-enroll";

    private final StsAssumeRoleCredentialsProvider provider;
    private final Clock clock;
    private final Duration failureKept;
    private AccountUnreachableException lastFailure;
    private Instant failedAt;

    AssumedRoleCredentials(StsClient sts, String roleArn, String externalId, Clock clock, Duration failureKept) {
        AssumeRoleRequest.Builder request = AssumeRoleRequest.builder().roleArn(roleArn).roleSessionName(SESSION_NAME);
        if (externalId != null) {
            request.externalId(externalId);
        }
        // Synchronous renewal: no background thread per account; the SDK renews a few minutes before expiry.
        this.provider = StsAssumeRoleCredentialsProvider.builder().stsClient(sts).refreshRequest(request.build())
                .asyncCredentialUpdateEnabled(false).build();
        this.clock = clock;
        this.failureKept = failureKept;
    }

    @Override
    public AwsCredentials resolveCredentials() {
        synchronized (this) {
            if (lastFailure != null && clock.instant().isBefore(failedAt.plus(failureKept))) {
                throw lastFailure;
            }
        }
        try {
            AwsCredentials credentials = provider.resolveCredentials();
            synchronized (this) {
                lastFailure = null;
            }
            return credentials;
        } catch (SdkException e) {
            AccountUnreachableException failure = unreachable(e);
            synchronized (this) {
                lastFailure = failure;
                failedAt = clock.instant();
            }
            throw failure;
        }
    }

    private static AccountUnreachableException unreachable(SdkException e) {
        if (e instanceof AwsServiceException aws && aws.awsErrorDetails() != null) {
            String code = aws.awsErrorDetails().errorCode();
            String message = aws.awsErrorDetails().errorMessage();
            return new AccountUnreachableException(code, code + (message == null ? "" : ": " + message), e);
        }
        // Not STS's words: the SDK's own message about a connection or a timeout (it never holds a credential).
        return new AccountUnreachableException(null, "STS did not answer (" + e.getMessage() + ")", e);
    }

    @Override
    public void close() {
        provider.close();
    }
}
