package io.github.mfaenroll.iam;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.notContaining;
import static io.github.mfaenroll.iam.IamWire.action;
import static io.github.mfaenroll.iam.IamWire.base64;
import static io.github.mfaenroll.iam.IamWire.error;
import static io.github.mfaenroll.iam.IamWire.ok;
import static io.github.mfaenroll.iam.IamWire.param;
import static io.github.mfaenroll.iam.IamWire.requested;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.github.mfaenroll.iam.IamFailure.Kind;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Creating, resyncing, deactivating and deleting devices, and the credential report. */
class AwsIamGatewayWritesTest extends WireMockIamTest {

    private static final String SERIAL = "arn:aws:iam::123456789012:mfa/alice-phone";
    private static final String SEED = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";

    @Nested
    class CreateVirtualMfaDevice {

        @Test
        void returnsTheSerialAndTheBase32SeedText() {
            // On the wire the seed is base64 of the base32 text; the SDK removes only the base64 layer. A stub with raw
            // base32 in the element would parse without error into garbage.
            wiremock.stubFor(action("CreateVirtualMFADevice").willReturn(ok("CreateVirtualMFADevice",
                    "<VirtualMFADevice><SerialNumber>" + SERIAL + "</SerialNumber>"
                            + "<Base32StringSeed>" + base64(SEED) + "</Base32StringSeed>"
                            + "<QRCodePNG>" + base64("not really a png") + "</QRCodePNG></VirtualMFADevice>")));

            CreatedVirtualMfaDevice created = gateway.createVirtualMfaDevice("alice-phone", Map.of());

            assertThat(created.serialNumber()).isEqualTo(SERIAL);
            assertThat(created.base32Seed()).isEqualTo(SEED);
            assertThat(created.toString()).doesNotContain(SEED);
        }

        @Test
        void sendsTheNameRootPathAndTags() {
            wiremock.stubFor(action("CreateVirtualMFADevice").willReturn(ok("CreateVirtualMFADevice",
                    "<VirtualMFADevice><SerialNumber>" + SERIAL + "</SerialNumber>"
                            + "<Base32StringSeed>" + base64(SEED) + "</Base32StringSeed></VirtualMFADevice>")));
            Map<String, String> tags = new LinkedHashMap<>();
            tags.put("created-by", "mfa-enroll");
            tags.put("enrollment", "e-42");

            gateway.createVirtualMfaDevice("alice-phone", tags);

            wiremock.verify(1, requested("CreateVirtualMFADevice")
                    .withRequestBody(containing(param("VirtualMFADeviceName", "alice-phone")))
                    .withRequestBody(containing(param("Path", "/")))
                    .withRequestBody(containing("Tags.member.1.Key=created-by&Tags.member.1.Value=mfa-enroll"))
                    .withRequestBody(containing("Tags.member.2.Key=enrollment&Tags.member.2.Value=e-42")));
        }

        @Test
        void sendsNoTagsParameterWithoutTags() {
            wiremock.stubFor(action("CreateVirtualMFADevice").willReturn(ok("CreateVirtualMFADevice",
                    "<VirtualMFADevice><SerialNumber>" + SERIAL + "</SerialNumber>"
                            + "<Base32StringSeed>" + base64(SEED) + "</Base32StringSeed></VirtualMFADevice>")));

            gateway.createVirtualMfaDevice("alice-phone", Map.of());

            wiremock.verify(1, requested("CreateVirtualMFADevice").withRequestBody(notContaining("Tags")));
        }

        @Test
        void takenNameIsEntityAlreadyExists() {
            wiremock.stubFor(action("CreateVirtualMFADevice").willReturn(error(409, "EntityAlreadyExists", "req-eae")));

            IamFailure failure = catchThrowableOfType(IamFailure.class,
                    () -> gateway.createVirtualMfaDevice("alice-phone", Map.of()));

            assertThat(failure).extracting(IamFailure::kind, IamFailure::awsErrorCode, IamFailure::awsRequestId)
                    .containsExactly(Kind.ENTITY_ALREADY_EXISTS, "EntityAlreadyExists", "req-eae");
        }

        @Test
        void tooManyDevicesIsLimitExceeded() {
            wiremock.stubFor(action("CreateVirtualMFADevice").willReturn(error(409, "LimitExceeded", "req-le")));

            IamFailure failure = catchThrowableOfType(IamFailure.class,
                    () -> gateway.createVirtualMfaDevice("alice-phone", Map.of()));

            assertThat(failure.kind()).isEqualTo(Kind.LIMIT_EXCEEDED);
            assertThat(failure.awsRequestId()).isEqualTo("req-le");
        }
    }

    @Nested
    class ResyncMfaDevice {

        @Test
        void sendsUserSerialAndBothCodes() {
            wiremock.stubFor(action("ResyncMFADevice").willReturn(ok("ResyncMFADevice", null)));

            gateway.resyncMfaDevice("alice", SERIAL, "123456", "654321");

            wiremock.verify(1, requested("ResyncMFADevice")
                    .withRequestBody(containing(param("UserName", "alice")))
                    .withRequestBody(containing(param("SerialNumber", SERIAL)))
                    .withRequestBody(containing("AuthenticationCode1=123456"))
                    .withRequestBody(containing("AuthenticationCode2=654321")));
        }

        @Test
        void isSentOnceEvenWhenThrottled() {
            wiremock.stubFor(action("ResyncMFADevice").willReturn(error(400, "Throttling", "req-thr")));

            IamFailure failure = catchThrowableOfType(IamFailure.class,
                    () -> gateway.resyncMfaDevice("alice", SERIAL, "123456", "654321"));

            assertThat(failure.kind()).isEqualTo(Kind.THROTTLED);
            wiremock.verify(1, requested("ResyncMFADevice"));
        }

        @Test
        void wrongCodesAreInvalidAuthenticationCode() {
            wiremock.stubFor(action("ResyncMFADevice").willReturn(error(403, "InvalidAuthenticationCode", "req-iac")));

            IamFailure failure = catchThrowableOfType(IamFailure.class,
                    () -> gateway.resyncMfaDevice("alice", SERIAL, "123456", "654321"));

            assertThat(failure.kind()).isEqualTo(Kind.INVALID_AUTHENTICATION_CODE);
            assertThat(failure.awsErrorCode()).isEqualTo("InvalidAuthenticationCode");
            assertThat(failure.getMessage()).doesNotContain("123456", "654321");
        }
    }

    @Nested
    class DeactivateMfaDevice {

        @Test
        void sendsUserAndSerial() {
            wiremock.stubFor(action("DeactivateMFADevice").willReturn(ok("DeactivateMFADevice", null)));

            gateway.deactivateMfaDevice("alice", SERIAL);

            wiremock.verify(1, requested("DeactivateMFADevice")
                    .withRequestBody(containing(param("UserName", "alice")))
                    .withRequestBody(containing(param("SerialNumber", SERIAL))));
        }

        @Test
        void deviceNotOnTheUserIsNoSuchEntity() {
            wiremock.stubFor(action("DeactivateMFADevice").willReturn(error(404, "NoSuchEntity", "req-deact")));

            IamFailure failure = catchThrowableOfType(IamFailure.class,
                    () -> gateway.deactivateMfaDevice("alice", SERIAL));

            assertThat(failure.kind()).isEqualTo(Kind.NO_SUCH_ENTITY);
        }
    }

    @Nested
    class DeleteVirtualMfaDevice {

        @Test
        void sendsTheSerial() {
            wiremock.stubFor(action("DeleteVirtualMFADevice").willReturn(ok("DeleteVirtualMFADevice", null)));

            gateway.deleteVirtualMfaDevice(SERIAL);

            wiremock.verify(1, requested("DeleteVirtualMFADevice")
                    .withRequestBody(containing(param("SerialNumber", SERIAL))));
        }

        @Test
        void stillAssignedDeviceIsDeleteConflict() {
            wiremock.stubFor(action("DeleteVirtualMFADevice").willReturn(error(409, "DeleteConflict", "req-dc")));

            IamFailure failure = catchThrowableOfType(IamFailure.class, () -> gateway.deleteVirtualMfaDevice(SERIAL));

            assertThat(failure).extracting(IamFailure::kind, IamFailure::awsErrorCode, IamFailure::awsRequestId)
                    .containsExactly(Kind.DELETE_CONFLICT, "DeleteConflict", "req-dc");
        }
    }

    @Nested
    class DeleteLoginProfile {

        @Test
        void sendsTheUserName() {
            wiremock.stubFor(action("DeleteLoginProfile").willReturn(ok("DeleteLoginProfile", null)));

            gateway.deleteLoginProfile("bob");

            wiremock.verify(1, requested("DeleteLoginProfile").withRequestBody(containing(param("UserName", "bob"))));
        }

        @Test
        void aUserWithoutAConsolePasswordIsNoSuchEntity() {
            wiremock.stubFor(action("DeleteLoginProfile").willReturn(error(404, "NoSuchEntity", "req-nolp")));

            IamFailure failure = catchThrowableOfType(IamFailure.class, () -> gateway.deleteLoginProfile("bob"));

            assertThat(failure.kind()).isEqualTo(Kind.NO_SUCH_ENTITY);
            assertThat(failure.awsRequestId()).isEqualTo("req-nolp");
        }

        @Test
        void aServiceFailureIsRetriedLikeTheOtherDeletes() {
            wiremock.stubFor(action("DeleteLoginProfile").willReturn(error(500, "ServiceFailure", "req-sf")));

            IamFailure failure = catchThrowableOfType(IamFailure.class, () -> gateway.deleteLoginProfile("bob"));

            assertThat(failure.kind()).isEqualTo(Kind.SERVICE_FAILURE);
            assertThat(wiremock.findAll(requested("DeleteLoginProfile"))).hasSizeGreaterThan(1);
        }
    }

    @Nested
    class CredentialReport {

        @ParameterizedTest(name = "{0}: {1}")
        @CsvSource({"COMPLETE, true", "STARTED, false", "INPROGRESS, false"})
        void generateIsTrueOnlyOnceIamSaysTheReportIsComplete(String state, boolean expected) {
            wiremock.stubFor(action("GenerateCredentialReport").willReturn(ok("GenerateCredentialReport", "<State>"
                    + state + "</State><Description>No report exists. Starting a new report.</Description>")));

            boolean complete = gateway.generateCredentialReport();

            assertThat(complete).isEqualTo(expected);
        }

        @Test
        void getReturnsTheDecodedCsvWithTheTimeIamGeneratedIt() {
            String csv = "user,arn,user_creation_time,password_enabled,mfa_active\n"
                    + "<root_account>,arn:aws:iam::123456789012:root,2020-01-01T00:00:00+00:00,not_supported,true\n"
                    + "alice,arn:aws:iam::123456789012:user/alice,2024-01-15T09:30:00+00:00,true,false\n";
            wiremock.stubFor(action("GetCredentialReport").willReturn(ok("GetCredentialReport",
                    "<Content>" + base64(csv) + "</Content><ReportFormat>text/csv</ReportFormat>"
                            + "<GeneratedTime>2024-05-01T12:00:00Z</GeneratedTime>")));

            Optional<CredentialReportContent> report = gateway.getCredentialReport();

            assertThat(report).contains(new CredentialReportContent(csv, Instant.parse("2024-05-01T12:00:00Z")));
            assertThat(report.orElseThrow().toString()).doesNotContain("alice");
        }

        @ParameterizedTest
        @CsvSource({"410,ReportNotPresent", "404,ReportInProgress", "410,ReportExpired"})
        void getIsEmptyWhenIamHasNoReportToHandOut(int status, String code) {
            wiremock.stubFor(action("GetCredentialReport").willReturn(error(status, code, "req-report")));

            Optional<CredentialReportContent> report = gateway.getCredentialReport();

            assertThat(report).isEmpty();
        }

        @Test
        void getFailsTypedWhenAccessIsDenied() {
            wiremock.stubFor(action("GetCredentialReport").willReturn(error(403, "AccessDenied", "req-denied")));

            IamFailure failure = catchThrowableOfType(IamFailure.class, () -> gateway.getCredentialReport());

            assertThat(failure.kind()).isEqualTo(Kind.ACCESS_DENIED);
            assertThat(failure.awsRequestId()).isEqualTo("req-denied");
        }
    }
}
