package io.github.mfaenroll.iam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.github.mfaenroll.iam.IamFailure.Kind;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.SocketTimeoutException;
import java.util.stream.Stream;
import javax.xml.stream.XMLStreamException;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;

/** The classification table, on the exception types the SDK throws. */
class IamFailuresTest {

    static Stream<Arguments> iamErrorCodes() {
        return Stream.of(
                arguments(404, "NoSuchEntity", Kind.NO_SUCH_ENTITY),
                arguments(409, "EntityAlreadyExists", Kind.ENTITY_ALREADY_EXISTS),
                arguments(409, "LimitExceeded", Kind.LIMIT_EXCEEDED),
                arguments(403, "InvalidAuthenticationCode", Kind.INVALID_AUTHENTICATION_CODE),
                arguments(409, "DeleteConflict", Kind.DELETE_CONFLICT),
                arguments(409, "EntityTemporarilyUnmodifiable", Kind.BUSY),
                arguments(409, "ConcurrentModification", Kind.BUSY),
                arguments(400, "Throttling", Kind.THROTTLED),
                arguments(400, "ThrottlingException", Kind.THROTTLED),
                arguments(400, "RequestLimitExceeded", Kind.THROTTLED),
                arguments(403, "AccessDenied", Kind.ACCESS_DENIED),
                arguments(403, "AccessDeniedException", Kind.ACCESS_DENIED),
                arguments(403, "UnauthorizedOperation", Kind.ACCESS_DENIED),
                arguments(403, "InvalidClientTokenId", Kind.CREDENTIALS),
                arguments(403, "SignatureDoesNotMatch", Kind.CREDENTIALS),
                arguments(403, "ExpiredToken", Kind.CREDENTIALS),
                arguments(500, "ServiceFailure", Kind.SERVICE_FAILURE),
                arguments(503, "ServiceUnavailable", Kind.SERVICE_FAILURE),
                arguments(502, null, Kind.SERVICE_FAILURE),
                arguments(429, null, Kind.THROTTLED),
                arguments(400, "InvalidInput", Kind.UNKNOWN),
                arguments(400, null, Kind.UNKNOWN));
    }

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @MethodSource("iamErrorCodes")
    void iamErrorsAreClassifiedByCodeThenStatus(int status, String code, Kind expected) {
        SdkException e = serviceError(status, code, "Rejected", "req-1");

        IamFailure failure = IamFailures.from("EnableMFADevice", e);

        assertThat(failure.kind()).isEqualTo(expected);
        assertThat(failure.awsErrorCode()).isEqualTo(code);
        assertThat(failure.awsRequestId()).isEqualTo("req-1");
        assertThat(failure.action()).isEqualTo("EnableMFADevice");
        assertThat(failure.getCause()).isSameAs(e);
    }

    static Stream<Arguments> clientFailures() {
        return Stream.of(
                arguments(ApiCallTimeoutException.create(15_000), Kind.UNREACHABLE),
                arguments(ApiCallAttemptTimeoutException.create(5_000), Kind.UNREACHABLE),
                arguments(SdkClientException.create("Unable to execute HTTP request",
                        new SocketTimeoutException("Read timed out")), Kind.UNREACHABLE),
                arguments(SdkClientException.create("Unable to execute HTTP request",
                        new UncheckedIOException(new IOException("reset"))), Kind.UNREACHABLE),
                arguments(SdkClientException.create("Unable to load credentials",
                        new IamFailures.MissingCredentialsException(null)), Kind.CREDENTIALS),
                arguments(new IamFailures.MissingCredentialsException(SdkClientException.create("none")),
                        Kind.CREDENTIALS),
                arguments(SdkClientException.create("Unable to unmarshall response",
                        new XMLStreamException("unexpected EOF")), Kind.UNKNOWN),
                arguments(SdkClientException.create("Something else"), Kind.UNKNOWN));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("clientFailures")
    void clientSideFailuresAreClassifiedByType(SdkException e, Kind expected) {
        IamFailure failure = IamFailures.from("ListMFADevices", e);

        assertThat(failure.kind()).isEqualTo(expected);
        assertThat(failure.awsErrorCode()).isNull();
        assertThat(failure.awsRequestId()).isNull();
    }

    @Nested
    class Message {

        @Test
        void namesActionKindAndCodeButNeverTheSdkMessage() {
            SdkException e = serviceError(403, "InvalidAuthenticationCode", "Codes 123456 and 654321 are wrong", "r");

            IamFailure failure = IamFailures.from("EnableMFADevice", e);

            assertThat(failure.getMessage())
                    .isEqualTo("EnableMFADevice failed: INVALID_AUTHENTICATION_CODE (InvalidAuthenticationCode)");
        }
    }

    private static AwsServiceException serviceError(int status, String code, String message, String requestId) {
        return AwsServiceException.builder()
                .statusCode(status)
                .requestId(requestId)
                .message(message)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage(message).build())
                .build();
    }
}
