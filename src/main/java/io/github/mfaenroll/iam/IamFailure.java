package io.github.mfaenroll.iam;

/**
 * A failed IAM call, classified. The message names the action and IAM's error code, never a code, seed or
 * token. {@link #awsRequestId()} is IAM's request id when IAM answered (useful in support tickets).
 */
public final class IamFailure extends RuntimeException {

    /** What went wrong, in the app's terms. */
    public enum Kind {
        NO_SUCH_ENTITY,
        ENTITY_ALREADY_EXISTS,
        LIMIT_EXCEEDED,
        INVALID_AUTHENTICATION_CODE,
        DELETE_CONFLICT,
        /** EntityTemporarilyUnmodifiable or ConcurrentModification: try again shortly. */
        BUSY,
        THROTTLED,
        ACCESS_DENIED,
        /** No AWS credentials could be found or they were rejected. */
        CREDENTIALS,
        /** IAM did not answer in time or the connection failed. */
        UNREACHABLE,
        /**
         * A member account the app reaches by {@code sts:AssumeRole} refused it (the role is missing, its trust
         * policy names someone else, the external id differs): {@link IamFailure#reason()} has STS's answer. Fixed by
         * an administrator, not by trying again.
         */
        ACCOUNT_UNREACHABLE,
        /** IAM answered 5xx (ServiceFailure). */
        SERVICE_FAILURE,
        /** Anything else (including a response the SDK could not parse). */
        UNKNOWN;

        /** Whether the same request may succeed if the user simply tries again later. */
        public boolean transientFailure() {
            return this == BUSY || this == THROTTLED || this == UNREACHABLE || this == SERVICE_FAILURE;
        }
    }

    private final Kind kind;
    private final String action;
    private final String awsErrorCode;
    private final String awsRequestId;
    private final String reason;

    public IamFailure(Kind kind, String action, String awsErrorCode, String awsRequestId, Throwable cause) {
        this(kind, action, awsErrorCode, awsRequestId, null, cause);
    }

    /**
     * @param reason AWS's own explanation, for failures whose message AWS wrote without anything the request carried
     *     (STS refusing AssumeRole, Organizations refusing ListAccounts); null for the others
     */
    public IamFailure(Kind kind, String action, String awsErrorCode, String awsRequestId, String reason,
                      Throwable cause) {
        super(action + " failed: " + kind + (awsErrorCode == null ? "" : " (" + awsErrorCode + ")"), cause);
        this.kind = kind;
        this.action = action;
        this.awsErrorCode = awsErrorCode;
        this.awsRequestId = awsRequestId;
        this.reason = reason;
    }

    public Kind kind() {
        return kind;
    }

    public String action() {
        return action;
    }

    /** IAM's error code, e.g. {@code InvalidAuthenticationCode}; null when IAM gave none. */
    public String awsErrorCode() {
        return awsErrorCode;
    }

    /**
     * AWS's explanation, e.g. {@code AccessDenied: User: … is not authorized to perform: sts:AssumeRole on resource:
     * …}, for the failures that carry one (see {@link Kind#ACCOUNT_UNREACHABLE}); null otherwise.
     */
    public String reason() {
        return reason;
    }

    /** IAM's request id; null when IAM did not answer. */
    public String awsRequestId() {
        return awsRequestId;
    }
}
