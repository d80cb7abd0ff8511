package io.github.mfaenroll.helpdesk;

import static io.github.mfaenroll.testing.TestUsers.user;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.mfaenroll.audit.AuditAction;
import io.github.mfaenroll.audit.AuditEntry.Outcome;
import io.github.mfaenroll.audit.AuditEntry;
import io.github.mfaenroll.testing.Authenticator;
import io.github.mfaenroll.testing.Browser.Page;
import io.github.mfaenroll.testing.Browser;
import io.github.mfaenroll.testing.HttpWizard;
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

    /** An authenticator app entry made outside the app (not in its ledger), assigned to {@code name}; its serial. */
    private String phoneMadeElsewhere(String name) {
        return app.simulator().addAssignedVirtualDevice(name, name + "-phone");
    }

    /** A new hardware token bound to {@code user} straight through IAM, not through the app; returns its serial. */
    private String newTokenAssignedTo(String user) {
        String serial = newToken();
        Authenticator token = tokenCodes();
        app.components().iam().enableMfaDevice(user, serial, token.code(-1), token.code(0));
        return serial;
    }

    /** The codes of the hardware tokens {@link #newToken} registers (they share one seed). */
    private Authenticator tokenCodes() {
        return Authenticator.fromSeed(SEED, app.clock());
    }

    /** Staff reset {@code serial} on {@code name}'s page, giving {@code reason} and ticking the confirmation. */
    private static Page reset(Browser staff, String name, String serial, String reason) {
        return staff.post("/helpdesk/accounts/123456789012/users/" + name + "/devices/reset",
                Map.of("serial", serial, "reason", reason, "confirm", "yes"));
    }

    /** Staff assign the hardware token {@code serial} to {@code name} with two codes, ticking the confirmation. */
    private static Page assignToken(Browser staff, String name, String serial, String code1, String code2) {
        return staff.post("/helpdesk/accounts/123456789012/users/" + name + "/devices/hardware",
                Map.of("serial", serial, "code1", code1, "code2", code2, "confirm", "yes"));
    }

    /** The same with the two consecutive codes the token shows now, as the person holding it would type them. */
    private Page assignTokenTypingItsCodes(Browser staff, String name, String serial) {
        Authenticator token = tokenCodes();
        return assignToken(staff, name, serial, token.code(-1), token.code(0));
    }

    private List<AuditEntry> audit(String name) {
        return app.components().audit().forUser(user(name), 50);
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

            Page answer = reset(staff, name, serial, "Phone lost on the train");

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

            Page answer = reset(staffOn(name), name, serial, "Phone lost");

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
            String serial = newTokenAssignedTo(name);
            Authenticator token = tokenCodes();

            Page answer = reset(staffOn(name), name, serial, "Token broken");

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
            phoneMadeElsewhere(name);
            String carols = app.simulator().assignedSerials("carol").get(0);

            Page answer = reset(staffOn(name), name, carols, "Phone lost");

            assertThat(answer.status()).isEqualTo(404);
            assertThat(answer.body()).contains("This device is not one of the user’s MFA devices");
            assertThat(app.simulator().assignedSerials("carol")).containsExactly(carols);
            assertThat(only(name, AuditAction.DEVICE_RESET).outcome()).isEqualTo(Outcome.DENIED);
        }

        @Test
        void aReasonIsRequired() {
            String name = newUser();
            String serial = phoneMadeElsewhere(name);

            Page answer = reset(staffOn(name), name, serial, "   ");

            assertThat(answer.status()).isEqualTo(400);
            assertThat(answer.body()).contains("Give a reason.")
                    .contains("id=\"reset-reason\" name=\"reason\" type=\"text\" class=\"text\" maxlength=\"500\" "
                            + "required aria-invalid=\"true\" aria-describedby=\"reset-error\"");
            assertThat(app.simulator().assignedSerials(name)).containsExactly(serial);
        }

        @Test
        void anUnknownUserIsNotFound() {

            Page answer = reset(staffOn("carol"), "ghost", "GAHT00000000", "Lost");

            assertThat(answer.status()).isEqualTo(404);
            assertThat(only("ghost", AuditAction.DEVICE_RESET).outcome()).isEqualTo(Outcome.DENIED);
        }

        @Test
        void iamFailingToDeactivateChangesNothing() {
            String name = newUser();
            String serial = phoneMadeElsewhere(name);
            Browser staff = staffOn(name);
            app.simulator().failNext("DeactivateMFADevice", 3, 500, "ServiceFailure", "boom");

            Page answer = reset(staff, name, serial, "Phone lost");

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

            Page answer = reset(staff, name, serial, "Phone lost");

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
            Authenticator token = tokenCodes();
            Browser staff = staffOn(name);

            Page answer = assignToken(staff, name, serial, token.code(-1), token.code(0));

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
        void theUsersOpenLinkSessionEndsSoItCannotAddADeviceOfItsOwn() {
            String name = newUser();
            String serial = newToken();
            Authenticator token = tokenCodes();
            Browser person = app.signedInAs(name);
            assertThat(person.get("/enroll").status()).isEqualTo(200);

            assignToken(staffOn(name), name, serial, token.code(-1), token.code(0));
            Page start = person.post("/enroll/start", Map.of());

            assertThat(start.status()).as("refused, no device created").isIn(401, 403);
            assertThat(person.get("/enroll").status()).as("the session has ended").isEqualTo(401);
            assertThat(app.simulator().assignedSerials(name)).containsExactly(serial);
            assertThat(app.simulator().virtualDeviceSerials()).noneMatch(created -> created.contains(":mfa/" + name));
        }

        @Test
        void codesIamDoesNotAcceptAreShownAtTheCodeFields() {
            String name = newUser();
            String serial = newToken();

            Page answer = assignToken(staffOn(name), name, serial, "123456", "654321");

            assertThat(answer.status()).isEqualTo(422);
            assertThat(answer.body()).contains("AWS did not accept these codes")
                    .contains("id=\"hardware-code1\"").contains("aria-invalid=\"true\" aria-describedby=\"hardware-error\"");
            assertThat(app.simulator().assignedSerials(name)).isEmpty();
            assertThat(only(name, AuditAction.HARDWARE_DEVICE_ASSIGNED).outcome()).isEqualTo(Outcome.DENIED);
        }

        @Test
        void aSerialAwsDoesNotKnowIsNotFound() {
            String name = newUser();

            Page answer = assignTokenTypingItsCodes(staffOn(name), name, "GAHT99999999");

            assertThat(answer.status()).isEqualTo(404);
            assertThat(answer.body()).contains("AWS knows no MFA device with this serial number.");
            assertThat(only(name, AuditAction.HARDWARE_DEVICE_ASSIGNED).outcome()).isEqualTo(Outcome.DENIED);
        }

        @Test
        void aTokenAssignedToSomeoneElseIsRefused() {
            String name = newUser();
            String serial = newTokenAssignedTo("bob");

            Page answer = assignTokenTypingItsCodes(staffOn(name), name, serial);

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
            int enablesBefore = app.simulator().requestCount("EnableMFADevice");

            Page answer = assignTokenTypingItsCodes(staffOn(name), name, serial);

            assertThat(answer.status()).isEqualTo(409);
            assertThat(answer.body()).contains("already has 8 MFA devices");
            assertThat(app.simulator().requestCount("EnableMFADevice")).isEqualTo(enablesBefore);
        }

        @Test
        void aMalformedSerialOrCodesAreFormMistakes() {
            String name = newUser();
            Browser staff = staffOn(name);

            Page badSerial = assignToken(staff, name, "GA", "111111", "222222");
            Page sameCodes = assignToken(staff, name, "GAHT12345678", "111111", "111 111");

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

            Page answer = assignToken(staffOn(name), name, typed, "111111", "222222");

            assertThat(answer.status()).isEqualTo(400);
            assertThat(answer.body()).contains("names an authenticator app entry");
            assertThat(app.simulator().requestCount("EnableMFADevice")).isEqualTo(enablesBefore);
            assertThat(app.simulator().assignedSerials(name)).isEmpty();
            assertThat(only(name, AuditAction.HARDWARE_DEVICE_ASSIGNED).outcome()).isEqualTo(Outcome.DENIED);
        }

        @Test
        void anUnknownUserIsNotFound() {
            String serial = newToken();

            Page answer = assignTokenTypingItsCodes(staffOn("carol"), "ghost2", serial);

            assertThat(answer.status()).isEqualTo(404);
            assertThat(app.simulator().deviceOwner(serial)).isEmpty();
        }
    }
}
