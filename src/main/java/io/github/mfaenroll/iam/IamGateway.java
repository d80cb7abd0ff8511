package io.github.mfaenroll.iam;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything the app asks of AWS IAM, in the app's own terms. The only implementation talks to IAM (or the
 * simulator, or WireMock) through the SDK v2 {@code IamClient}; callers never see SDK types.
 *
 * <p>Every method throws {@link IamFailure} (unchecked) for any failure; its {@link IamFailure.Kind} says what
 * happened. List methods follow IAM's {@code Marker}/{@code IsTruncated} pagination to the end.
 */
public interface IamGateway {

    /** The user, or {@link IamFailure.Kind#NO_SUCH_ENTITY}. */
    IamUser getUser(String userName);

    /**
     * The user and its tags from one {@code GetUser} call, or {@link IamFailure.Kind#NO_SUCH_ENTITY}: one IAM call
     * where {@link #getUser} and {@link #listUserTags} would be two.
     */
    TaggedUser getUserWithTags(String userName);

    /** Whether the user has a console password ({@code GetLoginProfile}; {@code NoSuchEntity} means no). */
    boolean hasConsolePassword(String userName);

    /** All users in the account (paginated). */
    List<IamUser> listUsers();

    /** The user's tags (paginated). */
    Map<String, String> listUserTags(String userName);

    /** The first account alias, if one is set. */
    Optional<String> accountAlias();

    /** The MFA devices (virtual, hardware, security keys) assigned to the user (paginated). */
    List<MfaDevice> listMfaDevices(String userName);

    /** Virtual MFA devices in the account, filtered by assignment (paginated). */
    List<VirtualMfaDevice> listVirtualMfaDevices(AssignmentStatus status);

    /**
     * {@code CreateVirtualMFADevice} at path "/" with the given tags. Returns the serial (ARN) and the base32
     * seed. {@link IamFailure.Kind#ENTITY_ALREADY_EXISTS} when the name is taken.
     */
    CreatedVirtualMfaDevice createVirtualMfaDevice(String deviceName, Map<String, String> tags);

    /**
     * {@code EnableMFADevice}, sent exactly once (no SDK retry: IAM does not treat it as idempotent). After any
     * error or timeout the gateway reads {@code ListMFADevices} for the user: if the serial is there the call
     * succeeded and this returns {@link EnableOutcome#ENABLED_AFTER_RECONCILE}; otherwise the original failure
     * is thrown.
     */
    EnableOutcome enableMfaDevice(String userName, String serialNumber, String code1, String code2);

    /** {@code ResyncMFADevice} with two consecutive fresh codes. */
    void resyncMfaDevice(String userName, String serialNumber, String code1, String code2);

    /** {@code DeactivateMFADevice}: unbinds the device from the user (required before deleting it). */
    void deactivateMfaDevice(String userName, String serialNumber);

    /** {@code DeleteVirtualMFADevice}; {@link IamFailure.Kind#DELETE_CONFLICT} while still assigned. */
    void deleteVirtualMfaDevice(String serialNumber);

    /**
     * {@code DeleteLoginProfile}: removes the user's console password (access keys are untouched).
     * {@link IamFailure.Kind#NO_SUCH_ENTITY} when the user has none (or does not exist).
     */
    void deleteLoginProfile(String userName);

    /** {@code GenerateCredentialReport}: returns true once the report is COMPLETE. */
    boolean generateCredentialReport();

    /**
     * {@code GetCredentialReport}: the CSV and its {@code GeneratedTime}. Empty when IAM has no report to hand out
     * yet ({@code ReportNotPresent}, {@code ReportInProgress}, {@code ReportExpired}): call
     * {@link #generateCredentialReport()} until it is complete, then ask again.
     */
    Optional<CredentialReportContent> getCredentialReport();

    /** Result of {@link #enableMfaDevice}. */
    enum EnableOutcome {
        ENABLED,
        /** The call failed or timed out, but ListMFADevices shows the device bound: it did succeed. */
        ENABLED_AFTER_RECONCILE
    }

    /** Filter for {@link #listVirtualMfaDevices}. */
    enum AssignmentStatus { ASSIGNED, UNASSIGNED, ANY }
}
