package io.github.mfaenroll.iam;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What serving several accounts adds to {@link IamPermissions} ({@code MFA_ACCOUNTS=organization} or a list of
 * account ids). The app's own role may assume the member role in any account, and nothing else (plus, for
 * {@code organization}, list the organization's accounts). Each member account has a role named
 * {@code MFA_MEMBER_ROLE} that carries exactly {@link IamPermissions#policyJson} and trusts only the app's role,
 * with {@code MFA_MEMBER_ROLE_EXTERNAL_ID} as {@code sts:ExternalId} when one is set.
 *
 * <p>{@code CrossAccountPermissionsTest} holds the STS and Organizations calls in the sources to these lists, and
 * {@code DeployTemplatesTest} the templates under {@code docs/deploy/}.
 */
public final class CrossAccountPermissions {

    /** The member role's name when {@code MFA_MEMBER_ROLE} is not set. */
    public static final String DEFAULT_MEMBER_ROLE = "mfa-enroll";

    /**
     * Actions the app calls that IAM authorizes for every caller, so no policy lists them: {@code sts:GetCallerIdentity}
     * (which account the app's own credentials belong to) works even when an administrator denies everything.
     */
    public static final Set<String> NEEDS_NO_PERMISSION = Set.of("sts:GetCallerIdentity");

    /** The Sid of the app role's statement that lets it assume the member roles. */
    public static final String ASSUME_MEMBER_ROLE_SID = "AssumeMemberRole";
    /** The Sid of the app role's statement that lets it list the organization's accounts. */
    public static final String LIST_ACCOUNTS_SID = "ListOrganizationAccounts";
    /** The Sid of the member role's trust-policy statement. */
    public static final String TRUST_APP_ROLE_SID = "TrustTheAppRole";

    /** IAM role names (with an optional path): the member role name goes into ARNs and JSON unescaped by AWS. */
    private static final Pattern ROLE_NAME = Pattern.compile("[\\w+=,.@/-]{1,512}");

    /** Where the accounts come from ({@code MFA_ACCOUNTS}), as far as the app role's permissions go. */
    public enum AccountSource {
        /** {@code self} (the default): the app's own account only, with its own credentials; nothing is added. */
        SELF,
        /** A comma-separated list of account ids: the member role is assumed in each. */
        LIST,
        /** {@code organization}: the accounts come from {@code organizations:ListAccounts}, then as {@link #LIST}. */
        ORGANIZATION;

        /** The source {@code MFA_ACCOUNTS} names: blank or {@code self}, {@code organization}, else a list of ids. */
        public static AccountSource of(String mfaAccounts) {
            String value = mfaAccounts == null ? "" : mfaAccounts.strip().toLowerCase(Locale.ROOT);
            return switch (value) {
                case "", "self" -> SELF;
                case "organization" -> ORGANIZATION;
                default -> LIST;
            };
        }
    }

    /** One statement the app's own role needs on top of {@link IamPermissions}: one action on one resource. */
    public record Statement(String sid, String action, String resource) {
    }

    private CrossAccountPermissions() {
    }

    /**
     * What the app's own role needs, beyond {@link IamPermissions}, to reach the accounts of {@code source}: empty for
     * {@link AccountSource#SELF}. {@code organizations:ListAccounts} has no resource-level permissions ({@code "*"});
     * {@code sts:AssumeRole} is granted on the member role only, in every account.
     */
    public static List<Statement> appRoleStatements(AccountSource source, String partition, String memberRoleName) {
        List<Statement> statements = new ArrayList<>();
        if (source == AccountSource.ORGANIZATION) {
            statements.add(new Statement(LIST_ACCOUNTS_SID, "organizations:ListAccounts", "*"));
        }
        if (source != AccountSource.SELF) {
            statements.add(new Statement(ASSUME_MEMBER_ROLE_SID, "sts:AssumeRole",
                    memberRoleArn(partition, memberRoleName)));
        }
        return statements;
    }

    /** The actions of {@link #appRoleStatements} (they do not depend on the partition or the role name). */
    public static Set<String> appRoleActions(AccountSource source) {
        Set<String> actions = new LinkedHashSet<>();
        appRoleStatements(source, "aws", DEFAULT_MEMBER_ROLE).forEach(s -> actions.add(s.action()));
        return actions;
    }

    /**
     * {@link #appRoleStatements} as an IAM policy document, to attach to the app's own role next to
     * {@link IamPermissions#policyJson}; for {@link AccountSource#SELF} there is nothing to attach.
     */
    public static String appRolePolicyJson(AccountSource source, String partition, String memberRoleName) {
        if (source == AccountSource.SELF) {
            throw new IllegalArgumentException("MFA_ACCOUNTS=self reaches no other account: nothing to add");
        }
        List<String> statements = new ArrayList<>();
        for (Statement statement : appRoleStatements(source, partition, memberRoleName)) {
            statements.add(PolicyJson.allow(statement.sid(), List.of(statement.action()), statement.resource()));
        }
        return PolicyJson.document(statements);
    }

    /**
     * The member role in every account, {@code arn:PARTITION:iam::*:role/NAME}: the account part is {@code *} because
     * the app assumes the same role name in each account it serves (the member's trust policy is what admits it).
     */
    public static String memberRoleArn(String partition, String memberRoleName) {
        if (memberRoleName == null || !ROLE_NAME.matcher(memberRoleName).matches()) {
            throw new IllegalArgumentException("MFA_MEMBER_ROLE must be an IAM role name (letters, digits and "
                    + "+=,.@_-, optionally after a path), got: " + memberRoleName);
        }
        return "arn:" + partition + ":iam::*:role/" + memberRoleName;
    }

    /** The member role's identity policy: exactly the app's IAM policy ({@link IamPermissions#policyJson}). */
    public static String memberRolePolicyJson(String partition) {
        return IamPermissions.policyJson(partition, "*");
    }

    /**
     * The member role's trust policy: only the app's role ({@code appRoleArn}, e.g.
     * {@code arn:aws:iam::111122223333:role/mfa-enroll-app}) may assume it, and only with {@code externalId} as
     * {@code sts:ExternalId} when one is set (null or blank: no condition).
     */
    public static String memberTrustPolicyJson(String appRoleArn, String externalId) {
        boolean hasExternalId = externalId != null && !externalId.isBlank();
        return PolicyJson.document(List.of(PolicyJson.trust(TRUST_APP_ROLE_SID, appRoleArn,
                hasExternalId ? externalId : null)));
    }
}
