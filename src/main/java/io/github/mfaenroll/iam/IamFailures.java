package io.github.mfaenroll.iam;

import io.github.mfaenroll.iam.IamFailure.Kind;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.exception.SdkServiceException;

/**
 * The one place where SDK exceptions become {@link IamFailure}s.
 *
 * <p>The failure's message is built from the action, the kind and IAM's error code only; the SDK's own message is
 * never copied into it, so nothing the request carried (authentication codes) can leak through it. The SDK
 * exception stays attached as the cause for stack traces.
 */
final class IamFailures {

    /** IAM error codes (and the generic AWS ones IAM also answers with) by the kind they mean. */
    private static final Map<String, Kind> KIND_BY_ERROR_CODE = Map.ofEntries(
            Map.entry("NoSuchEntity", Kind.NO_SUCH_ENTITY),
            Map.entry("EntityAlreadyExists", Kind.ENTITY_ALREADY_EXISTS),
            Map.entry("LimitExceeded", Kind.LIMIT_EXCEEDED),
            Map.entry("InvalidAuthenticationCode", Kind.INVALID_AUTHENTICATION_CODE),
            Map.entry("DeleteConflict", Kind.DELETE_CONFLICT),
            Map.entry("EntityTemporarilyUnmodifiable", Kind.BUSY),
            Map.entry("ConcurrentModification", Kind.BUSY),
            Map.entry("Throttling", Kind.THROTTLED),
            Map.entry("ThrottlingException", Kind.THROTTLED),
            Map.entry("RequestLimitExceeded", Kind.THROTTLED),
            Map.entry("TooManyRequestsException", Kind.THROTTLED),
            Map.entry("AccessDenied", Kind.ACCESS_DENIED),
            Map.entry("AccessDeniedException", Kind.ACCESS_DENIED),
            Map.entry("UnauthorizedOperation", Kind.ACCESS_DENIED),
            Map.entry("InvalidClientTokenId", Kind.CREDENTIALS),
            Map.entry("SignatureDoesNotMatch", Kind.CREDENTIALS),
            Map.entry("ExpiredToken", Kind.CREDENTIALS),
            Map.entry("ExpiredTokenException", Kind.CREDENTIALS),
            Map.entry("IncompleteSignature", Kind.CREDENTIALS),
            Map.entry("MissingAuthenticationToken", Kind.CREDENTIALS),
            Map.entry("ServiceFailure", Kind.SERVICE_FAILURE),
            Map.entry("ServiceUnavailable", Kind.SERVICE_FAILURE),
            Map.entry("InternalFailure", Kind.SERVICE_FAILURE));

    private IamFailures() {
    }

    /** Classifies a failed SDK call made for {@code action} (IAM's action name, e.g. {@code EnableMFADevice}). */
    static IamFailure from(String action, SdkException e) {
        AccountUnreachableException unreachable = cause(e, AccountUnreachableException.class);
        if (unreachable != null) {
            // STS refused the role (an administrator must fix it), or did not answer (try again later).
            Kind kind = unreachable.awsErrorCode() == null && (causedBy(unreachable, IOException.class)
                    || causedBy(unreachable, ApiCallTimeoutException.class)
                    || causedBy(unreachable, ApiCallAttemptTimeoutException.class))
                    ? Kind.UNREACHABLE : Kind.ACCOUNT_UNREACHABLE;
            return new IamFailure(kind, action, unreachable.awsErrorCode(), null, unreachable.reason(), e);
        }
        if (e instanceof SdkServiceException service) {
            String errorCode = e instanceof AwsServiceException aws && aws.awsErrorDetails() != null
                    ? aws.awsErrorDetails().errorCode()
                    : null;
            return new IamFailure(kindOf(errorCode, service), action, errorCode, service.requestId(), e);
        }
        return new IamFailure(kindOfClientFailure(e), action, null, null, e);
    }

    /**
     * The kind of an error AWS answered outside the SDK (Organizations' JSON, see {@link OrganizationsClient}): by its
     * code, else by the HTTP status.
     */
    static Kind kindOf(String errorCode, int httpStatus) {
        Kind byCode = errorCode == null ? null : KIND_BY_ERROR_CODE.get(errorCode);
        if (byCode != null) {
            return byCode;
        }
        if (httpStatus >= 500) {
            return Kind.SERVICE_FAILURE;
        }
        return httpStatus == 429 ? Kind.THROTTLED : Kind.UNKNOWN;
    }

    private static Kind kindOf(String errorCode, SdkServiceException e) {
        Kind byCode = errorCode == null ? null : KIND_BY_ERROR_CODE.get(errorCode);
        if (byCode != null) {
            return byCode;
        }
        if (e.statusCode() >= 500) {
            return Kind.SERVICE_FAILURE;
        }
        if (e.isThrottlingException()) {
            return Kind.THROTTLED;
        }
        return Kind.UNKNOWN;
    }

    private static Kind kindOfClientFailure(SdkException e) {
        if (causedBy(e, MissingCredentialsException.class)) {
            return Kind.CREDENTIALS;
        }
        if (e instanceof ApiCallTimeoutException || e instanceof ApiCallAttemptTimeoutException
                || causedBy(e, IOException.class) || causedBy(e, UncheckedIOException.class)) {
            return Kind.UNREACHABLE;
        }
        // Unparseable responses land here: IAM answered, but with something we cannot trust.
        return Kind.UNKNOWN;
    }

    private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
        return cause(e, type) != null;
    }

    private static <T extends Throwable> T cause(Throwable e, Class<T> type) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }

    /**
     * Thrown by the gateway's credentials provider when no credentials can be resolved, so that failure is told
     * apart from other client-side errors by type rather than by the SDK's wording.
     */
    static final class MissingCredentialsException extends SdkClientException {

        MissingCredentialsException(Throwable cause) {
            super(SdkClientException.builder().message("No AWS credentials could be resolved").cause(cause));
        }
    }

    /**
     * Thrown by a member account's credentials provider when {@code sts:AssumeRole} fails, carrying STS's error code
     * (null when STS did not answer) and its explanation, so the gateway's failure says why the account cannot be
     * reached. STS's message names the caller and the role, never a credential.
     */
    static final class AccountUnreachableException extends SdkClientException {

        private final String awsErrorCode;
        private final String reason;

        AccountUnreachableException(String awsErrorCode, String reason, Throwable cause) {
            super(SdkClientException.builder().message("sts:AssumeRole failed: " + reason).cause(cause));
            this.awsErrorCode = awsErrorCode;
            this.reason = reason;
        }

        String awsErrorCode() {
            return awsErrorCode;
        }

        String reason() {
            return reason;
        }
    }
}
