package io.github.mfaenroll.iam;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The IAM actions this app's own role needs, and no others: one per SDK operation {@link AwsIamGateway} sends, each
 * with the resource type IAM authorizes it on (Service Authorization Reference). {@code IamPermissionsTest} reads
 * the gateway's source and the README's CloudFormation policy and fails when either disagrees with this list, so a
 * new IAM call cannot ship without its permission.
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
     * The role's identity policy as IAM policy JSON, one statement per resource type. {@code accountId} may be
     * {@code "*"} (as in AWS's own examples): IAM identity policies reach only the account's own users and devices.
     */
    public static String policyJson(String partition, String accountId) {
        StringBuilder json = new StringBuilder("{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n");
        List<String> statements = new ArrayList<>();
        byResource().forEach((type, actions) -> {
            StringBuilder statement = new StringBuilder();
            statement.append("    {\n      \"Sid\": \"").append(sid(type)).append("\",\n")
                    .append("      \"Effect\": \"Allow\",\n      \"Action\": [\n");
            for (int i = 0; i < actions.size(); i++) {
                statement.append("        \"").append(actions.get(i)).append('"')
                        .append(i + 1 < actions.size() ? ",\n" : "\n");
            }
            statement.append("      ],\n      \"Resource\": \"").append(type.arn(partition, accountId))
                    .append("\"\n    }");
            statements.add(statement.toString());
        });
        // Every value here is a constant of this class or an ARN part checked by the caller: nothing to escape.
        return json.append(String.join(",\n", statements)).append("\n  ]\n}\n").toString();
    }

    private static String sid(ResourceType type) {
        return switch (type) {
            case ANY -> "AccountWideReads";
            case MFA_DEVICE -> "ManageVirtualDevices";
            case USER -> "ReadUsersAndBindDevices";
        };
    }
}
