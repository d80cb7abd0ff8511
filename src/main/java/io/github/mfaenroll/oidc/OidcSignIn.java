package io.github.mfaenroll.oidc;

import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.openid.connect.sdk.Nonce;
import io.github.mfaenroll.audit.AuditAction;
import io.github.mfaenroll.audit.AuditEntry.Outcome;
import io.github.mfaenroll.audit.AuditLog;
import io.github.mfaenroll.iam.AccountUser;
import io.github.mfaenroll.iam.IamFailure;
import io.github.mfaenroll.identity.Role;
import io.github.mfaenroll.identity.SecretTokens;
import io.github.mfaenroll.oidc.IamUserDirectory.Match;
import io.github.mfaenroll.oidc.OidcSignInFailure.Kind;
import io.github.mfaenroll.staff.SignInStep;
import io.github.mfaenroll.staff.StaffSecondFactors;
import java.net.URI;
import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Sign-in with the company identity provider, start to finish, without HTTP: {@link #begin} makes a pending login
 * (random state, nonce and PKCE verifier, bound to the browser) and the provider URL; {@link #complete} checks the
 * callback against it, redeems the code, maps the person to one IAM user and derives their role. Every outcome of
 * {@link #complete} is audited; failures are thrown as {@link OidcSignInFailure}.
 */
public record OidcSignIn(OidcSettings config, OidcProvider provider, PendingLogins pendingLogins,
                         IamUserDirectory directory, SecretTokens tokens, AuditLog audit, StaffSecondFactors staff) {

    /** Lifetime of a pending login and of the browser-binding cookie. */
    public static final Duration PENDING_TTL = PendingLogins.TTL;
    private static final int MAX_PRINCIPAL = 200;
    /**
     * {@code amr} values (RFC 8176) that say the provider checked more than a password: multiple factors, a one-time
     * password, a hardware-secured or software-secured key.
     */
    static final Set<String> MFA_METHODS = Set.of("mfa", "otp", "hwk", "swk");

    /** Where to send the browser, and the binding value its cookie must carry back. Never log either. */
    public record Begun(URI authorizationUrl, String browserBinding) {
        @Override
        public String toString() {
            return "Begun[authorization request]";
        }
    }

    /** The provider's answer as it arrived on the callback: {@code code} on success, {@code error} otherwise. */
    public record Callback(String state, String code, String error) {
        @Override
        public String toString() {
            return "Callback[error=" + OidcProvider.safeCode(error) + "]";
        }
    }

    /**
     * A finished sign-in at the provider: who, with which role, acting on which IAM user (null: a role-only staff
     * session). {@code pendingSecondFactor} is set for staff whose ID
     * token proves no MFA: they get no session, only this pending step of the app's own second factor
     * ({@link StaffSecondFactors}); the value goes into a short-lived cookie and is never logged. {@code tagAddress}
     * is the person's verified email when it selected the IAM user by the user's email tag (it equals the tag but for
     * case), else null: the device-bound notice can go there without reading the tags again.
     */
    public record SignedIn(String principal, Role role, AccountUser iamUser, String pendingSecondFactor,
                           String tagAddress, List<AccountUser> boundUsers) {
        public boolean secondFactorNeeded() {
            return pendingSecondFactor != null;
        }

        @Override
        public String toString() {
            return "SignedIn[" + principal + ", " + role + ", iamUser=" + iamUser
                    + (secondFactorNeeded() ? ", second factor needed" : "") + "]";
        }
    }

    /**
     * Starts a sign-in. The browser keeps its binding value if it already has one (two tabs signing in at once
     * both finish); otherwise it gets a new one.
     */
    public Begun begin(String currentBrowserBinding) {
        String binding = SecretTokens.plausible(currentBrowserBinding) ? currentBrowserBinding : tokens.newToken();
        State state = new State(tokens.newToken());
        Nonce nonce = new Nonce(tokens.newToken());
        CodeVerifier verifier = new CodeVerifier(tokens.newToken());
        URI url = provider.authorizationUrl(Scope.parse(config.scopes()), state, nonce, verifier);
        pendingLogins.save(state.getValue(), binding, nonce.getValue(), verifier.getValue());
        return new Begun(url, binding);
    }

    /** Finishes a sign-in from the provider's callback, in the browser whose binding cookie is given. */
    public SignedIn complete(Callback callback, String browserBinding, String clientAddress) {
        PendingLogins.Taken taken = pendingLogins.take(callback.state(), browserBinding);
        switch (taken.status()) {
            case UNKNOWN -> throw failed(null, Kind.INVALID_STATE, "unknown or already used state", clientAddress);
            case OTHER_BROWSER -> throw failed(null, Kind.INVALID_STATE, "callback from another browser",
                    clientAddress);
            case EXPIRED -> throw failed(null, Kind.EXPIRED, "sign-in started too long ago", clientAddress);
            case TAKEN -> { }
        }
        if (callback.error() != null) {
            String answer = "provider answered " + OidcProvider.safeCode(callback.error());
            // Only errors a provider may send back through the browser name our settings: it must not redirect with
            // invalid_client or a wrong redirect URI (RFC 6749, 4.1.2.1), so those here are forged, not a setup fault.
            throw ClientSetupProblem.of(0, callback.error(), null).filter(ClientSetupProblem::sentOnCallback)
                    .map(problem -> failed(null, Kind.MISCONFIGURED, "authorization endpoint: "
                            + problem.explanation(answer), clientAddress))
                    .orElseGet(() -> failed(null, Kind.PROVIDER_DENIED, answer, clientAddress));
        }
        if (callback.code() == null || callback.code().isBlank()) {
            throw failed(null, Kind.TOKEN_REJECTED, "callback without a code", clientAddress);
        }
        OidcProvider.Identity identity;
        try {
            identity = provider.redeem(callback.code(), new CodeVerifier(taken.pending().codeVerifier()),
                    new Nonce(taken.pending().nonce()), wantedClaims());
        } catch (OidcSignInFailure e) {
            audit.record("anonymous", null, AuditAction.SIGN_IN_FAILED, Outcome.DENIED,
                    "oidc: " + e.getMessage() + ", from " + clientAddress);
            throw e;
        }
        return finish(identity, clientAddress);
    }

    private SignedIn finish(OidcProvider.Identity identity, String clientAddress) {
        String principal = principalOf(identity);
        Role role = roleOf(identity);
        Mapping mapping;
        try {
            mapping = map(identity);
        } catch (IamFailure e) {
            throw failed(principal, Kind.UNAVAILABLE, "IAM lookup failed: " + e.getMessage(), clientAddress);
        }
        if (mapping.iamUser() == null && role == Role.EMPLOYEE) {
            throw failed(principal, mapping.failure(), mapping.detail(), clientAddress);
        }
        String note = mapping.iamUser() == null ? ", no IAM user (" + mapping.detail() + ")" : "";
        if (role == Role.EMPLOYEE) {
            // Employees keep a single-factor company sign-in: what they do here is enroll their first AWS factor.
            audit.recordOnUser(principal, mapping.iamUser(), AuditAction.SIGNED_IN, Outcome.SUCCESS,
                    "oidc sub " + identity.subject() + ", role " + role + note + ", from " + clientAddress);
            return new SignedIn(principal, role, mapping.iamUser(), null, mapping.tagAddress(), mapping.boundUsers());
        }
        // preferred_username can change; the issuer and subject are the provider's stable id for this person, and a
        // staff principal stays bound to the one it first signed in as.
        Object issuer = identity.idTokenClaim("iss");
        if (!staff.remember(principal, role, mapping.iamUserName(), issuer == null ? config.issuer().toString() : issuer.toString(),
                identity.subject())) {
            throw failed(principal, Kind.STAFF_SUBJECT_MISMATCH, "oidc sub " + identity.subject()
                    + " is not the subject this staff principal is bound to (renamed or recreated at the provider?)",
                    clientAddress);
        }
        String proof = proofOfMfa(identity);
        if (proof == null) {
            audit.recordOnUser(principal, mapping.iamUser(), AuditAction.SECOND_FACTOR_REQUIRED, Outcome.SUCCESS,
                    "oidc sub " + identity.subject() + ", role " + role + note + ", no proof of MFA in the ID token;"
                            + " the app's second factor is required, from " + clientAddress);
            SignInStep step = staff.begin(principal);
            if (step instanceof SignInStep.SecondFactorNeeded needed) {
                return new SignedIn(principal, role, mapping.iamUser(), needed.pendingToken(), null,
                        mapping.boundUsers());
            }
            throw new OidcSignInFailure(Kind.STAFF_LOCKED, "staff second factor locked");
        }
        audit.recordOnUser(principal, mapping.iamUser(), AuditAction.SIGNED_IN, Outcome.SUCCESS,
                "oidc sub " + identity.subject() + ", role " + role + note + ", MFA at the provider (" + proof
                        + "), from " + clientAddress);
        return new SignedIn(principal, role, mapping.iamUser(), null, mapping.tagAddress(), mapping.boundUsers());
    }

    /**
     * What in the ID token proves that the provider asked for more than a password: {@code acr} equal to the
     * configured value, or an {@code amr} with a multi-factor method. Null when nothing does. Only the validated ID
     * token counts: a UserInfo answer is not signed for this sign-in, so its claims prove nothing here.
     */
    private String proofOfMfa(OidcProvider.Identity identity) {
        Object acr = identity.idTokenClaim("acr");
        if (config.staffAcr() != null && config.staffAcr().equals(acr)) {
            return "acr " + acr;
        }
        Object amr = identity.idTokenClaim("amr");
        Collection<String> methods = amr instanceof Collection<?> values
                ? values.stream().filter(String.class::isInstance).map(String.class::cast).toList()
                : amr instanceof String single ? List.of(single) : List.of();
        return methods.stream().filter(MFA_METHODS::contains).findFirst().map(m -> "amr " + m).orElse(null);
    }

    /**
     * The IAM user, or the failure an employee would get and a detail for the audit trail; {@code tagAddress} when the
     * user was found by their email tag.
     */
    private record Mapping(AccountUser iamUser, Kind failure, String detail, String tagAddress,
                           List<AccountUser> boundUsers) {
        Mapping(AccountUser iamUser, Kind failure, String detail, String tagAddress) {
            this(iamUser, failure, detail, tagAddress, iamUser == null ? List.of() : List.of(iamUser));
        }

        /** The name staff are kept off in every account (see the helpdesk's guard); null without one. */
        String iamUserName() {
            return iamUser == null ? null : iamUser.name();
        }
    }

    private Mapping map(OidcProvider.Identity identity) {
        if ("email-tag".equals(config.mapping())) {
            String email = identity.stringClaim("email");
            if (email == null) {
                return new Mapping(null, Kind.NO_MATCH, "no email claim", null);
            }
            // Unless the provider is declared trustworthy, an address only selects an IAM user once it says verified;
            // a provider that says "not verified" is believed either way.
            Object verified = identity.claim("email_verified");
            if (isFalse(verified) || (!config.trustEmail() && !isTrue(verified))) {
                return new Mapping(null, Kind.EMAIL_UNVERIFIED, "email " + email + " not verified", null);
            }
            return mappingOf(directory.byEmailTag(email), "email " + email, email.strip());
        }
        String value = identity.stringClaim(config.userClaim());
        if (value == null) {
            return new Mapping(null, Kind.NO_MATCH, "no " + config.userClaim() + " claim", null);
        }
        return mappingOf(directory.byUserName(value), config.userClaim() + " " + value, null);
    }

    private static Mapping mappingOf(Match match, String what, String tagAddress) {
        return switch (match.outcome()) {
            case FOUND -> new Mapping(match.iamUser(), null, what, tagAddress, match.candidates());
            case NO_MATCH -> new Mapping(null, Kind.NO_MATCH, "no IAM user for " + what, null);
            case AMBIGUOUS -> new Mapping(null, Kind.AMBIGUOUS, match.candidates().size() + " IAM users ("
                    + match.candidates().stream().map(AccountUser::toString).collect(Collectors.joining(", "))
                    + ") for " + what, null);
        };
    }

    /** Administrators outrank helpdesk staff; everyone else is an employee. */
    private Role roleOf(OidcProvider.Identity identity) {
        Collection<String> groups = groupsOf(identity.claim(config.groupsClaim()));
        if (inGroup(groups, config.adminGroup())) {
            return Role.ADMIN;
        }
        if (inGroup(groups, config.helpdeskGroup())) {
            return Role.HELPDESK;
        }
        return Role.EMPLOYEE;
    }

    /**
     * Whether the claim lists the configured group. Keycloak sends groups as paths ({@code /helpdesk}) when "full
     * group path" is on: a configured top-level name ({@code helpdesk}) matches {@code helpdesk} and
     * {@code /helpdesk}; a configured path ({@code /team/helpdesk}) matches only itself, never a same-named group
     * elsewhere in the tree.
     */
    static boolean inGroup(Collection<String> groups, String configured) {
        if (configured == null) {
            return false;
        }
        return groups.contains(configured) || (!configured.startsWith("/") && groups.contains("/" + configured));
    }

    /** A groups claim is a JSON array of names in most providers, a single string in a few. */
    private static Collection<String> groupsOf(Object claim) {
        if (claim instanceof Collection<?> values) {
            return values.stream().filter(String.class::isInstance).map(String.class::cast).toList();
        }
        return claim instanceof String single ? List.of(single) : List.of();
    }

    /** Some providers send booleans as strings ("true"); both spellings count. */
    private static boolean isTrue(Object claim) {
        return Boolean.TRUE.equals(claim) || (claim instanceof String s && s.equalsIgnoreCase("true"));
    }

    /** Some providers send booleans as strings ("false"); both spellings count. */
    private static boolean isFalse(Object claim) {
        return Boolean.FALSE.equals(claim) || (claim instanceof String s && s.equalsIgnoreCase("false"));
    }

    private Set<String> wantedClaims() {
        Set<String> wanted = new HashSet<>();
        wanted.add("email-tag".equals(config.mapping()) ? "email" : config.userClaim());
        if (config.helpdeskGroup() != null || config.adminGroup() != null) {
            wanted.add(config.groupsClaim());
        }
        return wanted;
    }

    private static String principalOf(OidcProvider.Identity identity) {
        String name = identity.stringClaim("preferred_username");
        String principal = "oidc:" + (name != null ? name : identity.subject());
        return principal.length() <= MAX_PRINCIPAL ? principal : principal.substring(0, MAX_PRINCIPAL);
    }

    private OidcSignInFailure failed(String principal, Kind kind, String detail, String clientAddress) {
        audit.record(principal == null ? "anonymous" : principal, null, AuditAction.SIGN_IN_FAILED, Outcome.DENIED,
                "oidc: " + kind + ", " + detail + ", from " + clientAddress);
        return new OidcSignInFailure(kind, detail);
    }
}
