package io.github.mfaenroll.iam;

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static io.github.mfaenroll.iam.IamWire.action;
import static io.github.mfaenroll.iam.IamWire.error;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.github.mfaenroll.iam.IamFailure.Kind;
import java.io.ByteArrayInputStream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.profiles.ProfileFile;

/** Missing and rejected credentials are {@link Kind#CREDENTIALS}, whichever way they show up. */
class AwsIamGatewayCredentialsTest extends WireMockIamTest {

    /** The SDK's real profile provider reading an empty credentials file: it finds nothing. */
    private static AwsCredentialsProvider emptyProfile() {
        ProfileFile empty = ProfileFile.builder()
                .content(new ByteArrayInputStream(new byte[0]))
                .type(ProfileFile.Type.CREDENTIALS)
                .build();
        return ProfileCredentialsProvider.builder().profileFile(empty).profileName("mfa-enroll-test").build();
    }

    @Nested
    class RequireCredentials {

        @Test
        void failsWithCredentialsWhenTheProviderHasNone() {
            IamConnection connection = connection().withCredentials(emptyProfile());

            IamFailure failure = catchThrowableOfType(IamFailure.class,
                    () -> AwsIamGateway.requireCredentials(connection));

            assertThat(failure.kind()).isEqualTo(Kind.CREDENTIALS);
            assertThat(failure.action()).isEqualTo("ResolveCredentials");
            assertThat(failure.getMessage()).isEqualTo("ResolveCredentials failed: CREDENTIALS");
            // The SDK's explanation of where it looked stays available as the cause.
            assertThat(failure).rootCause().hasMessageContaining("mfa-enroll-test");
        }

        @Test
        void passesWithTheLocalEndpointsDummyCredentials() {
            IamConnection connection = connection();

            assertThatCode(() -> AwsIamGateway.requireCredentials(connection)).doesNotThrowAnyException();
        }
    }

    @Nested
    class CallsWithoutCredentials {

        @Test
        void failWithCredentialsBeforeAnythingIsSent() {
            try (AwsIamGateway withoutCredentials =
                         AwsIamGateway.connect(connection().withCredentials(emptyProfile()))) {

                IamFailure failure = catchThrowableOfType(IamFailure.class, () -> withoutCredentials.getUser("alice"));

                assertThat(failure.kind()).isEqualTo(Kind.CREDENTIALS);
                assertThat(failure.awsErrorCode()).isNull();
                wiremock.verify(0, anyRequestedFor(anyUrl()));
            }
        }
    }

    @Nested
    class CredentialsIamRejects {

        @ParameterizedTest
        @ValueSource(strings = {"InvalidClientTokenId", "SignatureDoesNotMatch", "ExpiredToken"})
        void areCredentialsFailuresWithIamsCode(String code) {
            wiremock.stubFor(action("GetUser").willReturn(error(403, code, "req-" + code)));

            IamFailure failure = catchThrowableOfType(IamFailure.class, () -> gateway.getUser("alice"));

            assertThat(failure.kind()).isEqualTo(Kind.CREDENTIALS);
            assertThat(failure.awsErrorCode()).isEqualTo(code);
            assertThat(failure.awsRequestId()).isEqualTo("req-" + code);
        }
    }
}
