package io.github.mfaenroll.enrollment;

import io.github.mfaenroll.audit.AuditAction;
import io.github.mfaenroll.audit.AuditEntry.Outcome;
import io.github.mfaenroll.audit.AuditLog;
import io.github.mfaenroll.enrollment.CreatedDeviceStore.CreatedDevice;
import io.github.mfaenroll.enrollment.CreatedDeviceStore.Status;
import io.github.mfaenroll.iam.AccountDirectory;
import io.github.mfaenroll.iam.AccountId;
import io.github.mfaenroll.iam.AccountUser;
import io.github.mfaenroll.iam.CreatedVirtualMfaDevice;
import io.github.mfaenroll.iam.IamFailure;
import io.github.mfaenroll.iam.IamUser;
import io.github.mfaenroll.iam.MfaSerial;
import io.github.mfaenroll.iam.UnknownAccount;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates and deletes the virtual MFA devices the app owns, keeping the ledger ({@link CreatedDeviceStore}) in
 * step with IAM. Rules that protect people's MFA:
 * <ul>
 *   <li>the intent is recorded before {@code CreateVirtualMFADevice} is sent, so no crash leaves an unknown device;</li>
 *   <li>only ledger devices are deleted, and never an assigned one (no deactivation here: that would strip MFA);</li>
 *   <li>names carry a random suffix, so a name clash can only be our own create whose response was lost.</li>
 * </ul>
 */
public final class DeviceProvisioner {

    private static final Logger log = LoggerFactory.getLogger(DeviceProvisioner.class);
    private static final String SUFFIX_ALPHABET = "abcdefghijkmnpqrstuvwxyz23456789";

    private final AccountDirectory accounts;
    private final CreatedDeviceStore ledger;
    private final AuditLog audit;
    private final SecureRandom random;
    /**
     * A user of each account, read once: a new device's serial is computed from any user's ARN (partition and account
     * id), and those never change for an account, so later creates need no {@code GetUser}.
     */
    private final Map<AccountId, IamUser> userOfTheAccount = new ConcurrentHashMap<>();

    public DeviceProvisioner(AccountDirectory accounts, CreatedDeviceStore ledger, AuditLog audit,
                             SecureRandom random) {
        this.accounts = accounts;
        this.ledger = ledger;
        this.audit = audit;
        this.random = random;
    }

    /** What {@link #deleteIfUnassigned} achieved. */
    public enum Deletion { DELETED, STILL_ASSIGNED, RETRY_LATER }

    /**
     * Creates a device for the user's enrollment and returns it with its seed (keep it out of logs). The user must
     * exist (the caller has listed their devices).
     */
    public CreatedVirtualMfaDevice create(AccountUser user, String enrollmentId) {
        String name = user.name() + "-" + randomSuffix();
        String expectedSerial = MfaSerial.ofVirtualDevice(userOfTheAccount(user), name).value();
        ledger.recordIntent(name, expectedSerial, user, enrollmentId);
        Map<String, String> tags = Map.of("mfa-enroll:enrollment", enrollmentId, "mfa-enroll:user", user.name());
        CreatedVirtualMfaDevice created;
        try {
            created = createOnce(user.account(), name, tags);
        } catch (IamFailure e) {
            if (e.kind() == IamFailure.Kind.ENTITY_ALREADY_EXISTS
                    && deleteIfUnassigned(user, name, expectedSerial, "system") == Deletion.DELETED) {
                // A fresh random name only exists if our own create landed and its answer was lost (SDK retry).
                // We never saw that device's seed, so replace it; the ledger row goes back to PENDING first, so
                // a recreate whose answer is lost too is still swept.
                ledger.setStatus(user.account(), name, expectedSerial, Status.PENDING);
                created = createOnce(user.account(), name, tags);
            } else {
                throw e;
            }
        }
        ledger.setStatus(user.account(), name, created.serialNumber(), Status.CREATED);
        audit.recordOnUser("system", user, AuditAction.DEVICE_CREATED, Outcome.SUCCESS, created.serialNumber());
        return created;
    }

    private IamUser userOfTheAccount(AccountUser user) {
        IamUser known = userOfTheAccount.get(user.account());
        if (known == null) {
            known = accounts.employeeIam(user.account()).getUser(user.name());
            userOfTheAccount.put(user.account(), known);
        }
        return known;
    }

    private CreatedVirtualMfaDevice createOnce(AccountId account, String name, Map<String, String> tags) {
        try {
            return accounts.employeeIam(account).createVirtualMfaDevice(name, tags);
        } catch (IamFailure e) {
            if (!e.kind().transientFailure() && e.kind() != IamFailure.Kind.UNKNOWN
                    && e.kind() != IamFailure.Kind.ENTITY_ALREADY_EXISTS) {
                // IAM answered no: nothing was created. A transient or unknown failure stays PENDING for the sweeper.
                ledger.setStatus(account, name, null, Status.DELETED);
            }
            throw e;
        }
    }

    /**
     * Deletes one of our devices if it is not bound to anyone. An assigned device is left alone and reported;
     * a transient IAM failure leaves the ledger row for the sweeper to retry.
     */
    public Deletion deleteIfUnassigned(AccountUser iamUser, String deviceName, String serialNumber, String actor) {
        try {
            accounts.employeeIam(iamUser.account()).deleteVirtualMfaDevice(serialNumber);
        } catch (UnknownAccount e) {
            // The account left the configuration (or the organization): keep the row, so the device is deleted once
            // the account is served again, and let the sweep go on with the other accounts.
            log.warn("Device {} is in account {}, which the app does not serve now; not deleted", serialNumber,
                    iamUser.account());
            return Deletion.RETRY_LATER;
        } catch (IamFailure e) {
            switch (e.kind()) {
                case NO_SUCH_ENTITY -> {
                    ledger.setStatus(iamUser.account(), deviceName, serialNumber, Status.DELETED);
                    return Deletion.DELETED;
                }
                case DELETE_CONFLICT -> {
                    log.warn("Device {} is assigned; not deleting it", serialNumber);
                    return Deletion.STILL_ASSIGNED;
                }
                default -> {
                    log.warn("Deleting device {} failed ({}); the sweeper will retry", serialNumber, e.kind());
                    return Deletion.RETRY_LATER;
                }
            }
        }
        ledger.setStatus(iamUser.account(), deviceName, serialNumber, Status.DELETED);
        audit.recordOnUser(actor, iamUser, AuditAction.DEVICE_DELETED, Outcome.SUCCESS, serialNumber);
        return Deletion.DELETED;
    }

    /** Marks a ledger device as bound to its user. */
    public void markEnabled(AccountId account, String deviceName, String serialNumber) {
        ledger.setStatus(account, deviceName, serialNumber, Status.ENABLED);
    }

    /**
     * Deletes ledger devices recorded before {@code cutoff} that never got bound, skipping those whose
     * enrollment is still running. Returns how many were deleted.
     */
    public int sweepLeftovers(Instant cutoff, Predicate<String> enrollmentStillActive) {
        int deleted = 0;
        for (CreatedDevice device : ledger.unfinishedBefore(cutoff)) {
            if (enrollmentStillActive.test(device.enrollmentId())) {
                continue;
            }
            Deletion result = deleteIfUnassigned(device.iamUser(), device.deviceName(), device.serialNumber(), "sweeper");
            if (result == Deletion.DELETED) {
                deleted++;
            } else if (result == Deletion.STILL_ASSIGNED) {
                // Bound after all (for example EnableMFADevice succeeded but its answer was lost): it is in use.
                ledger.setStatus(device.iamUser().account(), device.deviceName(), device.serialNumber(), Status.ENABLED);
            }
        }
        return deleted;
    }

    private String randomSuffix() {
        StringBuilder suffix = new StringBuilder(8);
        for (int i = 0; i < 8; i++) {
            suffix.append(SUFFIX_ALPHABET.charAt(random.nextInt(SUFFIX_ALPHABET.length())));
        }
        return suffix.toString();
    }
}
