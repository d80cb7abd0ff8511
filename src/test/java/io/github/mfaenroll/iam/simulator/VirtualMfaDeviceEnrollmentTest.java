package io.github.mfaenroll.iam.simulator;

import static io.github.mfaenroll.iam.simulator.SimulatorFixture.errorCode;
import static io.github.mfaenroll.iam.simulator.SimulatorFixture.iamError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.client.j2se.BufferedImageLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import java.io.ByteArrayInputStream;
import java.time.Duration;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.iam.model.IamException;
import software.amazon.awssdk.services.iam.model.MFADevice;
import software.amazon.awssdk.services.iam.model.Tag;
import software.amazon.awssdk.services.iam.model.VirtualMFADevice;

/** CreateVirtualMFADevice and EnableMFADevice, driven by the real SDK client. */
class VirtualMfaDeviceEnrollmentTest {

    @RegisterExtension
    final SimulatorFixture fixture = SimulatorFixture.withUsers("alice", "bob");


    @Nested
    class CreatingAVirtualDevice {

        @Test
        void returnsTheSerialArnAndTheBase32SeedThroughTheSdksBase64Layer() {
            VirtualMFADevice device = fixture.iam.createVirtualMFADevice(r -> r.virtualMFADeviceName("alice-phone"))
                    .virtualMFADevice();

            assertThat(device.serialNumber()).isEqualTo("arn:aws:iam::123456789012:mfa/alice-phone");
            assertThat(device.base32StringSeed().asUtf8String())
                    .matches("[A-Z2-7]{64}")
                    .isEqualTo(fixture.simulator.seedOf(device.serialNumber()).orElseThrow());
            assertThat(fixture.simulator.virtualDeviceExists(device.serialNumber())).isTrue();
            assertThat(fixture.simulator.deviceOwner(device.serialNumber())).isEmpty();
        }

        @Test
        void returnsAQrCodePngOfTheOtpauthUriWithTheSameSeed() throws Exception {
            VirtualMFADevice device = fixture.iam.createVirtualMFADevice(r -> r.virtualMFADeviceName("alice-phone"))
                    .virtualMFADevice();

            var image = ImageIO.read(new ByteArrayInputStream(device.qrCodePNG().asByteArray()));
            String text = new QRCodeReader().decode(
                    new BinaryBitmap(new HybridBinarizer(new BufferedImageLuminanceSource(image)))).getText();
            assertThat(text).startsWith("otpauth://totp/")
                    .endsWith("?secret=" + device.base32StringSeed().asUtf8String());
        }

        @Test
        void placesTheDeviceUnderTheGivenPathAndEchoesItsTags() {
            VirtualMFADevice device = fixture.iam.createVirtualMFADevice(r -> r.virtualMFADeviceName("alice-phone")
                    .path("/enroll/").tags(Tag.builder().key("created-by").value("mfa-enroll").build()))
                    .virtualMFADevice();

            assertThat(device.serialNumber()).isEqualTo("arn:aws:iam::123456789012:mfa/enroll/alice-phone");
            assertThat(device.tags()).extracting(Tag::key, Tag::value)
                    .containsExactly(tuple("created-by", "mfa-enroll"));
        }

        @Test
        void refusesASecondDeviceWithTheSameNameIgnoringCase() {
            fixture.createDevice("alice-phone");

            IamException e = iamError(() -> fixture.createDevice("ALICE-phone"));

            assertThat(errorCode(e)).isEqualTo("EntityAlreadyExists");
            assertThat(e.statusCode()).isEqualTo(409);
            assertThat(fixture.simulator.virtualDeviceSerials()).hasSize(1);
        }

        @ParameterizedTest
        @ValueSource(strings = {"", "has space", "slash/name", "émile"})
        void refusesNamesOutsideIamsCharacterSet(String name) {
            IamException e = iamError(() -> fixture.createDevice(name));

            assertThat(errorCode(e)).isEqualTo("ValidationError");
            assertThat(e.statusCode()).isEqualTo(400);
            assertThat(fixture.simulator.virtualDeviceSerials()).isEmpty();
        }

        @Test
        void acceptsTheLongestNameAndRefusesOneCharacterMore() {
            String longest = "d".repeat(226);

            String serial = fixture.createDevice(longest);
            IamException e = iamError(() -> fixture.createDevice("e".repeat(227)));

            assertThat(serial).endsWith(":mfa/" + longest);
            assertThat(errorCode(e)).isEqualTo("ValidationError");
        }
    }

    @Nested
    class EnablingADevice {

        @Test
        void bindsTheDeviceWhenGivenTwoConsecutiveCurrentCodes() {
            String serial = fixture.createDevice("alice-phone");
            String[] codes = fixture.app(serial).consecutiveCodesEndingAt(fixture.clock.instant());

            fixture.enable("alice", serial, codes[0], codes[1]);

            assertThat(fixture.iam.listMFADevices(r -> r.userName("alice")).mfaDevices())
                    .extracting(MFADevice::userName, MFADevice::serialNumber, MFADevice::enableDate)
                    .containsExactly(tuple("alice", serial, SimulatorFixture.START));
            assertThat(fixture.simulator.deviceOwner(serial)).contains("alice");
        }

        @Test
        void stillBindsCodesSubmittedFourMinutesLateAsIamDoes() {
            String serial = fixture.createDevice("alice-phone");
            String[] codes = fixture.app(serial).consecutiveCodesEndingAt(fixture.clock.instant());
            fixture.clock.advance(Duration.ofMinutes(4));

            fixture.enable("alice", serial, codes[0], codes[1]);

            assertThat(fixture.simulator.assignedSerials("alice")).containsExactly(serial);
        }

        @Test
        void rejectsCodesSixMinutesOld() {
            String serial = fixture.createDevice("alice-phone");
            String[] codes = fixture.app(serial).consecutiveCodesEndingAt(fixture.clock.instant());
            fixture.clock.advance(Duration.ofMinutes(6));

            IamException e = iamError(() -> fixture.enable("alice", serial, codes[0], codes[1]));

            assertThat(errorCode(e)).isEqualTo("InvalidAuthenticationCode");
            assertThat(e.statusCode()).isEqualTo(403);
            assertThat(fixture.simulator.deviceOwner(serial)).isEmpty();
        }

        @Test
        void rejectsCodesInTheWrongOrder() {
            String serial = fixture.createDevice("alice-phone");
            String[] codes = fixture.app(serial).consecutiveCodesEndingAt(fixture.clock.instant());

            IamException e = iamError(() -> fixture.enable("alice", serial, codes[1], codes[0]));

            assertThat(errorCode(e)).isEqualTo("InvalidAuthenticationCode");
        }

        @Test
        void rejectsCodesFromAnotherDevicesSeed() {
            String serial = fixture.createDevice("alice-phone");
            String other = fixture.createDevice("alice-tablet");
            String[] codes = fixture.app(other).consecutiveCodesEndingAt(fixture.clock.instant());

            IamException e = iamError(() -> fixture.enable("alice", serial, codes[0], codes[1]));

            assertThat(errorCode(e)).isEqualTo("InvalidAuthenticationCode");
            assertThat(e.awsErrorDetails().errorMessage()).doesNotContain(codes[0]).doesNotContain(codes[1]);
        }

        @Test
        void refusesCodesThatAreNotSixDigitsWithoutEchoingThem() {
            String serial = fixture.createDevice("alice-phone");

            IamException e = iamError(() -> fixture.enable("alice", serial, "98765", "1234567"));

            assertThat(errorCode(e)).isEqualTo("ValidationError");
            assertThat(e.awsErrorDetails().errorMessage()).contains("authenticationCode1").doesNotContain("98765");
        }

        @Test
        void reportsAnUnknownUserOrDeviceAsNoSuchEntity() {
            String serial = fixture.createDevice("alice-phone");
            String[] codes = fixture.app(serial).consecutiveCodesEndingAt(fixture.clock.instant());

            IamException unknownUser = iamError(() -> fixture.enable("mallory", serial, codes[0], codes[1]));
            IamException unknownDevice = iamError(() -> fixture.enable("alice", serial + "-gone", codes[0], codes[1]));

            assertThat(errorCode(unknownUser)).isEqualTo("NoSuchEntity");
            assertThat(unknownUser.statusCode()).isEqualTo(404);
            assertThat(errorCode(unknownDevice)).isEqualTo("NoSuchEntity");
        }

        @Test
        void refusesADeviceAlreadyBoundToSomeone() {
            String serial = fixture.enabledDevice("alice", "alice-phone");

            IamException e = iamError(() -> fixture.enable("bob", serial));

            assertThat(errorCode(e)).isEqualTo("EntityAlreadyExists");
            assertThat(e.statusCode()).isEqualTo(409);
            assertThat(fixture.simulator.deviceOwner(serial)).contains("alice");
        }

        @Test
        void refusesANinthDeviceForOneUser() {
            for (int i = 1; i <= 8; i++) {
                fixture.enabledDevice("alice", "alice-" + i);
            }
            String ninth = fixture.createDevice("alice-9");

            IamException e = iamError(() -> fixture.enable("alice", ninth));

            assertThat(errorCode(e)).isEqualTo("LimitExceeded");
            assertThat(e.statusCode()).isEqualTo(409);
            assertThat(fixture.simulator.assignedSerials("alice")).hasSize(8).doesNotContain(ninth);
        }
    }
}
