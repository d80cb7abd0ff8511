package io.github.mfaenroll.staff;

import io.github.mfaenroll.audit.AuditAction;
import io.github.mfaenroll.audit.AuditEntry.Outcome;
import io.github.mfaenroll.audit.AuditLog;
import io.github.mfaenroll.identity.Role;
import io.github.mfaenroll.identity.SecretTokens;
import io.github.mfaenroll.staff.HelpdeskAccounts.InvalidAccount;
import io.github.mfaenroll.staff.HelpdeskAccounts.IssuedSetupLink;
import io.github.mfaenroll.staff.HelpdeskAccounts.SecondFactorPage;
import io.github.mfaenroll.staff.HelpdeskAccounts.SetupLinkView;
import io.github.mfaenroll.staff.OidcStaffStore.Member;
import io.github.mfaenroll.staff.OidcStaffStore.Pending;
import io.github.mfaenroll.staff.SignInStep.Reason;
import io.github.mfaenroll.staff.SignInThrottle.Attempt;
import io.github.mfaenroll.store.SeedCipher;
import io.github.mfaenroll.totp.TotpCodeVerifier;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The app's own second factor for staff who signed in with the company provider and brought no proof of MFA: staff
 * always sign in with two factors, whichever way. It works as the code step of local accounts does
 * ({@link HelpdeskAccounts}): the provider's answer leaves only a 5-minute, single-use pending step, never a session;
 * a principal without an authenticator enrolls one only with an administrator's one-time setup link
 * ({@link #issueSetupLink}) claimed during its company sign-in (one valid code confirms it), never with the company
 * password alone; later they type a code. Each principal is bound to the provider's issuer and subject.
 * Codes are never accepted twice; consecutive wrong codes lock the principal as wrong codes lock a local account;
 * every request of the step counts against the client address. Keyed by the principal ({@code oidc:NAME}).
 *
 * <p>It also remembers the role and IAM user of every staff principal at each company sign-in, so that the helpdesk
 * can tell an administrator's IAM user ({@link #isAdministratorsIamUser}).
 */
public final class StaffSecondFactors {

    /** How long the provider's answer waits for the code. */
    public static final Duration PENDING_TTL = StaffTotp.PENDING_TTL;
    /** How long a setup link for company staff stays valid. */
    public static final Duration SETUP_LINK_TTL = StaffTotp.SETUP_LINK_TTL;
    /** Where setup links for company staff point, followed by the token. */
    public static final String SETUP_PATH = "/signin/oidc/setup/";

    private static final String PREFIX = "oidc:";
    private static final int MAX_PRINCIPAL = 200;

    private static final Logger log = LoggerFactory.getLogger(StaffSecondFactors.class);

    private final OidcStaffStore store;
    private final StaffTotp<Pending> totp;
    private final SignInThrottle throttle;
    private final AuditLog audit;
    private final Clock clock;

    /**
     * @param issuer  the name authenticator apps show for the entry (the same as for local accounts)
     * @param baseUrl the app's public URL, for setup links
     */
    public StaffSecondFactors(Jdbi jdbi, SignInThrottle throttle, SeedCipher cipher, TotpCodeVerifier codes,
                              SecretTokens tokens, SecureRandom random, AuditLog audit, Clock clock,
                              LocalSignInSettings limits, String issuer, URI baseUrl) {
        this.store = new OidcStaffStore(jdbi);
        this.totp = new StaffTotp<>(store, StaffTotp.Kind.COMPANY, throttle, cipher, codes, tokens, random, audit,
                clock, limits, issuer, baseUrl);
        this.throttle = throttle;
        this.audit = audit;
        this.clock = clock;
    }

    /**
     * Records the role and IAM user the provider's claims gave a staff principal at this sign-in, for the person the
     * provider calls {@code subject}. False, changing nothing, when the principal belongs to another subject: a
     * renamed or recreated account at the provider must not inherit a colleague's authenticator, role or setup link.
     */
    public boolean remember(String principal, Role role, String iamUser, String issuer, String subject) {
        return store.remember(principal, role, iamUser, issuer, subject, clock.instant());
    }

    /** Whether the provider last mapped one of its administrators to this IAM user. */
    public boolean isAdministratorsIamUser(String iamUser) {
        return iamUser != null && store.isAdministratorsIamUser(iamUser);
    }

    /** Whether this company principal ({@code oidc:NAME}) last signed in as an administrator. */
    public boolean isAdministrator(String principal) {
        return principal != null && store.isAdministrator(principal);
    }

    /**
     * The provider proved who a staff member is, without MFA: leaves a pending step and returns
     * {@link SignInStep.SecondFactorNeeded}, or {@link SignInStep.TooManyAttempts} while the principal is locked. Call
     * {@link #remember} first. A principal without an authenticator gets no key here (the company password alone
     * must never enroll one): its pending step only waits for an administrator's setup link ({@link #claimSetupLink}).
     */
    public SignInStep begin(String principal) {
        Member member = store.find(principal).orElseThrow(() -> new IllegalStateException(
                "remember(" + principal + ") must come before begin"));
        Instant now = clock.instant();
        if (member.factor().lockedAt(now)) {
            audit.record(principal, null, AuditAction.SIGN_IN_FAILED, Outcome.DENIED,
                    "oidc staff second factor locked until " + member.factor().lockedUntil());
            return new SignInStep.TooManyAttempts(member.factor().lockedUntil());
        }
        if (!member.factor().enrolled()) {
            audit.record(principal, member.iamUser(), AuditAction.SIGN_IN_FAILED, Outcome.DENIED,
                    "oidc staff without proof of MFA and without the app's authenticator: no session and no key;"
                            + " waiting for an administrator's setup link");
        }
        StaffTotp.NewPending pending = totp.newPending(false);
        store.insertPending(new Pending(pending.idHash(), principal, member.role(), member.iamUser(), null),
                now, now.plus(PENDING_TTL));
        return new SignInStep.SecondFactorNeeded(pending.token());
    }

    /**
     * The principal of this pending step if it waits for a setup link (no key offered, no authenticator enrolled);
     * empty otherwise.
     */
    public Optional<String> awaitingSetupLink(String pendingToken) {
        return totp.pending(pendingToken).filter(p -> p.enrollmentCiphertext() == null)
                .filter(p -> store.find(p.principal()).map(m -> !m.factor().enrolled()).orElse(false))
                .map(Pending::principal);
    }

    /** What the code page shows for this pending step; empty if there is none (expired, used, never made). */
    public Optional<SecondFactorPage> secondFactor(String pendingToken) {
        return totp.secondFactor(pendingToken);
    }

    /** The code (which, the first time, also enrolls the authenticator). */
    public SignInStep checkCode(String pendingToken, String code, String clientAddress) {
        return totp.checkCode(pendingToken, code, clientAddress, (pending, enrolled) -> {
            audit.record(pending.principal(), pending.iamUser(), AuditAction.SIGNED_IN, Outcome.SUCCESS,
                    "oidc, role " + pending.role() + ", app's second factor"
                            + (enrolled ? ", authenticator enrolled" : "") + "; from " + clientAddress);
            log.info("Staff {} signed in with the company account and the app's second factor{}",
                    pending.principal(), enrolled ? " (authenticator enrolled)" : "");
            return new SignInStep.SecondFactorPassed(pending.principal(), pending.role(), pending.iamUser());
        });
    }

    /**
     * Issues a one-time setup link for the company account {@code name} ({@code preferred_username} at the
     * provider): the principal {@code oidc:NAME}, revoking its earlier unused links. Refused for a principal that
     * already has an authenticator.
     */
    public IssuedSetupLink issueSetupLink(String name, String actor) {
        String principal = principalOf(name);
        if (principal == null) {
            throw new InvalidAccount("A company account name has 1 to " + (MAX_PRINCIPAL - PREFIX.length())
                    + " characters, without spaces or control characters.");
        }
        if (store.find(principal).map(m -> m.factor().enrolled()).orElse(false)) {
            throw new InvalidAccount("The company account " + principal + " already has an authenticator.");
        }
        return totp.issueSetupLink(principal, actor);
    }

    /** The principal a usable setup link sets up, for its landing page; empty when unknown, used, revoked or expired. */
    public Optional<SetupLinkView> setupLink(String token) {
        return totp.setupLink(token);
    }

    /**
     * Claims a setup link: needs the link and, in the same browser, the pending step of a company sign-in of the
     * principal the link names. Turns that pending step into an enrollment (a new pending step offering a key, which
     * one valid code confirms: {@link #checkCode}) and uses up the link. Refused, using nothing up, without a pending
     * step ({@link Reason#START_AGAIN}) or for another principal ({@link Reason#SETUP_LINK_OTHER_PRINCIPAL}).
     */
    public SignInStep claimSetupLink(String pendingToken, String linkToken, String clientAddress) {
        Attempt attempt = throttle.countAttempt(clientAddress);
        if (!attempt.allowed()) {
            return attempt.refusal(audit, clientAddress);
        }
        Optional<Pending> found = totp.pending(pendingToken);
        String actor = found.map(Pending::principal).orElse("anonymous");
        Optional<SetupLinkView> link = setupLink(linkToken);
        if (link.isEmpty()) {
            audit.record(actor, null, AuditAction.SIGN_IN_FAILED, Outcome.DENIED,
                    "company setup link unknown, used, revoked or expired; from " + clientAddress);
            return new SignInStep.Refused(Reason.SETUP_LINK_UNUSABLE);
        }
        if (found.isEmpty()) {
            audit.record("anonymous", link.get().accountName(), AuditAction.SIGN_IN_FAILED, Outcome.DENIED,
                    "company setup link opened without a company sign-in in this browser; link not used; from "
                            + clientAddress);
            return new SignInStep.Refused(Reason.START_AGAIN);
        }
        Pending pending = found.get();
        if (!pending.principal().equals(link.get().accountName())) {
            audit.record(pending.principal(), link.get().accountName(), AuditAction.SIGN_IN_FAILED, Outcome.DENIED,
                    "company setup link of another principal; link not used; from " + clientAddress);
            return new SignInStep.Refused(Reason.SETUP_LINK_OTHER_PRINCIPAL);
        }
        Member member = store.find(pending.principal()).orElseThrow();
        Instant now = clock.instant();
        if (member.factor().lockedAt(now)) {
            return new SignInStep.TooManyAttempts(member.factor().lockedUntil());
        }
        if (member.factor().enrolled() || pending.enrollmentCiphertext() != null) {
            return new SignInStep.Refused(Reason.SETUP_LINK_UNUSABLE);
        }
        StaffTotp.NewPending enrollment = totp.newPending(true);
        Pending next = new Pending(enrollment.idHash(), pending.principal(), pending.role(), pending.iamUser(), enrollment.enrollmentCiphertext());
        if (!store.claimSetupLink(SecretTokens.sha256(linkToken), pending.idHash(), next, now, now.plus(PENDING_TTL))) {
            return new SignInStep.Refused(Reason.SETUP_LINK_UNUSABLE);
        }
        audit.record(pending.principal(), pending.principal(), AuditAction.SETUP_LINK_CLAIMED, Outcome.SUCCESS,
                "company account; authenticator enrollment started; from " + clientAddress);
        return new SignInStep.SecondFactorNeeded(enrollment.token());
    }

    /** {@code oidc:NAME} for a company account name (with or without the prefix), or null if it cannot be one. */
    static String principalOf(String name) {
        if (name == null) {
            return null;
        }
        String bare = name.strip();
        bare = bare.startsWith(PREFIX) ? bare.substring(PREFIX.length()) : bare;
        boolean plain = !bare.isEmpty() && bare.codePoints().noneMatch(c -> Character.isWhitespace(c)
                || Character.isISOControl(c));
        return plain && PREFIX.length() + bare.length() <= MAX_PRINCIPAL ? PREFIX + bare : null;
    }
}
