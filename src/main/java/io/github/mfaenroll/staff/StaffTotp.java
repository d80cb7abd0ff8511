package io.github.mfaenroll.staff;

import io.github.mfaenroll.audit.AuditAction;
import io.github.mfaenroll.audit.AuditEntry.Outcome;
import io.github.mfaenroll.audit.AuditLog;
import io.github.mfaenroll.identity.SecretTokens;
import io.github.mfaenroll.staff.HelpdeskAccounts.IssuedSetupLink;
import io.github.mfaenroll.staff.HelpdeskAccounts.SecondFactorPage;
import io.github.mfaenroll.staff.HelpdeskAccounts.SetupLinkView;
import io.github.mfaenroll.staff.SignInStep.Reason;
import io.github.mfaenroll.staff.SignInThrottle.Attempt;
import io.github.mfaenroll.staff.StaffFactorStore.PendingStep;
import io.github.mfaenroll.staff.StaffFactorStore.SecondFactor;
import io.github.mfaenroll.store.SeedCipher;
import io.github.mfaenroll.totp.TotpCodeVerifier;
import io.github.mfaenroll.totp.TotpCodeVerifier.Verdict;
import io.github.mfaenroll.totp.TotpSecret;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The app's own authenticator for staff, the same for local accounts ({@link HelpdeskAccounts}) and company staff
 * without MFA at the provider ({@link StaffSecondFactors}): pending steps that wait 5 minutes for a code (and may offer
 * a key to enroll, encrypted and bound to their row), the code check (replay guard, consecutive failures, lockout),
 * and one-time setup links. What differs between the two, how they are named in the audit trail and which tables
 * hold their rows, comes from {@link Kind} and the store.
 *
 * @param <P> the kind's pending sign-in
 */
record StaffTotp<P extends PendingStep>(StaffFactorStore<P> store, Kind kind, SignInThrottle throttle,
                                        SeedCipher cipher, TotpCodeVerifier codes, SecretTokens tokens,
                                        SecureRandom random, AuditLog audit, Clock clock, LocalSignInSettings limits,
                                        String issuer, URI baseUrl) {

    /** How long a pending step waits for its code. */
    static final Duration PENDING_TTL = Duration.ofMinutes(5);
    /** How long a setup link stays valid. */
    static final Duration SETUP_LINK_TTL = Duration.ofHours(72);

    private static final Logger log = LoggerFactory.getLogger(StaffTotp.class);

    /**
     * How one kind of staff is named: {@code principal} turns an owner into its name in the audit trail,
     * {@code keyContext} binds offered keys to that kind's pending rows, {@code setupPath} is where its setup links
     * point, and the rest are the words of its audit entries and log lines.
     */
    record Kind(UnaryOperator<String> principal, String keyContext, String setupPath, String setupLinkNote,
                String failureNote, String lockCause, String logName) {

        /** Local helpdesk accounts: the owner is the account name, its principal {@code helpdesk:NAME}. */
        static final Kind LOCAL = new Kind(HelpdeskAccounts::principal, "helpdesk-pending:",
                HelpdeskAccounts.SETUP_PATH, "", "", "failed sign-ins", "Helpdesk account");
        /** Company staff: the owner is the principal {@code oidc:NAME}. */
        static final Kind COMPANY = new Kind(owner -> owner, "oidc-staff-pending:", StaffSecondFactors.SETUP_PATH,
                "company account; ", "oidc staff second factor: ", "wrong codes", "Staff");

        @Override
        public String toString() {
            return logName;
        }
    }

    /** What the caller does once a code passed (the pending step is used up and the code recorded). */
    interface Passed<P> {
        SignInStep signIn(P pending, boolean enrolled);
    }

    /**
     * A new pending step: the token for the browser's cookie, the hash that names its row, and, if it offers a key to
     * enroll, that key encrypted for the row.
     */
    record NewPending(String token, String idHash, String enrollmentCiphertext) {
        @Override
        public String toString() {
            return "NewPending[redacted]";
        }
    }

    @Override
    public String toString() {
        return "StaffTotp[" + kind + "]";
    }

    /** A new pending step, offering a freshly generated key to enroll when {@code offerKey}. */
    NewPending newPending(boolean offerKey) {
        String token = tokens.newToken();
        String idHash = SecretTokens.sha256(token);
        String enrollment = offerKey ? cipher.encrypt(TotpSecret.generate(random).base32(), keyContext(idHash)) : null;
        return new NewPending(token, idHash, enrollment);
    }

    /** The pending step the browser's token names, if it has not expired. */
    Optional<P> pending(String pendingToken) {
        if (!SecretTokens.plausible(pendingToken)) {
            return Optional.empty();
        }
        return store.findPending(SecretTokens.sha256(pendingToken), clock.instant());
    }

    /** What the code page shows for this pending step; empty if there is none (expired, used, never made). */
    Optional<SecondFactorPage> secondFactor(String pendingToken) {
        return pending(pendingToken).map(pending -> {
            if (pending.enrollmentCiphertext() == null) {
                return new SecondFactorPage(pending.owner(), null, null);
            }
            TotpSecret secret = enrollmentSecret(pending);
            return new SecondFactorPage(pending.owner(), secret, secret.otpauthUri(issuer, pending.owner()));
        });
    }

    /**
     * The code step (which, when the pending step offers a key, also enrolls it). Once the code passed, the pending
     * step is used up and the step recorded before {@code passed} is asked what the sign-in gives.
     */
    SignInStep checkCode(String pendingToken, String code, String clientAddress, Passed<P> passed) {
        Attempt attempt = throttle.countAttempt(clientAddress);
        if (!attempt.allowed()) {
            return attempt.refusal(audit, clientAddress);
        }
        Optional<P> found = pending(pendingToken);
        Optional<SecondFactor> factor = found.flatMap(p -> store.findFactor(p.owner()));
        if (factor.isEmpty()) {
            return new SignInStep.Refused(Reason.START_AGAIN);
        }
        P pending = found.get();
        String owner = pending.owner();
        SecondFactor row = factor.get();
        if (row.lockedAt(clock.instant())) {
            store.deletePendingFor(owner);
            return new SignInStep.TooManyAttempts(row.lockedUntil());
        }
        boolean enrolling = pending.enrollmentCiphertext() != null;
        if (!enrolling && !row.enrolled()) {
            return new SignInStep.Refused(Reason.SETUP_LINK_NEEDED); // no key to check against: the setup link first
        }
        if (enrolling && row.enrolled()) {
            store.consumePending(pending.idHash()); // another sign-in enrolled first: this key is worthless now
            return new SignInStep.Refused(Reason.START_AGAIN);
        }
        TotpSecret secret = enrolling ? enrollmentSecret(pending)
                : TotpSecret.fromBase32(cipher.decrypt(row.totpCiphertext(), owner));
        long lastStep = row.lastTotpStep() == null ? Long.MIN_VALUE : row.lastTotpStep();
        Verdict verdict = codes.verify(secret, code, lastStep);
        if (verdict instanceof Verdict.Rejected rejected) {
            boolean reused = rejected.reason() == TotpCodeVerifier.Reason.ALREADY_USED;
            return failure(owner, reused ? "code already used" : "wrong code", clientAddress,
                    reused ? Reason.CODE_ALREADY_USED : Reason.WRONG_CODE);
        }
        long step = ((Verdict.Accepted) verdict).step();
        if (!store.consumePending(pending.idHash())) {
            return new SignInStep.Refused(Reason.START_AGAIN); // the same pending step finished elsewhere
        }
        boolean stored = enrolling ? store.completeEnrollment(owner, cipher.encrypt(secret.base32(), owner), step)
                : store.acceptStep(owner, step);
        if (!stored) {
            // Lost a race: another request enrolled first, or accepted this very step first (a replay).
            return enrolling ? new SignInStep.Refused(Reason.START_AGAIN)
                    : failure(owner, "code already used", clientAddress, Reason.CODE_ALREADY_USED);
        }
        return passed.signIn(pending, enrolling);
    }

    /**
     * Counts a failed step (a wrong code; for local accounts also a wrong password) against the owner, audited; the
     * one that reaches {@link LocalSignInSettings#maxFailures()} locks the owner and ends its pending steps.
     */
    SignInStep failure(String owner, String what, String clientAddress, Reason reason) {
        int failures = store.recordFailure(owner);
        String principal = kind.principal().apply(owner);
        audit.record(principal, null, AuditAction.SIGN_IN_FAILED, Outcome.FAILURE, kind.failureNote() + what
                + " (" + failures + " of " + limits.maxFailures() + "); from " + clientAddress);
        if (failures < limits.maxFailures()) {
            return new SignInStep.Refused(reason);
        }
        Instant until = clock.instant().plus(limits.lockout());
        if (store.lockIfReached(owner, limits.maxFailures(), until)) {
            store.deletePendingFor(owner);
            audit.record(principal, principal, AuditAction.ACCOUNT_LOCKED, Outcome.DENIED,
                    "locked for " + limits.lockout().toMinutes() + " min after " + failures + " " + kind.lockCause());
            log.warn("{} {} locked after {} {}", kind.logName(), owner, failures, kind.lockCause());
        }
        return new SignInStep.TooManyAttempts(until);
    }

    /** Issues the owner's one-time setup link, revoking its earlier unused ones. The caller checks the owner first. */
    IssuedSetupLink issueSetupLink(String owner, String actor) {
        String token = tokens.newToken();
        Instant now = clock.instant();
        Instant expiresAt = now.plus(SETUP_LINK_TTL);
        int revoked = store.replaceSetupLink(SecretTokens.sha256(token), owner, actor, now, expiresAt);
        audit.record(actor, kind.principal().apply(owner), AuditAction.SETUP_LINK_ISSUED, Outcome.SUCCESS,
                kind.setupLinkNote() + "valid until " + expiresAt
                        + (revoked > 0 ? "; " + revoked + " earlier link(s) revoked" : ""));
        return new IssuedSetupLink(owner, URI.create(baseUrl + kind.setupPath() + token), expiresAt);
    }

    /** The owner a usable setup link sets up, for its landing page; empty when unknown, used, revoked or expired. */
    Optional<SetupLinkView> setupLink(String token) {
        if (!SecretTokens.plausible(token)) {
            return Optional.empty();
        }
        return store.findUsableSetupLink(SecretTokens.sha256(token), clock.instant())
                .map(link -> new SetupLinkView(link.owner(), link.expiresAt()));
    }

    private TotpSecret enrollmentSecret(P pending) {
        return TotpSecret.fromBase32(cipher.decrypt(pending.enrollmentCiphertext(), keyContext(pending.idHash())));
    }

    /** Binds an offered key to its pending row, so a ciphertext copied to another row does not decrypt. */
    private String keyContext(String idHash) {
        return kind.keyContext() + idHash;
    }
}
