package io.github.mfaenroll.enrollment;

import io.github.mfaenroll.audit.Actors;
import io.github.mfaenroll.audit.AuditAction;
import io.github.mfaenroll.audit.AuditEntry.Outcome;
import io.github.mfaenroll.audit.AuditLog;
import io.github.mfaenroll.audit.References;
import io.github.mfaenroll.enrollment.EnrollmentProblem.Kind;
import io.github.mfaenroll.iam.Account;
import io.github.mfaenroll.iam.AccountDirectory;
import io.github.mfaenroll.iam.AccountUser;
import io.github.mfaenroll.iam.CreatedVirtualMfaDevice;
import io.github.mfaenroll.iam.IamFailure;
import io.github.mfaenroll.iam.MfaDevice;
import io.github.mfaenroll.iam.MfaSerial;
import io.github.mfaenroll.limits.UserLockouts;
import io.github.mfaenroll.mail.Notifications;
import io.github.mfaenroll.store.SeedCipher;
import io.github.mfaenroll.totp.PairVerdict;
import io.github.mfaenroll.totp.TotpSecret;
import io.github.mfaenroll.totp.TotpVerifier;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The enrollment state machine. Every method takes the {@link Enroller}: the IAM user bound to the caller's session
 * (nothing here accepts a user name from a request) and that session's key. An enrollment belongs to the session that
 * started it: no other session, not even one of the same user, sees its seed, verifies or cancels it. No Javalin
 * imports; the controller turns results into pages.
 *
 * @param lockouts counts every wrong pair against the user, across enrollments, and refuses a locked-out user
 * @param startsPerHour enrollments that create a device, per user and per session, in any rolling hour
 * @param deviceLists the session's recent read of the user's devices, so an enrollment lists them once
 */
public record EnrollmentService(AccountDirectory accounts, EnrollmentStore store, DeviceProvisioner provisioner,
                                SeedCipher seedCipher, TotpVerifier verifier, AuditLog audit, Clock clock, Duration ttl,
                                IssuerName issuer, EnrollmentMetrics metrics, Notifications notifications,
                                Executor mailQueue, UserLockouts lockouts, int startsPerHour,
                                RecentDeviceLists deviceLists) {

    /** Wrong code pairs allowed per enrollment before it ends and its device is deleted. */
    public static final int MAX_FAILED_ATTEMPTS = 5;

    /** A STARTED enrollment older than this was interrupted (a create takes seconds, its SDK call at most 15 s). */
    private static final Duration STALE_START = Duration.ofMinutes(2);

    private static final Logger log = LoggerFactory.getLogger(EnrollmentService.class);

    /**
     * The user's devices and this session's enrollment in progress (expiring it first if its time is up). A running
     * enrollment of another session is not shown: starting here replaces it.
     */
    public Overview overview(Enroller enroller) {
        AccountUser iamUser = enroller.iamUser();
        Optional<Enrollment> active = store.findActive(iamUser)
                .filter(e -> e.belongsTo(enroller.sessionKey()))
                .filter(e -> !expireIfDue(e));
        return new Overview(iamUser.name(), devicesOf(enroller), MfaSerial.MAX_DEVICES_PER_USER,
                mayAddToExistingMfa(enroller), active);
    }

    /**
     * Every IAM user the session is bound to (a company sign-in that matched the person in several accounts), with
     * its account and MFA state, so the person can enroll each in turn. The session's current user's devices come
     * from {@link #overview}; the others are asked of their accounts here, one call each.
     */
    public List<UserAccount> userAccounts(List<AccountUser> boundUsers, AccountUser current) {
        return boundUsers.stream().map(user -> {
            Boolean hasMfa;
            try {
                hasMfa = !accounts.employeeIam(user.account()).listMfaDevices(user.name()).isEmpty();
            } catch (IamFailure e) {
                hasMfa = null; // the page says "unknown"; the other accounts still work
            }
            String label = accounts.byId(user.account()).map(Account::label).orElse(user.account().value());
            return new UserAccount(user.account().value(), label, user.name(), hasMfa, user.equals(current));
        }).toList();
    }

    /** "alias (id)" of the user's account when the app serves several (pages then name it), else empty. */
    public String accountLabel(AccountUser user) {
        if (!accounts.severalAccounts()) {
            return "";
        }
        return accounts.describe(user.account());
    }

    /** The user's devices: as this session read them a moment ago (the start page), or from IAM now. */
    private List<MfaDevice> devicesOf(Enroller enroller) {
        AccountUser iamUser = enroller.iamUser();
        return deviceLists.current(enroller, () -> callIam(iamUser, () -> accounts.employeeIam(iamUser.account()).listMfaDevices(iamUser.name())));
    }

    /** A link the helpdesk allowed it on, or a device this very session has bound (it holds one of the factors). */
    private boolean mayAddToExistingMfa(Enroller enroller) {
        return enroller.allowAdditionalDevice() || store.enabledInSession(enroller.iamUser(), enroller.sessionKey());
    }

    /**
     * Starts an enrollment, or resumes the one in progress: creates the virtual device in IAM and keeps its seed,
     * encrypted, until the codes are verified. Refuses before creating anything when the user is at the device
     * limit, or already has MFA and has not bound a device in this session: a link from an email must not let
     * whoever holds it add a second factor to a protected user, unless the session came from a link on which a
     * helpdesk member allowed it. A running enrollment of another session of the user ends here, its device with
     * it. Starts are limited per user and per session, so no loop of start and cancel spends the account's IAM calls.
     */
    public Enrollment start(Enroller enroller) {
        AccountUser iamUser = enroller.iamUser();
        requireNotLockedOut(iamUser);
        Optional<Enrollment> running = resumeOwn(enroller);
        if (running.isPresent()) {
            return running.get();
        }
        // Counted before another session's setup is touched: a session over its limit ends nobody's setup.
        requireStartAllowed(enroller);
        endAnotherSessionsEnrollment(enroller);
        // Listing the devices also proves the user exists (NoSuchEntity otherwise).
        List<MfaDevice> devices = devicesOf(enroller);
        if (devices.size() >= MfaSerial.MAX_DEVICES_PER_USER) {
            throw new EnrollmentProblem(Kind.DEVICE_LIMIT, null, null);
        }
        boolean addingToExistingMfa = !devices.isEmpty();
        if (addingToExistingMfa && !mayAddToExistingMfa(enroller)) {
            throw new EnrollmentProblem(Kind.ALREADY_HAS_MFA, null, null);
        }
        String id = UUID.randomUUID().toString();
        if (!store.insertStarted(id, iamUser, enroller.sessionKey(), clock.instant().plus(ttl))) {
            // Another request (double click, second tab, other instance) started one a moment ago.
            return resumeOwn(enroller).orElseThrow(() -> new EnrollmentProblem(Kind.START_IN_PROGRESS, null, null));
        }
        audit.recordOnUser(iamUser.name(), iamUser, AuditAction.ENROLLMENT_STARTED, Outcome.SUCCESS, "enrollment " + id
                + (addingToExistingMfa && enroller.allowAdditionalDevice()
                        ? ", additional device allowed by a helpdesk link" : ""));
        metrics.enrollmentStarted(iamUser.account());
        CreatedVirtualMfaDevice device;
        try {
            device = provisioner.create(iamUser, id);
        } catch (IamFailure e) {
            store.finish(id, EnrollmentState.STARTED, EnrollmentState.FAILED, e.kind().name());
            metrics.creationFailed(iamUser.account(), e.kind());
            throw problemFrom(iamUser, e, AuditAction.ENROLLMENT_FAILED);
        }
        String deviceName = new MfaSerial(device.serialNumber()).deviceName();
        if (!store.markDeviceCreated(id, deviceName, device.serialNumber(), seedCipher.encrypt(device.base32Seed(), id))) {
            // Cancelled while IAM was creating the device: remove it now rather than leave it to the sweeper.
            provisioner.deleteIfUnassigned(iamUser, deviceName, device.serialNumber(), iamUser.name());
            throw new EnrollmentProblem(Kind.NO_ACTIVE_ENROLLMENT, null, null);
        }
        return store.find(id).orElseThrow();
    }

    /**
     * Another session's running enrollment of the user is cancelled and its device deleted: that session was replaced
     * (a newer link was claimed, or the person moved to another browser), and its seed is never handed to this one.
     */
    private void endAnotherSessionsEnrollment(Enroller enroller) {
        store.findActive(enroller.iamUser()).filter(e -> !e.belongsTo(enroller.sessionKey())).ifPresent(other -> {
            if (store.finish(other.id(), other.state(), EnrollmentState.CANCELLED, null)) {
                audit.recordOnUser(Actors.SYSTEM, other.iamUser(), AuditAction.ENROLLMENT_CANCELLED, Outcome.SUCCESS,
                        "enrollment " + other.id() + ", replaced by a start in another session");
                removeDevice(other, Actors.SYSTEM);
            }
        });
    }

    /**
     * This session's running enrollment to resume, if any. A start still creating its device is reported as in
     * progress; one stuck in STARTED for longer than any create can take (the process died mid-call) is failed, and
     * its ledger device is left to the sweeper. Another session's enrollment is not this session's to resume.
     */
    private Optional<Enrollment> resumeOwn(Enroller enroller) {
        Optional<Enrollment> active = store.findActive(enroller.iamUser())
                .filter(e -> e.belongsTo(enroller.sessionKey()));
        if (active.isEmpty()) {
            return Optional.empty();
        }
        Enrollment current = active.get();
        if (current.state() == EnrollmentState.DEVICE_CREATED) {
            return expireIfDue(current) ? Optional.empty() : active;
        }
        if (current.createdAt().plus(STALE_START).isAfter(clock.instant())) {
            throw new EnrollmentProblem(Kind.START_IN_PROGRESS, null, null);
        }
        store.finish(current.id(), EnrollmentState.STARTED, EnrollmentState.FAILED, VerifyProblem.INTERRUPTED.code());
        return Optional.empty();
    }

    /** The QR code's content and the typed key for this session's enrollment in progress. */
    public ScanDetails scanDetails(Enroller enroller) {
        AccountUser iamUser = enroller.iamUser();
        Enrollment enrollment = requireCreated(enroller);
        TotpSecret secret = TotpSecret.fromBase32(seedCipher.decrypt(enrollment.seedCiphertext(), enrollment.id()));
        String issuerName = issuer.forDevice(enrollment.serialNumber());
        return new ScanDetails(enrollment.id(), secret.otpauthUri(issuerName, iamUser.name()), secret.base32Grouped(), issuerName,
                iamUser.name(),
                enrollment.expiresAt());
    }

    /**
     * Checks the two codes locally, then binds the device with {@code EnableMFADevice}. A pair is reserved before
     * IAM is called, so it can never be accepted twice. The notice that a device was bound goes out in
     * {@code mailLanguage}, the language the owner used for the setup (null: the configured mail language).
     */
    public VerifyResult verify(Enroller enroller, String code1, String code2, Locale mailLanguage) {
        AccountUser iamUser = enroller.iamUser();
        Enrollment enrollment = requireCreated(enroller);
        if (lockouts.active(iamUser).isPresent()) {
            // Locked out meanwhile (another tab, a resync): this enrollment cannot finish, so its device goes now.
            endWithFailure(enrollment, VerifyProblem.LOCKED_OUT);
            throw new EnrollmentProblem(Kind.LOCKED_OUT, null, null);
        }
        TotpSecret secret = TotpSecret.fromBase32(seedCipher.decrypt(enrollment.seedCiphertext(), enrollment.id()));
        long lastStep = enrollment.lastAcceptedStep() == null ? Long.MIN_VALUE : enrollment.lastAcceptedStep();
        PairVerdict verdict = verifier.verifyPair(secret, code1, code2, lastStep);
        if (verdict instanceof PairVerdict.Rejected rejected) {
            return rejectPair(enrollment, VerifyProblem.of(rejected.reason()), rejected.clockOffsetSeconds());
        }
        // Record the pair's second step: the next pair must start after it, so not even one code is reused.
        PairVerdict.Accepted accepted = (PairVerdict.Accepted) verdict;
        if (!store.claimSteps(enrollment.id(), accepted.firstStep(), accepted.secondStep())) {
            if (store.find(enrollment.id()).map(Enrollment::state).orElse(null) != EnrollmentState.DEVICE_CREATED) {
                throw new EnrollmentProblem(Kind.NO_ACTIVE_ENROLLMENT, null, null); // cancelled or finished meanwhile
            }
            return rejectPair(enrollment, VerifyProblem.ALREADY_USED, 0);
        }
        try {
            // The codes exactly as checked: IAM rejects anything but six ASCII digits.
            accounts.employeeIam(iamUser.account()).enableMfaDevice(iamUser.name(), enrollment.serialNumber(), TotpVerifier.normalize(code1),
                    TotpVerifier.normalize(code2));
        } catch (IamFailure e) {
            return enableFailed(enrollment, e);
        }
        store.markEnabled(enrollment.id());
        provisioner.markEnabled(iamUser.account(), enrollment.deviceName(), enrollment.serialNumber());
        audit.recordOnUser(iamUser.name(), iamUser, AuditAction.DEVICE_ENABLED, Outcome.SUCCESS, enrollment.serialNumber());
        metrics.enrollmentCompleted(iamUser.account());
        Instant boundAt = clock.instant();
        deviceLists.bound(enroller, new MfaDevice(enrollment.serialNumber(), boundAt));
        // The owner hears of every new factor through a second channel (NIST SP 800-63B). Off the request thread:
        // a slow or dead mail server must not hold up, or undo, a finished enrollment.
        // The address the session already knew from the email tag saves reading the tags again.
        mailQueue.execute(() -> notifications.sendDeviceBound(iamUser, enrollment.serialNumber(), boundAt,
                mailLanguage, enroller.tagAddress()));
        log.info("MFA device {} enabled for {}", enrollment.serialNumber(), iamUser);
        return new VerifyResult.Enabled(enrollment.serialNumber());
    }

    /** Cancels this session's enrollment in progress and deletes its device. Does nothing when none is running. */
    public void cancel(Enroller enroller) {
        AccountUser iamUser = enroller.iamUser();
        store.findActive(iamUser).filter(e -> e.belongsTo(enroller.sessionKey())).ifPresent(enrollment -> {
            if (store.finish(enrollment.id(), enrollment.state(), EnrollmentState.CANCELLED, null)) {
                audit.recordOnUser(iamUser.name(), iamUser, AuditAction.ENROLLMENT_CANCELLED, Outcome.SUCCESS,
                        "enrollment " + enrollment.id());
                removeDevice(enrollment, iamUser.name());
            }
        });
    }

    /** Ends expired enrollments and deletes leftover devices the app created. Returns devices deleted. */
    public int sweep() {
        int deleted = 0;
        for (Enrollment enrollment : store.findExpiredActive()) {
            if (endExpired(enrollment) && enrollment.serialNumber() != null) {
                deleted++;
            }
        }
        return deleted + provisioner.sweepLeftovers(clock.instant().minus(ttl),
                enrollmentId -> store.find(enrollmentId).map(e -> e.state().active()).orElse(false));
    }

    private VerifyResult rejectPair(Enrollment enrollment, VerifyProblem problem, long offsetSeconds) {
        int failures = store.recordFailure(enrollment.id(), problem.code(), offsetSeconds == 0 ? null : offsetSeconds);
        metrics.pairRejected(enrollment.iamUser().account(), problem);
        audit.recordOnUser(enrollment.iamUser().name(), enrollment.iamUser(), AuditAction.VERIFICATION_FAILED, Outcome.FAILURE,
                problem.code() + ", attempt " + failures + " of " + MAX_FAILED_ATTEMPTS);
        if (lockouts.recordFailure(enrollment.iamUser(), "a wrong code pair in the setup wizard")) {
            endWithFailure(enrollment, VerifyProblem.LOCKED_OUT);
            throw new EnrollmentProblem(Kind.LOCKED_OUT, null, null);
        }
        if (failures >= MAX_FAILED_ATTEMPTS) {
            endWithFailure(enrollment, VerifyProblem.TOO_MANY_ATTEMPTS);
            throw new EnrollmentProblem(Kind.TOO_MANY_ATTEMPTS, null, null);
        }
        return new VerifyResult.Rejected(problem, offsetSeconds, MAX_FAILED_ATTEMPTS - failures);
    }

    private VerifyResult enableFailed(Enrollment enrollment, IamFailure e) {
        if (e.kind() == IamFailure.Kind.INVALID_AUTHENTICATION_CODE) {
            // Our check passed but IAM's did not: usually the codes aged in transit. New codes will do.
            return rejectPair(enrollment, VerifyProblem.AWS_REJECTED, 0);
        }
        if (!EnrollmentMetrics.ENDING_IAM_FAILURES.contains(e.kind())) {
            // Busy, unreachable, or a problem on the app's side (credentials, permissions): the enrollment stays,
            // and the user can try again with new codes once it is fixed. The sweeper ends it after its TTL.
            throw problemFrom(enrollment.iamUser(), e, AuditAction.VERIFICATION_FAILED);
        }
        endWithFailure(enrollment, e.kind());
        EnrollmentProblem problem = problemFrom(enrollment.iamUser(), e, AuditAction.ENROLLMENT_FAILED);
        if (e.kind() == IamFailure.Kind.NO_SUCH_ENTITY) {
            throw new EnrollmentProblem(Kind.DEVICE_GONE, problem.reference(), e);
        }
        throw problem;
    }

    private void endWithFailure(Enrollment enrollment, VerifyProblem problem) {
        if (endWithFailure(enrollment, problem.code())) {
            metrics.endedBy(enrollment.iamUser().account(), problem);
        }
    }

    private void endWithFailure(Enrollment enrollment, IamFailure.Kind kind) {
        if (endWithFailure(enrollment, kind.name())) {
            metrics.endedBy(enrollment.iamUser().account(), kind);
        }
    }

    /**
     * @param problem a {@link VerifyProblem#code()}, or the name of the IAM failure that ended it (as stored)
     * @return whether this call ended it (false: another request or instance already had)
     */
    private boolean endWithFailure(Enrollment enrollment, String problem) {
        if (!store.finish(enrollment.id(), EnrollmentState.DEVICE_CREATED, EnrollmentState.FAILED, problem)) {
            return false;
        }
        audit.recordOnUser(Actors.SYSTEM, enrollment.iamUser(), AuditAction.ENROLLMENT_FAILED, Outcome.FAILURE, problem);
        removeDevice(enrollment, Actors.SYSTEM);
        return true;
    }

    /** Expires the enrollment if its time is up (deleting its device). Returns whether it is expired. */
    private boolean expireIfDue(Enrollment enrollment) {
        if (!enrollment.expiredAt(clock.instant())) {
            return false;
        }
        endExpired(enrollment);
        return true;
    }

    /** Ends an expired enrollment and deletes its device; false when another request or instance already did. */
    private boolean endExpired(Enrollment enrollment) {
        if (!store.finish(enrollment.id(), enrollment.state(), EnrollmentState.EXPIRED, null)) {
            return false;
        }
        metrics.expired(enrollment.iamUser().account());
        audit.recordOnUser(Actors.SWEEPER, enrollment.iamUser(), AuditAction.ENROLLMENT_EXPIRED, Outcome.SUCCESS,
                "enrollment " + enrollment.id());
        removeDevice(enrollment, Actors.SWEEPER);
        return true;
    }

    private void removeDevice(Enrollment enrollment, String actor) {
        if (enrollment.serialNumber() != null) {
            provisioner.deleteIfUnassigned(enrollment.iamUser(), enrollment.deviceName(), enrollment.serialNumber(),
                    actor);
        }
    }

    /** Whether the user is locked out of enrolling and resyncing now (too many failed verifications). */
    public boolean lockedOut(AccountUser iamUser) {
        return lockouts.active(iamUser).isPresent();
    }

    private void requireNotLockedOut(AccountUser iamUser) {
        if (lockouts.active(iamUser).isPresent()) {
            throw new EnrollmentProblem(Kind.LOCKED_OUT, null, null);
        }
    }

    /**
     * Refuses a start past the hourly limit per user or per session. A start that resumes the running enrollment is
     * not counted; each one that creates a device is.
     */
    private void requireStartAllowed(Enroller enroller) {
        Instant hourAgo = clock.instant().minus(Duration.ofHours(1));
        boolean user = store.startedByUserSince(enroller.iamUser(), hourAgo) >= startsPerHour;
        if (user || store.startedBySessionSince(enroller.sessionKey(), hourAgo) >= startsPerHour) {
            audit.recordOnUser(enroller.iamUser().name(), enroller.iamUser(), AuditAction.ENROLLMENT_FAILED, Outcome.DENIED,
                    "more than " + startsPerHour + " starts within an hour " + (user ? "for the user" : "in the session"));
            throw new EnrollmentProblem(Kind.TOO_MANY_STARTS, null, null);
        }
    }

    private Enrollment requireCreated(Enroller enroller) {
        Enrollment enrollment = store.findActive(enroller.iamUser())
                .filter(e -> e.state() == EnrollmentState.DEVICE_CREATED)
                .filter(e -> e.belongsTo(enroller.sessionKey()))
                .orElseThrow(() -> new EnrollmentProblem(Kind.NO_ACTIVE_ENROLLMENT, null, null));
        if (expireIfDue(enrollment)) {
            throw new EnrollmentProblem(Kind.ENROLLMENT_EXPIRED, null, null);
        }
        return enrollment;
    }

    private <T> T callIam(AccountUser iamUser, Supplier<T> call) {
        try {
            return call.get();
        } catch (IamFailure e) {
            throw problemFrom(iamUser, e, null);
        }
    }

    /** Turns an IAM failure into a problem with a reference that is in the log and (when given) the audit trail. */
    private EnrollmentProblem problemFrom(AccountUser iamUser, IamFailure e, AuditAction auditAction) {
        String reference = References.next();
        Kind kind = switch (e.kind()) {
            case NO_SUCH_ENTITY -> Kind.USER_NOT_FOUND;
            case LIMIT_EXCEEDED -> Kind.DEVICE_LIMIT;
            // UNKNOWN is mostly an answer the SDK could not read (a proxy's error page, a cut-off body): like an
            // outage, the honest advice is to try again shortly.
            case BUSY, THROTTLED, UNREACHABLE, SERVICE_FAILURE, UNKNOWN -> Kind.IAM_UNAVAILABLE;
            default -> Kind.IAM_REFUSED;
        };
        log.warn("{} for user {}: {} (AWS request id {}) [{}]", e.action(), iamUser, e.kind(), e.awsRequestId(),
                reference);
        if (auditAction != null) {
            audit.recordOnUser(Actors.SYSTEM, iamUser, auditAction, Outcome.FAILURE, e.action() + ": " + e.kind(), reference);
        }
        return new EnrollmentProblem(kind, reference, e);
    }
}
