package io.github.mfaenroll.helpdesk;

import io.github.mfaenroll.audit.AuditAction;
import io.github.mfaenroll.audit.AuditEntry.Outcome;
import io.github.mfaenroll.audit.AuditLog;
import io.github.mfaenroll.enrollment.CreatedDeviceStore;
import io.github.mfaenroll.helpdesk.HelpdeskRefusal.Kind;
import io.github.mfaenroll.iam.AccountDirectory;
import io.github.mfaenroll.iam.AccountUser;
import io.github.mfaenroll.iam.IamFailure;
import io.github.mfaenroll.iam.IamGateway;
import io.github.mfaenroll.iam.MfaDevice;
import io.github.mfaenroll.iam.MfaSerial;
import io.github.mfaenroll.identity.Sessions;
import io.github.mfaenroll.mail.Notifications;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The helpdesk's device actions. <b>Reset a lost device</b> is the one place the app removes a device it did not
 * create: only on an explicit, confirmed request with a reason, audited, and with the owner told by email.
 * <b>Assign a hardware token</b> binds a TOTP token by its serial with two consecutive codes read off it; the codes
 * go to IAM once and nowhere else (not the log, not the audit trail, not a page).
 */
public record DeviceActions(AccountDirectory accounts, Notifications notifications, CreatedDeviceStore ledger, ActionGuard guard,
                            Sessions sessions, AuditLog audit, Clock clock) {

    /** IAM's pattern for MFA serial numbers ({@code GAHT12345678} for hardware tokens). */
    private static final Pattern SERIAL = Pattern.compile("[\\w+=/:,.@-]{9,256}");
    private static final Pattern CODE = Pattern.compile("\\d{6}");

    /**
     * What a reset did: whose device (the user as IAM names it), the device's serial, whether it was deleted (virtual)
     * and whether the owner was mailed.
     */
    public record Reset(AccountUser user, String serialNumber, boolean deleted, boolean mailed) {
    }

    /**
     * Deactivates the user's device and, when it is a virtual device this app created, deletes it. Hardware tokens
     * and security keys are only deactivated (they belong to the person and can be assigned again); so are virtual
     * devices made elsewhere, because the app never deletes a device it did not create. When the deactivation worked but the delete
     * did not, the device no longer signs anyone in: that is audited, the owner is told, and RESET_INCOMPLETE thrown.
     */
    public Reset reset(StaffMember staff, AccountUser name, String serial, String reason, boolean confirmed) {
        String actor = staff.principal();
        guard.requireConfirmed(confirmed, actor, name, AuditAction.DEVICE_RESET);
        // Before IAM is asked, as the console's form always had it: a missing reason is shown at its field at once.
        String why = guard.requireReason(reason, actor, name, AuditAction.DEVICE_RESET);
        AccountUser user = new AccountUser(name.account(),
                guard.requireUser(staff, name, AuditAction.DEVICE_RESET).userName());
        try {
            return resetConfirmed(actor, user, serial, why);
        } catch (HelpdeskRefusal e) {
            throw e.confirmedAbout(user);
        }
    }

    /** The reset of a user IAM has confirmed, with the reason as it will be stored and mailed. */
    private Reset resetConfirmed(String actor, AccountUser user, String serial, String why) {
        IamGateway iam = accounts.iam(user.account());
        MfaDevice device = named(devicesOf(actor, user, AuditAction.DEVICE_RESET, "nothing changed"), serial)
                .orElseThrow(() -> guard.refuse(Kind.DEVICE_NOT_FOUND, actor, user, AuditAction.DEVICE_RESET,
                        "not one of the user's MFA devices"));
        boolean virtual = device.type() == MfaSerial.Type.VIRTUAL;
        String deviceName = new MfaSerial(device.serialNumber()).deviceName();
        // Only devices in the app's own ledger are deleted: a virtual device someone made in the IAM console (or
        // another tool) stays in the account, deactivated, so it no longer signs anyone in.
        boolean ours = virtual && ledger.isOurs(user.account(), deviceName);
        if (ours) {
            // From here on the sweeper may delete it: should this instance die, or an answer get lost, once the device
            // is unassigned, it is not left orphaned. While it is still assigned the sweeper only meets a
            // DeleteConflict and marks it ENABLED again, so this never removes a device that is in use.
            ledger.setStatus(user.account(), deviceName, device.serialNumber(), CreatedDeviceStore.Status.CREATED);
        }
        try {
            iam.deactivateMfaDevice(user.name(), device.serialNumber());
        } catch (IamFailure e) {
            if (e.kind() != IamFailure.Kind.NO_SUCH_ENTITY) {
                throw guard.iamFailure(e, actor, user, AuditAction.DEVICE_RESET, "nothing changed");
            }
            // A retried call whose first attempt worked also ends here: the device is then no longer the user's.
            boolean stillTheirs = devicesOf(actor, user, AuditAction.DEVICE_RESET, "state unknown").stream()
                    .anyMatch(d -> d.serialNumber().equals(device.serialNumber()));
            if (stillTheirs) {
                throw guard.refuse(Kind.DEVICE_NOT_FOUND, actor, user, AuditAction.DEVICE_RESET,
                        device.serialNumber() + " could not be deactivated: IAM says it does not exist");
            }
        }
        Instant now = clock.instant();
        if (ours) {
            try {
                iam.deleteVirtualMfaDevice(device.serialNumber());
            } catch (IamFailure e) {
                if (e.kind() != IamFailure.Kind.NO_SUCH_ENTITY) {
                    // Unassigned now and marked CREATED above: the sweeper deletes it, so it will finish the job.
                    HelpdeskRefusal refusal = guard.iamFailure(e, actor, user, AuditAction.DEVICE_RESET,
                            device.serialNumber() + " was deactivated (it no longer signs in) but not deleted; "
                                    + "reason: " + why, Kind.RESET_INCOMPLETE);
                    notifications.sendDeviceRemoved(user, device.serialNumber(), actor, why, now);
                    throw refusal;
                }
            }
            ledger.setStatus(user.account(), deviceName, device.serialNumber(), CreatedDeviceStore.Status.DELETED);
        }
        String done = ours ? "deactivated and deleted"
                : virtual ? "deactivated; not deleted because mfa-enroll did not create it" : "deactivated";
        audit.recordOnUser(actor, user, AuditAction.DEVICE_RESET, Outcome.SUCCESS, device.serialNumber() + " ("
                + device.type().name().toLowerCase(java.util.Locale.ROOT) + ") " + done + "; reason: " + why);
        boolean mailed = notifications.sendDeviceRemoved(user, device.serialNumber(), actor, why, now);
        return new Reset(user, device.serialNumber(), ours, mailed);
    }

    /**
     * The device {@code serial} names: by its serial number, else a virtual device by its name (the end of its ARN). The API needs the second form: an ARN in a path segment needs an encoded {@code /},
     * which proxies (and stricter servers) may decode or refuse. The console always sends the serial, which the first
     * form finds.
     */
    private static Optional<MfaDevice> named(List<MfaDevice> devices, String serial) {
        if (serial == null || serial.isEmpty()) {
            return Optional.empty();
        }
        return devices.stream().filter(d -> d.serialNumber().equals(serial)).findFirst()
                .or(() -> devices.stream().filter(d -> d.type() == MfaSerial.Type.VIRTUAL)
                        .filter(d -> new MfaSerial(d.serialNumber()).deviceName().equals(serial)).findFirst());
    }

    /** What an assignment did: whether the owner was mailed. */
    public record Assigned(String serialNumber, boolean mailed) {
    }

    /**
     * Binds a hardware TOTP token to the user with {@code EnableMFADevice} (sent once; a lost answer is reconciled by
     * the gateway). Codes are two consecutive 6-digit codes from the token; spaces are ignored.
     */
    public Assigned assignHardwareToken(StaffMember staff, AccountUser name, String serial, String code1, String code2,
                                        boolean confirmed) {
        String actor = staff.principal();
        AuditAction action = AuditAction.HARDWARE_DEVICE_ASSIGNED;
        guard.requireConfirmed(confirmed, actor, name, action);
        AccountUser subject = ActionGuard.valid(name);
        if (serial == null || !SERIAL.matcher(serial.strip()).matches()) {
            throw guard.refuse(Kind.INVALID_SERIAL, actor, subject, action, "not a valid serial number");
        }
        String token = serial.strip();
        if (MfaSerial.isArn(token) || token.contains(":") || token.contains("/")) {
            // An ARN names a virtual device (an authenticator app entry). Binding one here would let whoever saw its
            // seed put it on another user, around the wizard and its notices: hardware tokens have plain serials, so
            // anything shaped like an ARN or a path (in any letter case, with or without its prefix) is refused.
            throw guard.refuse(Kind.INVALID_SERIAL, actor, subject, action, "a virtual device's ARN, not a token serial");
        }
        String first = digitsOnly(code1);
        String second = digitsOnly(code2);
        if (!CODE.matcher(first).matches() || !CODE.matcher(second).matches() || first.equals(second)) {
            throw guard.refuse(Kind.INVALID_CODES, actor, subject, action, token + ": codes not two different 6-digit codes");
        }
        AccountUser user = new AccountUser(name.account(), guard.requireUser(staff, name, action).userName());
        List<MfaDevice> devices = devicesOf(actor, user, action, "nothing changed");
        if (devices.stream().anyMatch(d -> d.serialNumber().equalsIgnoreCase(token))) {
            throw guard.refuse(Kind.TOKEN_IN_USE, actor, user, action, token + " is already assigned to this user");
        }
        if (devices.size() >= MfaSerial.MAX_DEVICES_PER_USER) {
            throw guard.refuse(Kind.DEVICE_LIMIT, actor, user, action,
                    "already has " + devices.size() + " MFA devices, the most IAM allows");
        }
        try {
            accounts.iam(user.account()).enableMfaDevice(user.name(), token, first, second);
        } catch (IamFailure e) {
            throw switch (e.kind()) {
                case INVALID_AUTHENTICATION_CODE -> guard.refuse(Kind.CODES_REJECTED, actor, user, action,
                        token + ": IAM did not accept the codes");
                case NO_SUCH_ENTITY -> guard.refuse(Kind.TOKEN_NOT_FOUND, actor, user, action,
                        token + ": IAM knows no such MFA device");
                case ENTITY_ALREADY_EXISTS -> guard.refuse(Kind.TOKEN_IN_USE, actor, user, action,
                        token + " is already assigned to a user");
                case LIMIT_EXCEEDED -> guard.refuse(Kind.DEVICE_LIMIT, actor, user, action,
                        token + ": IAM's MFA device limit reached");
                default -> guard.iamFailure(e, actor, user, action, token + " not assigned");
            };
        }
        audit.recordOnUser(actor, user, action, Outcome.SUCCESS, token + " (hardware TOTP) assigned");
        // As when the wizard binds a device: the user's open sessions end. One that started from an onboarding link
        // before this must not go on to add a device of its own to a user who now has MFA.
        sessions.endEmployeeSessions(user);
        return new Assigned(token, notifications.sendDeviceBound(user, token, clock.instant()));
    }

    private List<MfaDevice> devicesOf(String actor, AccountUser user, AuditAction action, String consequence) {
        try {
            return accounts.iam(user.account()).listMfaDevices(user.name());
        } catch (IamFailure e) {
            throw guard.iamFailure(e, actor, user, action, consequence);
        }
    }

    /** The digits typed, without the spaces people put in ("123 456"); other characters are kept to be refused. */
    private static String digitsOnly(String code) {
        return code == null ? "" : code.replace(" ", "").strip();
    }
}
