package io.github.mfaenroll.helpdesk;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.mfaenroll.audit.AuditAction;
import io.github.mfaenroll.audit.AuditEntry;
import io.github.mfaenroll.audit.AuditEntry.Outcome;
import io.github.mfaenroll.testing.HttpWizard;
import io.github.mfaenroll.testing.Authenticator;
import io.github.mfaenroll.testing.Browser;
import io.github.mfaenroll.testing.Browser.Page;
import io.github.mfaenroll.testing.Mailbox;
import io.github.mfaenroll.testing.ReceivedMail;
import io.github.mfaenroll.testing.Staff;
import io.github.mfaenroll.testing.TestAppExtension;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Resetting a lost device and assigning a hardware token from the user page, with mail to a real SMTP server. */
class DeviceActionsTest {

    private static final String SEED = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";
    private static final AtomicInteger NEXT = new AtomicInteger();

    @RegisterExtension
    static final Mailbox mailbox = Mailbox.onLoopback();

    @RegisterExtension
    static final TestAppExtension app = TestAppExtension.withEnv(() -> mailbox.appSettings());

    /** A user with a console password and an email tag, and no device yet. */
    private String newUser() {
        return app.newUser("dev", true, true);
    }

    /** A user who enrolled a phone through the app's own wizard (so the device is in the app's ledger). */
    private String enrolledThroughTheApp(String name) {
        HttpWizard.enroll(app.signedInAs(name), app.clock());
        List<String> serials = app.simulator().assignedSerials(name);
        assertThat(serials).as("enrolled through the wizard").hasSize(1);
        return serials.get(0);
    }

    private List<ReceivedMail> removalNotices(String name) {
        return mailbox.to(name + "@example.com").stream()
                .filter(mail -> mail.subject().startsWith("An MFA device was removed")).toList();
    }

    /** A hardware token registered with AWS (in the simulator) and not assigned yet; returns its serial. */
    private String newToken() {
        String serial = String.format("GAHT%08d", NEXT.incrementAndGet());
        app.simulator().registerHardwareToken(serial, SEED);
        return serial;
    }

    private Browser staffOn(String name) {
        return Staff.helpdeskOnUserPage(app.get(), "hanna", name);
    }

    private List<AuditEntry> audit(String name) {
        return app.components().audit().forSubject(name, 50);
    }

    private AuditEntry only(String name, AuditAction action) {
        List<AuditEntry> entries = audit(name).stream().filter(e -> e.action() == action).toList();
        assertThat(entries).hasSize(1);
        return entries.get(0);
    }

    @Nested
    class ResetALostDevice {

        @Test
        void anAuthenticatorAppEntryTheAppCreatedIsDeactivatedDeletedAndItsOwnerToldWhyAndByWhom() {
            String name = newUser();
            String serial = enrolledThroughTheApp(name);
            Browser staff = staffOn(name);

            Page answer = staff.post("/helpdesk/users/" + name + "/devices/reset",
                    Map.of("serial", serial, "reason", "Phone lost on the train", "confirm", "yes"));

            assertThat(answer.status()).isEqualTo(303);
            assertThat(app.simulator().assignedSerials(name)).isEmpty();
            assertThat(app.simulator().virtualDeviceExists(serial)).isFalse();
            assertThat(staff.get(answer.location()).body())
                    .contains("The device was switched off and deleted. The user was told by email.");
            List<ReceivedMail> mails = removalNotices(name);
            assertThat(mails).hasSize(1);
            assertThat(mails.get(0).subject()).isEqualTo("An MFA device was removed from your AWS user " + name);
            assertThat(mails.get(0).text()).contains("helpdesk:hanna").contains("Phone lost on the train")
                    .contains(serial);
            AuditEntry reset = only(name, AuditAction.DEVICE_RESET);
            assertThat(reset.actor()).isEqualTo("helpdesk:hanna");
            assertThat(reset.outcome()).isEqualTo(Outcome.SUCCESS);
            assertThat(reset.detail()).contains(serial).contains("deactivated and deleted")
                    .contains("reason: Phone lost on the train");
        }

        @Test
        void anAuthenticatorAppEntryMadeElsewhereIsOnlyDeactivatedNeverDeleted() {
            String name = newUser();
            String serial = app.simulator().addAssignedVirtualDevice(name, name + "-console-phone");

            Page answer = staffOn(name).post("/helpdesk/users/" + name + "/devices/reset",
                    Map.of("serial", serial, "reason", "Phone lost", "confirm", "yes"));

            assertThat(answer.status()).isEqualTo(303);
            assertThat(app.simulator().assignedSerials(name)).isEmpty();
            assertThat(app.simulator().virtualDeviceExists(serial)).as("not ours: never deleted").isTrue();
            assertThat(only(name, AuditAction.DEVICE_RESET).detail())
                    .contains("deactivated; not deleted because mfa-enroll did not create it");
            assertThat(removalNotices(name)).hasSize(1);
        }

        @Test
        void aHardwareTokenIsOnlyDeactivatedAndCanBeAssignedAgain() {
            String name = newUser();
            String serial = newToken();
            Authenticator token = Authenticator.fromSeed(SEED, app.clock());
            app.components().iam().enableMfaDevice(name, serial, token.code(-1), token.code(0));

            Page answer = staffOn(name).post("/helpdesk/users/" + name + "/devices/reset",
                    Map.of("serial", serial, "reason", "Token broken", "confirm", "yes"));

            assertThat(answer.status()).isEqualTo(303);
            assertThat(app.simulator().assignedSerials(name)).isEmpty();
            assertThat(app.simulator().deviceOwner(serial)).isEmpty();
            assertThat(only(name, AuditAction.DEVICE_RESET).detail()).contains("(hardware_totp) deactivated;");
            String other = newUser();
            app.components().iam().enableMfaDevice(other, serial, token.code(-1), token.code(0));
            assertThat(app.simulator().assignedSerials(other)).containsExactly(serial);
        }

        @Test
        void aDeviceThatIsNotTheUsersIsNotFoundAndStaysWhereItIs() {
            String name = newUser();
            app.simulator().addAssignedVirtualDevice(name, name + "-phone");
            String carols = app.simulator().assignedSerials("carol").get(0);

            Page answer = staffOn(name).post("/helpdesk/users/" + name + "/devices/reset",
                    Map.of("serial", carols, "reason", "Phone lost", "confirm", "yes"));

            assertThat(answer.status()).isEqualTo(404);
            assertThat(answer.body()).contains("This device is not one of the user’s MFA devices");
            assertThat(app.simulator().assignedSerials("carol")).containsExactly(carols);
            assertThat(only(name, AuditAction.DEVICE_RESET).outcome()).isEqualTo(Outcome.DENIED);
        }

        @Test
        void aReasonIsRequired() {
            String name = newUser();
            String serial = app.simulator().addAssignedVirtualDevice(name, name + "-phone");

            Page answer = staffOn(name).post("/helpdesk/users/" + name + "/devices/reset",
                    Map.of("serial", serial, "reason", "   ", "confirm", "yes"));

            assertThat(answer.status()).isEqualTo(400);
            assertThat(answer.body()).contains("Give a reason.")
                    .contains("id=\"reset-reason\" name=\"reason\" type=\"text\" class=\"text\" maxlength=\"500\" "
                            + "required aria-invalid=\"true\" aria-describedby=\"reset-error\"");
            assertThat(app.simulator().assignedSerials(name)).containsExactly(serial);
        }

        @Test
        void anUnknownUserIsNotFound() {

            Page answer = staffOn("carol").post("/helpdesk/users/ghost/devices/reset",
                    Map.of("serial", "GAHT00000000", "reason", "Lost", "confirm", "yes"));

            assertThat(answer.status()).isEqualTo(404);
            assertThat(only("ghost", AuditAction.DEVICE_RESET).outcome()).isEqualTo(Outcome.DENIED);
        }

        @Test
        void iamFailingToDeactivateChangesNothing() {
            String name = newUser();
            String serial = app.simulator().addAssignedVirtualDevice(name, name + "-phone");
            Browser staff = staffOn(name);
            app.simulator().failNext("DeactivateMFADevice", 3, 500, "ServiceFailure", "boom");

            Page answer = staff.post("/helpdesk/users/" + name + "/devices/reset",
                    Map.of("serial", serial, "reason", "Phone lost", "confirm", "yes"));

            assertThat(answer.status()).isEqualTo(503);
            assertThat(app.simulator().assignedSerials(name)).containsExactly(serial);
            AuditEntry failure = only(name, AuditAction.DEVICE_RESET);
            assertThat(failure.outcome()).isEqualTo(Outcome.FAILURE);
            assertThat(failure.detail()).contains("nothing changed");
            assertThat(answer.body()).contains(failure.reference());
            assertThat(mailbox.to(name + "@example.com")).isEmpty();
        }

        @Test
        void deleteFailingAfterTheDeactivationSaysSoAuditsItAndStillTellsTheOwner() {
            String name = newUser();
            String serial = enrolledThroughTheApp(name);
            Browser staff = staffOn(name);
            app.simulator().failNext("DeleteVirtualMFADevice", 3, 500, "ServiceFailure", "boom");

            Page answer = staff.post("/helpdesk/users/" + name + "/devices/reset",
                    Map.of("serial", serial, "reason", "Phone lost", "confirm", "yes"));

            assertThat(answer.status()).isEqualTo(502);
            assertThat(answer.body()).contains("The device was switched off").contains("deleting it failed");
            assertThat(app.simulator().assignedSerials(name)).isEmpty();
            assertThat(app.simulator().virtualDeviceExists(serial)).isTrue();
            AuditEntry failure = only(name, AuditAction.DEVICE_RESET);
            assertThat(failure.outcome()).isEqualTo(Outcome.FAILURE);
            assertThat(failure.detail()).contains("was deactivated (it no longer signs in) but not deleted");
            assertThat(answer.body()).contains(failure.reference());
            assertThat(removalNotices(name)).hasSize(1);
            app.clock().advance(Duration.ofHours(1));
            app.components().sweeper().sweepOnce();
            assertThat(app.simulator().virtualDeviceExists(serial)).as("the sweeper finishes the job").isFalse();
        }
    }

    @Nested
    class AssignAHardwareToken {

        @Test
        void twoCodesFromTheTokenBindItAndItsOwnerIsTold() {
            String name = newUser();
            String serial = newToken();
            Authenticator token = Authenticator.fromSeed(SEED, app.clock());
            Browser staff = staffOn(name);

            Page answer = staff.post("/helpdesk/users/" + name + "/devices/hardware",
                    Map.of("serial", serial, "code1", token.code(-1), "code2", token.code(0), "confirm", "yes"));

            assertThat(answer.status()).isEqualTo(303);
            assertThat(app.simulator().assignedSerials(name)).containsExactly(serial);
            assertThat(staff.get(answer.location()).body()).contains("The hardware token is assigned and switched on.")
                    .contains("<td>Hardware token</td>").contains(serial);
            assertThat(mailbox.to(name + "@example.com")).singleElement()
                    .satisfies(mail -> assertThat(mail.subject()).startsWith("A new MFA device was added"));
            AuditEntry assigned = only(name, AuditAction.HARDWARE_DEVICE_ASSIGNED);
            assertThat(assigned.actor()).isEqualTo("helpdesk:hanna");
            assertThat(assigned.detail()).contains(serial).doesNotContain(token.code(-1)).doesNotContain(token.code(0));
        }

        @Test
        void codesIamDoesNotAcceptAreShownAtTheCodeFields() {
            String name = newUser();
            String serial = newToken();

            Page answer = staffOn(name).post("/helpdesk/users/" + name + "/devices/hardware",
                    Map.of("serial", serial, "code1", "123456", "code2", "654321", "confirm", "yes"));

            assertThat(answer.status()).isEqualTo(422);
            assertThat(answer.body()).contains("AWS did not accept these codes")
                    .contains("id=\"hardware-code1\"").contains("aria-invalid=\"true\" aria-describedby=\"hardware-error\"");
            assertThat(app.simulator().assignedSerials(name)).isEmpty();
            assertThat(only(name, AuditAction.HARDWARE_DEVICE_ASSIGNED).outcome()).isEqualTo(Outcome.DENIED);
        }

        @Test
        void aSerialAwsDoesNotKnowIsNotFound() {
            String name = newUser();
            Authenticator token = Authenticator.fromSeed(SEED, app.clock());

            Page answer = staffOn(name).post("/helpdesk/users/" + name + "/devices/hardware",
                    Map.of("serial", "GAHT99999999", "code1", token.code(-1), "code2", token.code(0), "confirm", "yes"));

            assertThat(answer.status()).isEqualTo(404);
            assertThat(answer.body()).contains("AWS knows no MFA device with this serial number.");
            assertThat(only(name, AuditAction.HARDWARE_DEVICE_ASSIGNED).outcome()).isEqualTo(Outcome.DENIED);
        }

        @Test
        void aTokenAssignedToSomeoneElseIsRefused() {
            String name = newUser();
            String serial = newToken();
            Authenticator token = Authenticator.fromSeed(SEED, app.clock());
            app.components().iam().enableMfaDevice("bob", serial, token.code(-1), token.code(0));

            Page answer = staffOn(name).post("/helpdesk/users/" + name + "/devices/hardware",
                    Map.of("serial", serial, "code1", token.code(-1), "code2", token.code(0), "confirm", "yes"));

            assertThat(answer.status()).isEqualTo(409);
            assertThat(app.simulator().deviceOwner(serial)).contains("bob");
        }

        @Test
        void aUserWithEightDevicesIsRefusedBeforeIamIsAsked() {
            String name = newUser();
            for (int i = 0; i < 8; i++) {
                app.simulator().addAssignedVirtualDevice(name, name + "-phone" + i);
            }
            String serial = newToken();
            Authenticator token = Authenticator.fromSeed(SEED, app.clock());
            int enablesBefore = app.simulator().requestCount("EnableMFADevice");

            Page answer = staffOn(name).post("/helpdesk/users/" + name + "/devices/hardware",
                    Map.of("serial", serial, "code1", token.code(-1), "code2", token.code(0), "confirm", "yes"));

            assertThat(answer.status()).isEqualTo(409);
            assertThat(answer.body()).contains("already has 8 MFA devices");
            assertThat(app.simulator().requestCount("EnableMFADevice")).isEqualTo(enablesBefore);
        }

        @Test
        void aMalformedSerialOrCodesAreFormMistakes() {
            String name = newUser();
            Browser staff = staffOn(name);

            Page badSerial = staff.post("/helpdesk/users/" + name + "/devices/hardware",
                    Map.of("serial", "GA", "code1", "111111", "code2", "222222", "confirm", "yes"));
            Page sameCodes = staff.post("/helpdesk/users/" + name + "/devices/hardware",
                    Map.of("serial", "GAHT12345678", "code1", "111111", "code2", "111 111", "confirm", "yes"));

            assertThat(badSerial.status()).isEqualTo(400);
            assertThat(badSerial.body()).contains("This is not the serial number of a hardware token");
            assertThat(sameCodes.status()).isEqualTo(400);
            assertThat(sameCodes.body()).contains("Type two different 6-digit codes");
        }

        /** A virtual device's ARN as issued, in capitals (IAM reads ARNs either way), and without its prefix. */
        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"as issued", "in capitals", "without arn:"})
        void aVirtualDevicesArnIsRefusedSoNobodyMovesAnAppEntryTheySawToAnotherUser(String spelling) {
            String bystander = newUser();
            String theirs = enrolledThroughTheApp(bystander);
            app.components().iam().deactivateMfaDevice(bystander, theirs);
            String typed = switch (spelling) {
                case "in capitals" -> "ARN" + theirs.substring(3);
                case "without arn:" -> theirs.substring(4);
                default -> theirs;
            };
            String name = newUser();
            int enablesBefore = app.simulator().requestCount("EnableMFADevice");

            Page answer = staffOn(name).post("/helpdesk/users/" + name + "/devices/hardware",
                    Map.of("serial", typed, "code1", "111111", "code2", "222222", "confirm", "yes"));

            assertThat(answer.status()).isEqualTo(400);
            assertThat(answer.body()).contains("names an authenticator app entry");
            assertThat(app.simulator().requestCount("EnableMFADevice")).isEqualTo(enablesBefore);
            assertThat(app.simulator().assignedSerials(name)).isEmpty();
            assertThat(only(name, AuditAction.HARDWARE_DEVICE_ASSIGNED).outcome()).isEqualTo(Outcome.DENIED);
        }

        @Test
        void anUnknownUserIsNotFound() {
            String serial = newToken();
            Authenticator token = Authenticator.fromSeed(SEED, app.clock());

            Page answer = staffOn("carol").post("/helpdesk/users/ghost2/devices/hardware",
                    Map.of("serial", serial, "code1", token.code(-1), "code2", token.code(0), "confirm", "yes"));

            assertThat(answer.status()).isEqualTo(404);
            assertThat(app.simulator().deviceOwner(serial)).isEmpty();
        }
    }
}
