package io.github.mfaenroll.iam.simulator;

import static io.github.mfaenroll.iam.simulator.SimulatorFixture.errorCode;
import static io.github.mfaenroll.iam.simulator.SimulatorFixture.iamError;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.iam.model.AssignmentStatusType;
import software.amazon.awssdk.services.iam.model.IamException;
import software.amazon.awssdk.services.iam.model.ListVirtualMfaDevicesResponse;
import software.amazon.awssdk.services.iam.model.MFADevice;
import software.amazon.awssdk.services.iam.model.VirtualMFADevice;

/** Deactivate, delete, resync and the two listings, driven by the real SDK client. */
class VirtualMfaDeviceManagementTest {

    @RegisterExtension
    final SimulatorFixture fixture = SimulatorFixture.withUsers("alice", "bob");


    @Nested
    class DeactivatingAndDeleting {

        @Test
        void deletingAnAssignedDeviceIsADeleteConflictAndKeepsIt() {
            String serial = fixture.enabledDevice("alice", "alice-phone");

            IamException e = iamError(() -> fixture.iam.deleteVirtualMFADevice(r -> r.serialNumber(serial)));

            assertThat(errorCode(e)).isEqualTo("DeleteConflict");
            assertThat(e.statusCode()).isEqualTo(409);
            assertThat(fixture.simulator.deviceOwner(serial)).contains("alice");
        }

        @Test
        void deactivatingThenDeletingRemovesTheDevice() {
            String serial = fixture.enabledDevice("alice", "alice-phone");

            fixture.iam.deactivateMFADevice(r -> r.userName("alice").serialNumber(serial));
            boolean existsAfterDeactivate = fixture.simulator.virtualDeviceExists(serial);
            fixture.iam.deleteVirtualMFADevice(r -> r.serialNumber(serial));

            assertThat(existsAfterDeactivate).isTrue();
            assertThat(fixture.simulator.virtualDeviceExists(serial)).isFalse();
            assertThat(fixture.iam.listMFADevices(r -> r.userName("alice")).mfaDevices()).isEmpty();
        }

        @Test
        void deactivatingAnotherUsersDeviceIsNoSuchEntity() {
            String serial = fixture.enabledDevice("alice", "alice-phone");

            IamException e = iamError(() -> fixture.iam.deactivateMFADevice(r -> r.userName("bob").serialNumber(serial)));

            assertThat(errorCode(e)).isEqualTo("NoSuchEntity");
            assertThat(fixture.simulator.deviceOwner(serial)).contains("alice");
        }

        @Test
        void deletingAnUnknownDeviceIsNoSuchEntity() {
            IamException e = iamError(() -> fixture.iam.deleteVirtualMFADevice(
                    r -> r.serialNumber("arn:aws:iam::123456789012:mfa/nobody")));

            assertThat(errorCode(e)).isEqualTo("NoSuchEntity");
            assertThat(e.statusCode()).isEqualTo(404);
        }
    }

    @Nested
    class Resyncing {

        /** ResyncMFADevice with the two consecutive codes the device's app shows at {@code codesEndingAt}. */
        private void resync(String userName, String serial, Instant codesEndingAt) {
            String[] codes = fixture.app(serial).consecutiveCodesEndingAt(codesEndingAt);
            fixture.iam.resyncMFADevice(r -> r.userName(userName).serialNumber(serial)
                    .authenticationCode1(codes[0]).authenticationCode2(codes[1]));
        }

        @Test
        void acceptsTwoConsecutiveCodesFromAClockThreeMinutesFast() {
            String serial = fixture.enabledDevice("alice", "alice-phone");

            resync("alice", serial, fixture.clock.instant().plus(Duration.ofMinutes(3)));

            assertThat(fixture.simulator.requestCount("ResyncMFADevice")).isEqualTo(1);
        }

        @Test
        void rejectsCodesTwentyMinutesOff() {
            String serial = fixture.enabledDevice("alice", "alice-phone");
            Instant twentyMinutesAgo = fixture.clock.instant().minus(Duration.ofMinutes(20));

            IamException e = iamError(() -> resync("alice", serial, twentyMinutesAgo));

            assertThat(errorCode(e)).isEqualTo("InvalidAuthenticationCode");
            assertThat(e.statusCode()).isEqualTo(403);
        }

        @Test
        void aDeviceThatIsNotTheUsersIsNoSuchEntity() {
            String serial = fixture.enabledDevice("alice", "alice-phone");

            IamException e = iamError(() -> resync("bob", serial, fixture.clock.instant()));

            assertThat(errorCode(e)).isEqualTo("NoSuchEntity");
        }
    }

    @Nested
    class Listing {

        @Test
        void virtualDevicesFilterByAssignmentAndNameTheUserOfAssignedOnes() {
            String assigned = fixture.createDevice("alice-phone");
            String unassigned = fixture.createDevice("left-over");
            fixture.enable("alice", assigned);

            List<VirtualMFADevice> onlyAssigned = fixture.iam.listVirtualMFADevices(
                    r -> r.assignmentStatus(AssignmentStatusType.ASSIGNED)).virtualMFADevices();
            List<VirtualMFADevice> onlyUnassigned = fixture.iam.listVirtualMFADevices(
                    r -> r.assignmentStatus(AssignmentStatusType.UNASSIGNED)).virtualMFADevices();
            List<VirtualMFADevice> any = fixture.iam.listVirtualMFADevices(r -> { }).virtualMFADevices();

            assertThat(onlyAssigned).singleElement().satisfies(device -> {
                assertThat(device.serialNumber()).isEqualTo(assigned);
                assertThat(device.user().userName()).isEqualTo("alice");
                assertThat(device.user().arn()).isEqualTo("arn:aws:iam::123456789012:user/alice");
                assertThat(device.user().userId()).matches("AIDA[A-Z2-7]{17}");
                assertThat(device.enableDate()).isNotNull();
                assertThat(device.base32StringSeed()).isNull();
            });
            assertThat(onlyUnassigned).singleElement().satisfies(device -> {
                assertThat(device.serialNumber()).isEqualTo(unassigned);
                assertThat(device.user()).isNull();
                assertThat(device.enableDate()).isNull();
            });
            assertThat(any).extracting(VirtualMFADevice::serialNumber).containsExactlyInAnyOrder(assigned, unassigned);
        }

        @Test
        void virtualDevicesPaginateTwoAtATimeOverFive() {
            for (int i = 1; i <= 5; i++) {
                fixture.createDevice("device-" + i);
            }

            List<ListVirtualMfaDevicesResponse> pages = fixture.iam
                    .listVirtualMFADevicesPaginator(r -> r.maxItems(2)).stream().toList();

            assertThat(pages).extracting(page -> page.virtualMFADevices().size()).containsExactly(2, 2, 1);
            assertThat(pages).extracting(ListVirtualMfaDevicesResponse::isTruncated).containsExactly(true, true, false);
            assertThat(pages.stream().flatMap(page -> page.virtualMFADevices().stream()))
                    .extracting(VirtualMFADevice::serialNumber)
                    .containsExactlyInAnyOrderElementsOf(fixture.simulator.virtualDeviceSerials());
            assertThat(fixture.simulator.requestCount("ListVirtualMFADevices")).isEqualTo(3);
        }

        @Test
        void mfaDevicesOfAUserPaginateTwoAtATimeOverFive() {
            for (int i = 1; i <= 5; i++) {
                fixture.enabledDevice("alice", "alice-" + i);
            }

            List<MFADevice> devices = fixture.iam.listMFADevicesPaginator(r -> r.userName("alice").maxItems(2))
                    .mfaDevices().stream().toList();

            assertThat(devices).extracting(MFADevice::serialNumber)
                    .containsExactlyInAnyOrderElementsOf(fixture.simulator.assignedSerials("alice"))
                    .hasSize(5)
                    .doesNotHaveDuplicates();
            assertThat(fixture.simulator.requestCount("ListMFADevices")).isEqualTo(3);
        }

        @Test
        void aPageBoundaryStaysRightWhenADeviceIsDeletedBetweenPages() {
            for (int i = 1; i <= 4; i++) {
                fixture.createDevice("device-" + i);
            }
            ListVirtualMfaDevicesResponse first = fixture.iam.listVirtualMFADevices(r -> r.maxItems(2));
            fixture.iam.deleteVirtualMFADevice(r -> r.serialNumber(first.virtualMFADevices().get(0).serialNumber()));

            ListVirtualMfaDevicesResponse second = fixture.iam.listVirtualMFADevices(
                    r -> r.maxItems(2).marker(first.marker()));

            assertThat(second.virtualMFADevices()).extracting(VirtualMFADevice::serialNumber)
                    .containsExactly("arn:aws:iam::123456789012:mfa/device-3", "arn:aws:iam::123456789012:mfa/device-4");
            assertThat(second.isTruncated()).isFalse();
        }

        @Test
        void listingTheDevicesOfAnUnknownUserIsNoSuchEntity() {
            IamException e = iamError(() -> fixture.iam.listMFADevices(r -> r.userName("mallory")));

            assertThat(errorCode(e)).isEqualTo("NoSuchEntity");
        }
    }
}
