package io.github.mfaenroll.iam.simulator;

/**
 * An IAM error answer: HTTP status, IAM error code and message, written as {@code <ErrorResponse>} XML.
 * It is control flow, not a bug, so it carries no stack trace. Messages never contain a code or a seed. The
 * factories name the errors thrown from several places; an error thrown from one place is built there.
 */
final class IamError extends RuntimeException {

    private final int httpStatus;
    private final String code;

    IamError(int httpStatus, String code, String message) {
        super(message, null, false, false);
        this.httpStatus = httpStatus;
        this.code = code;
    }

    int httpStatus() {
        return httpStatus;
    }

    String code() {
        return code;
    }

    /** IAM says {@code Receiver} for its own failures (5xx) and {@code Sender} for everything the caller did. */
    String type() {
        return httpStatus >= 500 ? "Receiver" : "Sender";
    }

    static IamError noSuchEntity(String message) {
        return new IamError(404, "NoSuchEntity", message);
    }

    static IamError entityAlreadyExists(String message) {
        return new IamError(409, "EntityAlreadyExists", message);
    }

    static IamError invalidAuthenticationCode() {
        return new IamError(403, "InvalidAuthenticationCode", "Authentication code for device is not valid.");
    }

    static IamError validation(String message) {
        return new IamError(400, "ValidationError", message);
    }

    static IamError malformedQuery(String message) {
        return new IamError(400, "InvalidQueryParameter", message);
    }

    static IamError serviceFailure() {
        return new IamError(500, "ServiceFailure",
                "The request processing has failed because of an unknown error, exception or failure.");
    }
}
