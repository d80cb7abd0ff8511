package io.github.mfaenroll.enrollment;

import static io.github.mfaenroll.store.Rows.instant;

import io.github.mfaenroll.iam.AccountId;
import io.github.mfaenroll.iam.AccountUser;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.jdbi.v3.core.Jdbi;

/**
 * The ledger of virtual MFA devices the app asked IAM to create. A row is written (PENDING) before
 * {@code CreateVirtualMFADevice} is sent, so even a crash mid-call leaves a record the sweeper can act on.
 * Only devices in this ledger are ever deleted by the app.
 */
public record CreatedDeviceStore(Jdbi jdbi, Clock clock) {

    /** PENDING: create sent, outcome unknown; CREATED: exists, unassigned; ENABLED: bound; DELETED: gone. */
    public enum Status { PENDING, CREATED, ENABLED, DELETED }

    /** A ledger row. {@code serialNumber} is the expected serial from the moment the intent is recorded. */
    public record CreatedDevice(String deviceName, String serialNumber, AccountUser iamUser, String enrollmentId,
                                Status status, Instant createdAt) {
    }

    public void recordIntent(String deviceName, String expectedSerial, AccountUser iamUser, String enrollmentId) {
        Instant now = clock.instant();
        jdbi.useHandle(h -> h.createUpdate("""
                        INSERT INTO created_devices (device_name, serial_number, account_id, iam_user, enrollment_id, status,
                                                     created_at, updated_at)
                        VALUES (:name, :serial, :account, :user, :enrollment, 'PENDING', :now, :now)""")
                .bind("name", deviceName).bind("serial", expectedSerial).bind("account", iamUser.account().value()).bind("user", iamUser.name())
                .bind("enrollment", enrollmentId).bind("now", now).execute());
    }

    /** Device names are unique per account only: every lookup names the account too. */
    public void setStatus(AccountId account, String deviceName, String serialNumber, Status status) {
        jdbi.useHandle(h -> h.createUpdate("""
                        UPDATE created_devices SET status = :status, serial_number = :serial, updated_at = :now
                        WHERE account_id = :account AND device_name = :name""")
                .bind("account", account.value()).bind("name", deviceName).bind("serial", serialNumber).bind("status", status.name())
                .bind("now", clock.instant()).execute());
    }

    /** Whether the app created the device with this name (in any status). */
    public boolean isOurs(AccountId account, String deviceName) {
        return jdbi.withHandle(h -> h.createQuery(
                        "SELECT COUNT(*) FROM created_devices WHERE account_id = :account AND device_name = :name")
                .bind("account", account.value()).bind("name", deviceName).mapTo(Integer.class).one()) > 0;
    }

    /** PENDING or CREATED devices recorded before {@code cutoff}: candidates for the sweeper. */
    public List<CreatedDevice> unfinishedBefore(Instant cutoff) {
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT * FROM created_devices WHERE status IN ('PENDING', 'CREATED') AND created_at < :cutoff
                        ORDER BY created_at""")
                .bind("cutoff", cutoff)
                .map((rs, ctx) -> new CreatedDevice(rs.getString("device_name"), rs.getString("serial_number"),
                        AccountUser.of(rs.getString("account_id"), rs.getString("iam_user")), rs.getString("enrollment_id"), Status.valueOf(rs.getString("status")),
                        instant(rs, "created_at")))
                .list());
    }
}
