package io.github.mfaenroll.iam;

import io.github.mfaenroll.iam.IamFailure.Kind;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AssignmentStatusType;
import software.amazon.awssdk.services.iam.model.ReportStateType;
import software.amazon.awssdk.services.iam.model.Tag;
import software.amazon.awssdk.services.iam.model.User;

/**
 * {@link IamGateway} on the AWS SDK v2 {@code IamClient} (URL-connection HTTP client).
 *
 * <p>Retries: reads, {@code GenerateCredentialReport}, {@code CreateVirtualMFADevice},
 * {@code DeactivateMFADevice}, {@code DeleteVirtualMFADevice} and {@code DeleteLoginProfile} use the SDK's standard
 * retry strategy. Repeating
 * them cannot do harm, only change the error the caller sees when a first attempt succeeded but its answer was
 * lost: a repeated create answers {@code EntityAlreadyExists}, which the caller already handles as a taken name. The
 * device whose answer was lost stays unassigned with a seed nobody knows, exactly as it would without a retry; its
 * serial is {@code arn:…:mfa/NAME}, so a caller that records the name before creating lets the sweeper remove it.
 * A repeated delete or deactivate answers {@code NoSuchEntity}, which for those calls means "already done". {@code EnableMFADevice} and
 * {@code ResyncMFADevice} are sent exactly once: they carry one-time codes, and a retry would resend them (see
 * {@link #enableMfaDevice} for how a lost answer is recovered).
 *
 * <p>Nothing here logs or puts into an exception message an authentication code or a seed.
 */
public final class AwsIamGateway implements IamGateway, AutoCloseable {

    /** Users per ListUsers page: IAM's maximum. */
    static final int LIST_USERS_PAGE = 1000;

    private static final Logger LOG = LoggerFactory.getLogger(AwsIamGateway.class);
    private static final String ENABLE = "EnableMFADevice";
    /** GetCredentialReport's answers meaning "generate one first" (IAM API reference, GetCredentialReport errors). */
    private static final Set<String> REPORT_NOT_AVAILABLE = Set.of("ReportNotPresent", "ReportInProgress",
            "ReportExpired");

    private final IamClients clients;
    private final IamClient iam;

    private AwsIamGateway(IamClients clients) {
        this.clients = clients;
        this.iam = clients.retrying;
    }

    /** Builds the SDK clients. Nothing is sent and no credentials are resolved until the first call. */
    public static AwsIamGateway connect(IamConnection connection) {
        return new AwsIamGateway(IamClients.open(connection));
    }

    /**
     * Resolves credentials from the connection's source, so a missing configuration is reported at start-up instead
     * of on a user's first click.
     *
     * @throws IamFailure of kind {@link Kind#CREDENTIALS} when none can be found; its cause tells where the SDK looked
     */
    public static void requireCredentials(IamConnection connection) {
        try {
            IamClients.resolveCredentials(connection);
        } catch (SdkException e) {
            throw IamFailures.from("ResolveCredentials", e);
        }
    }

    @Override
    public IamUser getUser(String userName) {
        return call("GetUser", () -> toIamUser(iam.getUser(b -> b.userName(userName)).user()));
    }

    @Override
    public TaggedUser getUserWithTags(String userName) {
        return call("GetUser", () -> {
            User user = iam.getUser(b -> b.userName(userName)).user();
            Map<String, String> tags = new LinkedHashMap<>();
            user.tags().forEach(tag -> tags.put(tag.key(), tag.value() == null ? "" : tag.value()));
            return new TaggedUser(toIamUser(user), tags);
        });
    }

    @Override
    public boolean hasConsolePassword(String userName) {
        try {
            call("GetLoginProfile", () -> iam.getLoginProfile(b -> b.userName(userName)));
            return true;
        } catch (IamFailure e) {
            if (e.kind() == Kind.NO_SUCH_ENTITY) {
                return false;
            }
            throw e;
        }
    }

    @Override
    public List<IamUser> listUsers() {
        // IAM's default page is 100 users; 1000, its maximum, lists a large account in a tenth of the calls.
        return call("ListUsers", () -> iam.listUsersPaginator(b -> b.maxItems(LIST_USERS_PAGE)).users().stream()
                .map(AwsIamGateway::toIamUser)
                .toList());
    }

    @Override
    public Map<String, String> listUserTags(String userName) {
        return call("ListUserTags", () -> {
            Map<String, String> tags = new LinkedHashMap<>();
            iam.listUserTagsPaginator(b -> b.userName(userName)).tags()
                    .forEach(tag -> tags.put(tag.key(), tag.value()));
            return tags;
        });
    }

    @Override
    public Optional<String> accountAlias() {
        // findFirst stops the paginator after the first page: an account has at most one alias anyway.
        return call("ListAccountAliases",
                () -> iam.listAccountAliasesPaginator().accountAliases().stream().findFirst());
    }

    @Override
    public List<MfaDevice> listMfaDevices(String userName) {
        return call("ListMFADevices", () -> iam.listMFADevicesPaginator(b -> b.userName(userName)).mfaDevices().stream()
                .map(d -> new MfaDevice(d.serialNumber(), d.enableDate()))
                .toList());
    }

    @Override
    public List<VirtualMfaDevice> listVirtualMfaDevices(AssignmentStatus status) {
        AssignmentStatusType filter = switch (status) {
            case ASSIGNED -> AssignmentStatusType.ASSIGNED;
            case UNASSIGNED -> AssignmentStatusType.UNASSIGNED;
            case ANY -> AssignmentStatusType.ANY;
        };
        return call("ListVirtualMFADevices", () -> iam.listVirtualMFADevicesPaginator(b -> b.assignmentStatus(filter))
                .virtualMFADevices().stream()
                .map(d -> new VirtualMfaDevice(
                        d.serialNumber(), d.user() == null ? null : d.user().userName(), d.enableDate()))
                .toList());
    }

    @Override
    public CreatedVirtualMfaDevice createVirtualMfaDevice(String deviceName, Map<String, String> tags) {
        List<Tag> iamTags = (tags == null ? Map.<String, String>of() : tags).entrySet().stream()
                .map(t -> Tag.builder().key(t.getKey()).value(t.getValue()).build())
                .toList();
        var device = call("CreateVirtualMFADevice", () -> iam.createVirtualMFADevice(b -> {
            b.virtualMFADeviceName(deviceName).path("/");
            if (!iamTags.isEmpty()) {
                b.tags(iamTags);
            }
        }).virtualMFADevice());
        SdkBytes seed = device.base32StringSeed();
        if (seed == null) {
            // Without the seed nobody can use the device; say which one so it can be deleted.
            LOG.warn("CreateVirtualMFADevice returned {} without a seed", device.serialNumber());
            throw new IamFailure(Kind.UNKNOWN, "CreateVirtualMFADevice", null, null, null);
        }
        LOG.info("CreateVirtualMFADevice {}: created {}", deviceName, device.serialNumber());
        // The SDK has already removed the wire's base64 layer: these bytes are the base32 text.
        return new CreatedVirtualMfaDevice(device.serialNumber(), seed.asUtf8String());
    }

    /**
     * {@inheritDoc}
     *
     * <p>Reconciliation runs after every failure, not only timeouts: it is one cheap read and it is never wrong, while
     * guessing from the error is. A success whose answer was lost can come back as a timeout, a reset connection, a
     * 5xx or an unparseable body; {@code EntityAlreadyExists} can mean "already bound to this user" (an earlier
     * attempt won). When the read fails too, or IAM has not caught up yet (it is eventually consistent), the original
     * failure is thrown; a later attempt with fresh codes then reconciles through {@code EntityAlreadyExists}.
     */
    @Override
    public EnableOutcome enableMfaDevice(String userName, String serialNumber, String code1, String code2) {
        IamFailure failure;
        try {
            clients.once.enableMFADevice(b -> b
                    .userName(userName)
                    .serialNumber(serialNumber)
                    .authenticationCode1(code1)
                    .authenticationCode2(code2));
            LOG.info("{} for user {} serial {}: enabled", ENABLE, userName, serialNumber);
            return EnableOutcome.ENABLED;
        } catch (SdkException e) {
            failure = IamFailures.from(ENABLE, e);
        }
        if (boundToUser(userName, serialNumber)) {
            LOG.info("{} for user {} serial {}: enabled after reconcile ({} {}, request {})", ENABLE, userName,
                    serialNumber, failure.kind(), nullToEmpty(failure.awsErrorCode()), failure.awsRequestId());
            return EnableOutcome.ENABLED_AFTER_RECONCILE;
        }
        LOG.info("{} for user {} serial {}: failed ({} {}, request {})", ENABLE, userName, serialNumber,
                failure.kind(), nullToEmpty(failure.awsErrorCode()), failure.awsRequestId());
        throw failure;
    }

    private boolean boundToUser(String userName, String serialNumber) {
        try {
            return listMfaDevices(userName).stream().anyMatch(d -> d.serialNumber().equals(serialNumber));
        } catch (IamFailure readFailure) {
            LOG.warn("{} for user {} serial {}: reconcile read failed ({} {})", ENABLE, userName, serialNumber,
                    readFailure.kind(), nullToEmpty(readFailure.awsErrorCode()));
            return false;
        }
    }

    /**
     * {@inheritDoc}
     *
     * <p>Sent once, like {@code EnableMFADevice}; there is nothing to read back to reconcile a lost answer, and
     * resyncing again with fresh codes is always safe, so the failure goes to the caller as it is.
     */
    @Override
    public void resyncMfaDevice(String userName, String serialNumber, String code1, String code2) {
        call("ResyncMFADevice", () -> clients.once.resyncMFADevice(b -> b
                .userName(userName)
                .serialNumber(serialNumber)
                .authenticationCode1(code1)
                .authenticationCode2(code2)));
        LOG.info("ResyncMFADevice for user {} serial {}: resynced", userName, serialNumber);
    }

    @Override
    public void deactivateMfaDevice(String userName, String serialNumber) {
        call("DeactivateMFADevice",
                () -> iam.deactivateMFADevice(b -> b.userName(userName).serialNumber(serialNumber)));
        LOG.info("DeactivateMFADevice for user {} serial {}: deactivated", userName, serialNumber);
    }

    @Override
    public void deleteVirtualMfaDevice(String serialNumber) {
        call("DeleteVirtualMFADevice", () -> iam.deleteVirtualMFADevice(b -> b.serialNumber(serialNumber)));
        LOG.info("DeleteVirtualMFADevice serial {}: deleted", serialNumber);
    }

    /**
     * {@inheritDoc}
     *
     * <p>Retried by the SDK like the other deletes: a repeat after a lost answer says {@code NoSuchEntity}, which the
     * caller, having seen the password a moment before, can take as "already removed".
     */
    @Override
    public void deleteLoginProfile(String userName) {
        call("DeleteLoginProfile", () -> iam.deleteLoginProfile(b -> b.userName(userName)));
        LOG.info("DeleteLoginProfile for user {}: console password removed", userName);
    }

    @Override
    public boolean generateCredentialReport() {
        return call("GenerateCredentialReport",
                () -> iam.generateCredentialReport().state() == ReportStateType.COMPLETE);
    }

    @Override
    public Optional<CredentialReportContent> getCredentialReport() {
        try {
            var report = call("GetCredentialReport", () -> iam.getCredentialReport());
            if (report.content() == null || report.generatedTime() == null) {
                throw new IamFailure(Kind.UNKNOWN, "GetCredentialReport", null, report.responseMetadata().requestId(),
                        null);
            }
            // The SDK has already removed the base64 layer.
            return Optional.of(new CredentialReportContent(report.content().asUtf8String(), report.generatedTime()));
        } catch (IamFailure e) {
            if (e.awsErrorCode() != null && REPORT_NOT_AVAILABLE.contains(e.awsErrorCode())) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** Closes both SDK clients, the shared HTTP client and the default credential chain if it was created here. */
    @Override
    public void close() {
        clients.close();
    }

    private static <T> T call(String action, Supplier<T> sdkCall) {
        try {
            return sdkCall.get();
        } catch (SdkException e) {
            throw IamFailures.from(action, e);
        }
    }

    private static IamUser toIamUser(User user) {
        return new IamUser(user.userName(), user.userId(), user.arn(), user.createDate());
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
