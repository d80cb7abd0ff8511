package io.github.mfaenroll.iam.simulator;

import static io.github.mfaenroll.iam.simulator.SimulatorFixture.errorCode;
import static io.github.mfaenroll.iam.simulator.SimulatorFixture.iamError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.iam.model.IamException;
import software.amazon.awssdk.services.iam.model.MFADevice;

/**
 * Hardware TOTP tokens (registered by serial, bound with EnableMFADevice, listed by their plain serial) and
 * DeleteLoginProfile, driven by the real SDK client.
 */
class HardwareTokenAndLoginProfileTest {

    private static final String SERIAL = "GAHT12345678";
    private static final String SEED = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";

    @RegisterExtension
    final SimulatorFixture fixture = SimulatorFixture.withUsers("alice", "bob");

    @BeforeEach
    void start() {
        fixture.simulator.registerHardwareToken(SERIAL, SEED);
    }

    private void enable(String userName, String serial, String[] codes) {
        fixture.iam.enableMFADevice(r -> r.userName(userName).serialNumber(serial)
                .authenticationCode1(codes[0]).authenticationCode2(codes[1]));
    }

    private String[] tokenCodes() {
        return new AuthenticatorApp(SEED).consecutiveCodesEndingAt(fixture.clock.instant());
    }

    @Nested
    class HardwareTokens {

        @Test
        void enableWithTwoCodesFromTheTokenBindsItAndListsItsPlainSerial() {

            enable("alice", SERIAL, tokenCodes());

            assertThat(fixture.iam.listMFADevices(r -> r.userName("alice")).mfaDevices())
                    .extracting(MFADevice::serialNumber).containsExactly(SERIAL);
        }

        @Test
        void wrongCodesAreInvalidAuthenticationCode() {

            IamException e = iamError(() -> enable("alice", SERIAL, new String[] {"123456", "654321"}));

            assertThat(errorCode(e)).isEqualTo("InvalidAuthenticationCode");
            assertThat(fixture.simulator.assignedSerials("alice")).isEmpty();
        }

        @Test
        void anUnknownSerialIsNoSuchEntity() {

            IamException e = iamError(() -> enable("alice", "GAHT99999999", tokenCodes()));

            assertThat(errorCode(e)).isEqualTo("NoSuchEntity");
            assertThat(e.statusCode()).isEqualTo(404);
        }

        @Test
        void aTokenAssignedToSomeoneIsEntityAlreadyExists() {
            enable("alice", SERIAL, tokenCodes());

            IamException e = iamError(() -> enable("bob", SERIAL, tokenCodes()));

            assertThat(errorCode(e)).isEqualTo("EntityAlreadyExists");
            assertThat(fixture.simulator.assignedSerials("bob")).isEmpty();
        }

        @Test
        void deactivatingLeavesTheTokenRegisteredForTheNextUser() {
            enable("alice", SERIAL, tokenCodes());
            fixture.iam.deactivateMFADevice(r -> r.userName("alice").serialNumber(SERIAL));
            fixture.clock.advance(java.time.Duration.ofSeconds(60));

            enable("bob", SERIAL, tokenCodes());

            assertThat(fixture.simulator.assignedSerials("bob")).containsExactly(SERIAL);
            assertThat(fixture.simulator.virtualDeviceSerials()).doesNotContain(SERIAL);
        }

        @Test
        void isNotAVirtualDeviceToDelete() {

            IamException e = iamError(() -> fixture.iam.deleteVirtualMFADevice(r -> r.serialNumber(SERIAL)));

            assertThat(errorCode(e)).isEqualTo("NoSuchEntity");
        }

        @Test
        void aSerialIamWouldRefuseCannotBeRegistered() {

            assertThatThrownBy(() -> fixture.simulator.registerHardwareToken("short", SEED))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Nested
    class DeleteLoginProfile {

        @Test
        void removesTheConsolePassword() {

            fixture.iam.deleteLoginProfile(r -> r.userName("bob"));

            IamException e = iamError(() -> fixture.iam.getLoginProfile(r -> r.userName("bob")));
            assertThat(errorCode(e)).isEqualTo("NoSuchEntity");
        }

        @Test
        void aUserWithoutOneIsNoSuchEntity() {
            fixture.simulator.addUser("dave", false, Map.of());

            IamException e = iamError(() -> fixture.iam.deleteLoginProfile(r -> r.userName("dave")));

            assertThat(errorCode(e)).isEqualTo("NoSuchEntity");
            assertThat(e.statusCode()).isEqualTo(404);
        }
    }
}
