package io.github.mfaenroll.iam;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Which AWS accounts the app serves and how it reaches the ones that are not its own.
 *
 * @param source where the accounts come from ({@code MFA_ACCOUNTS}: {@code self}, {@code organization}, or a list)
 * @param listed the account ids of {@code MFA_ACCOUNTS} when it is a list, in the order given; empty otherwise
 * @param memberRole the role assumed in every other account ({@code MFA_MEMBER_ROLE}, default {@code mfa-enroll}),
 *     a name or {@code path/name}
 * @param externalId the external id the member role's trust policy requires ({@code MFA_MEMBER_ROLE_EXTERNAL_ID});
 *     null for none
 * @param stsEndpoint STS endpoint instead of the partition's ({@code MFA_STS_ENDPOINT}, else {@code MFA_IAM_ENDPOINT});
 *     null for the SDK's default
 * @param organizationsEndpoint Organizations endpoint instead of the partition's ({@code MFA_ORGANIZATIONS_ENDPOINT},
 *     else {@code MFA_IAM_ENDPOINT}); null for the partition's
 */
public record AccountSettings(Source source, List<AccountId> listed, String memberRole, String externalId,
                              URI stsEndpoint, URI organizationsEndpoint) {

    /** Where the served accounts come from. */
    public enum Source {
        /** Only the account the app's own credentials belong to (today's behaviour). */
        SELF,
        /** Every active account of the organization ({@code organizations:ListAccounts}). */
        ORGANIZATION,
        /** The accounts {@code MFA_ACCOUNTS} lists. */
        LIST
    }

    public static final String DEFAULT_MEMBER_ROLE = "mfa-enroll";

    /** IAM role names, optionally under a path (IAM API reference, CreateRole). */
    private static final Pattern ROLE = Pattern.compile("([\\w+=,.@-]+/)*[\\w+=,.@-]{1,64}");
    /** STS's constraint on ExternalId (AssumeRole). */
    private static final Pattern EXTERNAL_ID = Pattern.compile("[\\w+=,.@:/-]{2,1224}");

    public AccountSettings {
        Objects.requireNonNull(source, "source");
        listed = List.copyOf(listed);
        Objects.requireNonNull(memberRole, "memberRole");
        if ((source == Source.LIST) == listed.isEmpty()) {
            throw new IllegalArgumentException("Accounts are listed exactly when MFA_ACCOUNTS is a list");
        }
    }

    /** Today's behaviour: the own account only, reached with the app's own credentials. */
    public static AccountSettings self() {
        return new AccountSettings(Source.SELF, List.of(), DEFAULT_MEMBER_ROLE, null, null, null);
    }

    /**
     * The whole organization as a local simulator serves it (demo mode): STS and Organizations at {@code endpoint},
     * the default member role, no external id.
     */
    public static AccountSettings organizationAt(URI endpoint) {
        return new AccountSettings(Source.ORGANIZATION, List.of(), DEFAULT_MEMBER_ROLE, null, endpoint, endpoint);
    }

    /** The same accounts with STS and Organizations at {@code endpoint} (a local look-alike serving all three). */
    public AccountSettings atLocalEndpoint(URI endpoint) {
        return new AccountSettings(source, listed, memberRole, externalId, endpoint, endpoint);
    }

    /** Reads {@code MFA_ACCOUNTS}, {@code MFA_MEMBER_ROLE}, {@code MFA_MEMBER_ROLE_EXTERNAL_ID} and the endpoints. */
    public static AccountSettings from(Map<String, String> env) {
        String accounts = trimmed(env.get("MFA_ACCOUNTS"));
        Source source;
        List<AccountId> listed = List.of();
        if (accounts == null || accounts.equalsIgnoreCase("self")) {
            source = Source.SELF;
        } else if (accounts.equalsIgnoreCase("organization")) {
            source = Source.ORGANIZATION;
        } else {
            source = Source.LIST;
            listed = accountIds(accounts);
        }
        String role = trimmed(env.get("MFA_MEMBER_ROLE"));
        role = role == null ? DEFAULT_MEMBER_ROLE : role;
        if (!ROLE.matcher(role).matches()) {
            throw new IllegalArgumentException("MFA_MEMBER_ROLE must be an IAM role name (letters, digits and "
                    + "+=,.@_-, at most 64), optionally after a path such as teams/, got '" + role + "'");
        }
        String externalId = trimmed(env.get("MFA_MEMBER_ROLE_EXTERNAL_ID"));
        if (externalId != null && !EXTERNAL_ID.matcher(externalId).matches()) {
            // The value is not repeated: it is a shared secret of sorts between the app and the member role.
            throw new IllegalArgumentException("MFA_MEMBER_ROLE_EXTERNAL_ID must be 2 to 1224 letters, digits or "
                    + "+=,.@:/_- (what sts:AssumeRole accepts)");
        }
        URI iamEndpoint = endpoint(env, "MFA_IAM_ENDPOINT", null);
        return new AccountSettings(source, listed, role, externalId,
                endpoint(env, "MFA_STS_ENDPOINT", iamEndpoint),
                endpoint(env, "MFA_ORGANIZATIONS_ENDPOINT", iamEndpoint));
    }

    /** The member role's ARN in {@code account}, in {@code partition} ({@code aws}, {@code aws-cn}, …). */
    public String roleArn(String partition, AccountId account) {
        return "arn:" + partition + ":iam::" + account.value() + ":role/" + memberRole;
    }

    private static List<AccountId> accountIds(String text) {
        List<AccountId> ids = new ArrayList<>();
        for (String part : text.split(",", -1)) {
            String id = part.trim();
            if (!AccountId.isAccountId(id)) {
                throw new IllegalArgumentException("MFA_ACCOUNTS must be self, organization, or account ids (12 "
                        + "digits) separated by commas; '" + id + "' is not an account id");
            }
            if (ids.contains(new AccountId(id))) {
                throw new IllegalArgumentException("MFA_ACCOUNTS lists account " + id + " twice");
            }
            ids.add(new AccountId(id));
        }
        return ids;
    }

    private static URI endpoint(Map<String, String> env, String name, URI defaultValue) {
        String value = trimmed(env.get(name));
        if (value == null) {
            return defaultValue;
        }
        try {
            URI uri = URI.create(value);
            if (uri.getHost() == null || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
                throw new IllegalArgumentException();
            }
            return uri;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(name + " must be an absolute http(s) URL, got '" + value + "'");
        }
    }

    private static String trimmed(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }

    @Override
    public String toString() {
        return "AccountSettings[source=" + source.name().toLowerCase(Locale.ROOT) + ", listed=" + listed
                + ", memberRole=" + memberRole + ", externalId=" + (externalId == null ? "none" : "set")
                + ", stsEndpoint=" + stsEndpoint + ", organizationsEndpoint=" + organizationsEndpoint + "]";
    }
}
