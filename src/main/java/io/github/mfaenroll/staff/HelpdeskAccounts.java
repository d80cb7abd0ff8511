package io.github.mfaenroll.staff;

import io.github.mfaenroll.identity.Role;
import io.github.mfaenroll.identity.SecretTokens;

import io.github.mfaenroll.audit.AuditAction;
import io.github.mfaenroll.audit.AuditEntry.Outcome;
import io.github.mfaenroll.audit.AuditLog;
import io.github.mfaenroll.staff.HelpdeskAccountStore.Account;
import io.github.mfaenroll.staff.HelpdeskAccountStore.Pending;
import io.github.mfaenroll.staff.SignInStep.Reason;
import io.github.mfaenroll.staff.SignInThrottle.Attempt;
import io.github.mfaenroll.store.SeedCipher;
import io.github.mfaenroll.totp.TotpCodeVerifier;
import io.github.mfaenroll.totp.TotpSecret;
import java.net.URI;
import java.security.SecureRandom;
import java.text.Normalizer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Local helpdesk accounts, so the embedded default works without an identity provider: creation (from the CLI), the
 * one-time setup link, and the two sign-in steps. Step one checks the password (Argon2id) and leaves a pending
 * sign-in, not a session; step two checks a TOTP code. Only then may the caller start a session. A new account has
 * no authenticator: it is enrolled through the setup link that {@code helpdesk add} prints (link and password, then
 * one valid code), never by whoever first knows the password.
 *
 * <p>Consecutive failures of either step count against the account; at {@link LocalSignInSettings#maxFailures()} it is
 * locked for {@link LocalSignInSettings#lockout()}. Unknown names are answered like wrong passwords, in the same time, and
 * lock the same way. Every request of either step also counts against the client address ({@link SignInThrottle}).
 */
public final class HelpdeskAccounts {

    /** Account names: also what the CLI accepts. Stored lower-case; sign-in ignores case. */
    public static final Pattern NAME = Pattern.compile("[a-z0-9._@-]{2,64}");
    /** NIST SP 800-63B §5.1.1.2: at least 8, and 15 without MFA; 12 is the house minimum. No composition rules. */
    public static final int MIN_PASSWORD_LENGTH = 12;
    /** Long passphrases are welcome (NIST asks for at least 64); the bound only stops absurd request bodies. */
    public static final int MAX_PASSWORD_LENGTH = 1024;
    /** How long a correct password waits for its code. */
    public static final Duration PENDING_TTL = StaffTotp.PENDING_TTL;
    /** How long a setup link of a new account stays valid. */
    public static final Duration SETUP_LINK_TTL = StaffTotp.SETUP_LINK_TTL;
    /** Where setup links point, followed by the token. */
    public static final String SETUP_PATH = "/signin/setup/";

    private static final Logger log = LoggerFactory.getLogger(HelpdeskAccounts.class);

    /** An account that cannot be created as asked; the message says why in words for the CLI. */
    public static final class InvalidAccount extends RuntimeException {
        public InvalidAccount(String message) {
            super(message);
        }
    }

    /** A new setup link: the URL (with the token: shown once, to whoever creates the account) and its expiry. */
    public record IssuedSetupLink(String accountName, URI url, Instant expiresAt) {
        @Override
        public String toString() {
            return "IssuedSetupLink[" + accountName + ", until " + expiresAt + "]";
        }
    }

    /** What the landing page of a usable setup link shows. */
    public record SetupLinkView(String accountName, Instant expiresAt) {
    }

    /** What the code page shows: at a first sign-in, the key to enroll and its QR text. */
    public record SecondFactorPage(String accountName, TotpSecret enrollmentSecret, String otpauthUri) {
        public boolean enrolling() {
            return enrollmentSecret != null;
        }

        @Override
        public String toString() {
            return "SecondFactorPage[" + accountName + ", enrolling=" + enrolling() + "]";
        }
    }

    private final HelpdeskAccountStore store;
    private final StaffTotp<Pending> totp;
    private final SignInThrottle throttle;
    private final PasswordHasher hasher;
    private final AuditLog audit;
    private final Clock clock;
    private final LocalSignInSettings limits;

    /**
     * @param issuer the name authenticator apps show for the entry
     * @param baseUrl the app's public URL, for setup links
     */
    public HelpdeskAccounts(Jdbi jdbi, SignInThrottle throttle, PasswordHasher hasher, SeedCipher cipher,
                            TotpCodeVerifier codes, SecretTokens tokens, SecureRandom random, AuditLog audit,
                            Clock clock, LocalSignInSettings limits, String issuer, URI baseUrl) {
        this.store = new HelpdeskAccountStore(jdbi);
        this.totp = new StaffTotp<>(store, StaffTotp.Kind.LOCAL, throttle, cipher, codes, tokens, random, audit, clock,
                limits, issuer, baseUrl);
        this.throttle = throttle;
        this.hasher = hasher;
        this.audit = audit;
        this.clock = clock;
        this.limits = limits;
    }

    /**
     * Creates an account with no authenticator yet; it enrolls one through its setup link ({@link #issueSetupLink}).
     * Returns the stored name.
     */
    public String create(String name, CharSequence password, boolean admin, String actor) {
        String account = normalizeName(name);
        if (account == null || !NAME.matcher(account).matches()) {
            throw new InvalidAccount("A name has 2 to 64 characters: letters, digits, dot, underscore, @ or hyphen.");
        }
        // Counted as the hasher sees it (NFKC), in characters rather than UTF-16 units: an emoji is one character.
        String normalized = password == null ? "" : Normalizer.normalize(password, Normalizer.Form.NFKC);
        int length = normalized.codePointCount(0, normalized.length());
        if (length < MIN_PASSWORD_LENGTH) {
            throw new InvalidAccount("The password must have at least " + MIN_PASSWORD_LENGTH + " characters.");
        }
        if (length > MAX_PASSWORD_LENGTH) {
            throw new InvalidAccount("The password must have at most " + MAX_PASSWORD_LENGTH + " characters.");
        }
        if (normalized.strip().equalsIgnoreCase(account)) {
            throw new InvalidAccount("The password must not be the account name.");
        }
        if (store.exists(account)) {
            throw new InvalidAccount("An account named " + account + " already exists.");
        }
        Role role = admin ? Role.ADMIN : Role.HELPDESK;
        store.insert(account, hasher.hash(password), role, actor, clock.instant());
        audit.record(actor, principal(account), AuditAction.HELPDESK_ACCOUNT_CREATED, Outcome.SUCCESS, "role " + role);
        log.info("Helpdesk account {} created ({}) by {}", account, role, actor);
        return account;
    }

    /** Whether {@code name} is a local administrator account (case-insensitive, as sign-in is). */
    public boolean isAdministrator(String name) {
        String account = normalizeName(name);
        return account != null && NAME.matcher(account).matches()
                && store.find(account).map(a -> a.role() == Role.ADMIN).orElse(false);
    }

    /** Step one: name and password. */
    public SignInStep checkPassword(String name, String password, String clientAddress) {
        Attempt attempt = throttle.countAttempt(clientAddress);
        if (!attempt.allowed()) {
            return attempt.refusal(audit, clientAddress);
        }
        String account = normalizeName(name);
        if (account == null || !NAME.matcher(account).matches() || password == null || password.isEmpty()
                || password.length() > MAX_PASSWORD_LENGTH) {
            // The shape of the input, not the existence of an account, decides this: no hashing needed.
            return new SignInStep.Refused(Reason.WRONG_NAME_OR_PASSWORD);
        }
        Optional<Account> found = store.find(account);
        if (found.isEmpty()) {
            return unknownName(account, password, clientAddress);
        }
        Account row = found.get();
        if (row.factor().lockedAt(clock.instant())) {
            // Checked before the password, so a locked account cannot be probed at all.
            audit.record(principal(account), null, AuditAction.SIGN_IN_FAILED, Outcome.DENIED,
                    "account locked; from " + clientAddress);
            return new SignInStep.TooManyAttempts(row.factor().lockedUntil());
        }
        if (!hasher.verify(password, row.passwordHash())) {
            return totp.failure(account, "wrong password", clientAddress, Reason.WRONG_NAME_OR_PASSWORD);
        }
        if (!hasher.isCurrent(row.passwordHash())) {
            store.updatePasswordHash(account, hasher.hash(password));
        }
        if (!row.factor().enrolled()) {
            // The password alone never enrolls the account's authenticator: that takes the one-time setup link.
            audit.record(principal(account), null, AuditAction.SIGN_IN_FAILED, Outcome.DENIED,
                    "no authenticator yet: the account is set up through its setup link; from " + clientAddress);
            return new SignInStep.Refused(Reason.SETUP_LINK_NEEDED);
        }
        return pendingSecondFactor(account, false);
    }

    /** A pending code step for the account, offering a key to enroll when {@code offerKey}. */
    private SignInStep pendingSecondFactor(String account, boolean offerKey) {
        StaffTotp.NewPending pending = totp.newPending(offerKey);
        Instant now = clock.instant();
        store.insertPending(pending.idHash(), account, pending.enrollmentCiphertext(), now, now.plus(PENDING_TTL));
        return new SignInStep.SecondFactorNeeded(pending.token());
    }

    /**
     * Issues the account's one-time setup link (revoking any earlier unused one): the only way to enroll its
     * authenticator. Refused for an unknown account and for one that already has an authenticator.
     */
    public IssuedSetupLink issueSetupLink(String name, String actor) {
        String account = normalizeName(name);
        Account row = account == null || !NAME.matcher(account).matches() ? null : store.find(account).orElse(null);
        if (row == null) {
            throw new InvalidAccount("There is no account named " + name + ".");
        }
        if (row.factor().enrolled()) {
            throw new InvalidAccount("The account " + account + " already has an authenticator.");
        }
        return totp.issueSetupLink(account, actor);
    }

    /** The account a usable setup link sets up, for its landing page; empty when unknown, used, revoked or expired. */
    public Optional<SetupLinkView> setupLink(String token) {
        return totp.setupLink(token);
    }

    /**
     * Claims a setup link with the account's password: both are needed. Leaves a pending step that enrolls the
     * authenticator with one valid code ({@link #checkCode}); the link is used up at once, a wrong password leaves it
     * valid (and counts towards the account's lockout like any wrong password).
     */
    public SignInStep claimSetupLink(String token, String password, String clientAddress) {
        Attempt attempt = throttle.countAttempt(clientAddress);
        if (!attempt.allowed()) {
            return attempt.refusal(audit, clientAddress);
        }
        Optional<SetupLinkView> link = setupLink(token);
        if (link.isEmpty()) {
            audit.record("anonymous", null, AuditAction.SIGN_IN_FAILED, Outcome.DENIED,
                    "setup link unknown, used, revoked or expired; from " + clientAddress);
            return new SignInStep.Refused(Reason.SETUP_LINK_UNUSABLE);
        }
        String account = link.get().accountName();
        Account row = store.find(account).orElseThrow();
        Instant now = clock.instant();
        if (row.factor().lockedAt(now)) {
            audit.record(principal(account), null, AuditAction.SIGN_IN_FAILED, Outcome.DENIED,
                    "account locked; setup link not used; from " + clientAddress);
            return new SignInStep.TooManyAttempts(row.factor().lockedUntil());
        }
        if (password == null || password.isEmpty() || password.length() > MAX_PASSWORD_LENGTH
                || !hasher.verify(password, row.passwordHash())) {
            return totp.failure(account, "wrong password at the setup link", clientAddress,
                    Reason.WRONG_NAME_OR_PASSWORD);
        }
        if (row.factor().enrolled() || !store.claimSetupLink(SecretTokens.sha256(token), now)) {
            return new SignInStep.Refused(Reason.SETUP_LINK_UNUSABLE);
        }
        audit.record(principal(account), principal(account), AuditAction.SETUP_LINK_CLAIMED, Outcome.SUCCESS,
                "authenticator enrollment started; from " + clientAddress);
        return pendingSecondFactor(account, true);
    }

    /** What the code page shows for this pending sign-in; empty if there is none (expired, used, never made). */
    public Optional<SecondFactorPage> secondFactor(String pendingToken) {
        return totp.secondFactor(pendingToken);
    }

    /** Step two: the code (which, at a first sign-in, also enrolls the authenticator). */
    public SignInStep checkCode(String pendingToken, String code, String clientAddress) {
        return totp.checkCode(pendingToken, code, clientAddress, (pending, enrolled) -> {
            String account = pending.accountName();
            audit.record(principal(account), null, AuditAction.SIGNED_IN, Outcome.SUCCESS,
                    (enrolled ? "local account, authenticator enrolled" : "local account") + "; from " + clientAddress);
            log.info("Helpdesk account {} signed in{}", account, enrolled ? " and enrolled an authenticator" : "");
            // The pending row does not carry the role: it is read from the account (which outlives its pending rows).
            return new SignInStep.SignedIn(account, store.find(account).orElseThrow().role());
        });
    }

    /** The session principal for an account. */
    public static String principal(String accountName) {
        return "helpdesk:" + accountName;
    }

    private SignInStep unknownName(String account, String password, String clientAddress) {
        Instant lockedUntil = throttle.unknownNameLockedUntil(account);
        if (lockedUntil != null) {
            return new SignInStep.TooManyAttempts(lockedUntil);
        }
        hasher.verifyAgainstDummy(password);
        // The typed name is not recorded: people type their password into the name field.
        audit.record("anonymous", null, AuditAction.SIGN_IN_FAILED, Outcome.FAILURE,
                "unknown account name; from " + clientAddress);
        Instant until = throttle.recordUnknownNameFailure(account, limits.maxFailures(), limits.lockout());
        return until != null ? new SignInStep.TooManyAttempts(until)
                : new SignInStep.Refused(Reason.WRONG_NAME_OR_PASSWORD);
    }

    private static String normalizeName(String name) {
        return name == null ? null : name.strip().toLowerCase(Locale.ROOT);
    }
}
