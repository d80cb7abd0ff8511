package io.github.mfaenroll.iam;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The IAM actions this app needs in an account it serves, and no others: one per SDK operation {@link AwsIamGateway}
 * sends, each with the resource type IAM authorizes it on (Service Authorization Reference). The app's own role
 * carries this policy for its own account; with several accounts, each member role carries exactly the same policy
 * (what reaching those accounts adds is {@link CrossAccountPermissions}). {@code IamPermissionsTest} reads the
 * gateway's source and the README's CloudFormation policy, {@code DeployTemplatesTest} the member-role templates
 * under {@code docs/deploy/}; each fails when its text disagrees with this list, so a new IAM call cannot ship
 * without its permission.
 */
public final class IamPermissions {

    /** What an action is authorized on, as the {@code Resource} of a policy statement. */
    public enum ResourceType {
        /** Actions without resource-level permissions: the statement must say {@code "*"}. */
        ANY,
        /** {@code arn:PARTITION:iam::ACCOUNT:user/*}. */
        USER,
        /** {@code arn:PARTITION:iam::ACCOUNT:mfa/*}: virtual MFA devices. */
        MFA_DEVICE;

        /** The {@code Sid} of this type's statement, as the policy JSON and the templates under docs/ name it. */
        public String sid() {
            return switch (this) {
                case ANY -> "AccountWideReads";
                case MFA_DEVICE -> "ManageVirtualDevices";
                case USER -> "ReadUsersAndBindDevices";
            };
        }

        /** The {@code Resource} value for this type. */
        public String arn(String partition, String accountId) {
            return switch (this) {
                case ANY -> "*";
                case USER -> "arn:" + partition + ":iam::" + accountId + ":user/*";
                case MFA_DEVICE -> "arn:" + partition + ":iam::" + accountId + ":mfa/*";
            };
        }
    }

    /** One permission: the IAM action (e.g. {@code iam:EnableMFADevice}) and what it is authorized on. */
    public record Permission(String action, ResourceType resource) {
    }

    /** Every permission, grouped by resource type in the order the policy lists them. */
    public static final List<Permission> ALL = List.of(
            new Permission("iam:ListUsers", ResourceType.ANY),                  // company sign-in: email-tag mapping
            new Permission("iam:ListVirtualMFADevices", ResourceType.ANY),      // the account's virtual devices
            new Permission("iam:ListAccountAliases", ResourceType.ANY),         // issuer name in apps; /readyz probe
            new Permission("iam:GenerateCredentialReport", ResourceType.ANY),   // compliance: who lacks MFA
            new Permission("iam:GetCredentialReport", ResourceType.ANY),
            new Permission("iam:CreateVirtualMFADevice", ResourceType.MFA_DEVICE),
            // CreateVirtualMFADevice with Tags is authorized as TagMFADevice on the new device as well.
            new Permission("iam:TagMFADevice", ResourceType.MFA_DEVICE),
            new Permission("iam:DeleteVirtualMFADevice", ResourceType.MFA_DEVICE), // only devices the app created
            new Permission("iam:GetUser", ResourceType.USER),
            new Permission("iam:GetLoginProfile", ResourceType.USER),           // has a console password?
            new Permission("iam:ListUserTags", ResourceType.USER),              // email address
            new Permission("iam:ListMFADevices", ResourceType.USER),
            new Permission("iam:EnableMFADevice", ResourceType.USER),
            new Permission("iam:ResyncMFADevice", ResourceType.USER),
            new Permission("iam:DeactivateMFADevice", ResourceType.USER),       // helpdesk: reset a lost device
            new Permission("iam:DeleteLoginProfile", ResourceType.USER));       // admin: remove an unneeded password

    private IamPermissions() {
    }

    /** Every action name, e.g. {@code iam:GetUser}. */
    public static Set<String> actions() {
        Set<String> actions = new LinkedHashSet<>();
        ALL.forEach(p -> actions.add(p.action()));
        return actions;
    }

    /** The actions per resource type, in policy order. */
    public static Map<ResourceType, List<String>> byResource() {
        Map<ResourceType, List<String>> grouped = new EnumMap<>(ResourceType.class);
        for (Permission permission : ALL) {
            grouped.computeIfAbsent(permission.resource(), r -> new ArrayList<>()).add(permission.action());
        }
        return grouped;
    }

    /**
     * The partition an IAM signing region belongs to ({@code MFA_IAM_REGION}): {@code aws-cn} for China,
     * {@code aws-us-gov} for GovCloud, else {@code aws}.
     */
    public static String partitionOf(String region) {
        String r = region == null ? "" : region.toLowerCase(Locale.ROOT);
        if (r.startsWith("cn-") || r.equals("aws-cn-global")) {
            return "aws-cn";
        }
        if (r.startsWith("us-gov-") || r.equals("aws-us-gov-global")) {
            return "aws-us-gov";
        }
        return "aws";
    }

    /**
     * The identity policy as IAM policy JSON, one statement per resource type: the app's own role's for its own
     * account, and each member role's (the same document). {@code accountId} may be {@code "*"} (as in AWS's own
     * examples): IAM identity policies reach only the account's own users and devices.
     */
    public static String policyJson(String partition, String accountId) {
        List<String> statements = new ArrayList<>();
        byResource().forEach((type, actions) ->
                statements.add(PolicyJson.allow(type.sid(), actions, type.arn(partition, accountId))));
        return PolicyJson.document(statements);
    }
}
