package io.github.mfaenroll.iam;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.mfaenroll.iam.CrossAccountPermissions.AccountSource;
import io.github.mfaenroll.iam.IamPermissions.ResourceType;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The templates administrators deploy (under {@code docs/deploy/}) grant exactly what the code derives: the member
 * role, as a CloudFormation StackSet and in Terraform, carries {@link IamPermissions} (the same actions, each on its
 * resource, nothing extra) and trusts the app's role with the external id when one is set; the app role's addition
 * is {@link CrossAccountPermissions#appRoleStatements}.
 */
class DeployTemplatesTest {

    private static final Path DEPLOY = Path.of("docs/deploy");

    /** {@link IamPermissions} as the templates group it: Sid to actions. */
    private static Map<String, Set<String>> iamStatementsBySid() {
        Map<String, Set<String>> bySid = new LinkedHashMap<>();
        IamPermissions.byResource().forEach((type, actions) -> bySid.put(type.sid(), new LinkedHashSet<>(actions)));
        return bySid;
    }

    /** What an ARN of {@code type} says after the account: {@code :user/*}, {@code :mfa/*}. */
    private static String arnTail(ResourceType type) {
        return type.arn("PARTITION", "ACCOUNT").substring("arn:PARTITION:iam::ACCOUNT".length());
    }

    /** Every action-shaped word the member role may contain: its IAM actions, and the trust policy's two. */
    private static Set<String> memberRoleWords() {
        Set<String> words = new LinkedHashSet<>(IamPermissions.actions());
        words.add("sts:AssumeRole");
        words.add("sts:ExternalId");
        return words;
    }

    @Nested
    class TheCloudFormationMemberRole {

        private final PolicyTemplate template = PolicyTemplate.cloudFormation(DEPLOY.resolve("member-role.cfn.yaml"));

        @Test
        void grantsExactlyTheDerivedIamActionsStatementByStatement() {

            Map<String, Set<String>> statements = template.actionsBySid(CrossAccountPermissions.TRUST_APP_ROLE_SID);

            assertThat(statements).isEqualTo(iamStatementsBySid());
            assertThat(template.allActionWords()).as("nothing extra anywhere in the template")
                    .containsExactlyInAnyOrderElementsOf(memberRoleWords());
        }

        @Test
        void grantsEachStatementOnItsResourceInTheStacksOwnAccount() {

            for (ResourceType type : ResourceType.values()) {
                String expected = type == ResourceType.ANY ? "\"*\""
                        : "!Sub \"arn:${AWS::Partition}:iam::${AWS::AccountId}" + arnTail(type) + "\"";
                assertThat(template.statements().get(type.sid()).resource()).as(type.sid()).isEqualTo(expected);
            }
        }

        @Test
        void trustsTheAppRoleWithTheExternalIdOnlyWhenOneIsGiven() {

            PolicyTemplate.Statement trust = template.statements().get(CrossAccountPermissions.TRUST_APP_ROLE_SID);

            assertThat(trust.actions()).containsExactly("sts:AssumeRole");
            assertThat(trust.text()).contains("Principal:\n              AWS: !Ref AppRoleArn")
                    .contains("Condition: !If\n              - HasExternalId\n              - StringEquals:\n"
                            + "                  sts:ExternalId: !Ref ExternalId\n              - !Ref AWS::NoValue");
            assertThat(template.text()).contains("HasExternalId: !Not [!Equals [!Ref ExternalId, \"\"]]");
        }

        @Test
        void takesTheAppRoleTheRoleNameAndAnOptionalExternalIdAsParameters() {

            assertThat(template.text())
                    .contains("  AppRoleArn:\n    Type: String\n")
                    .contains("  RoleName:\n    Type: String\n    Default: " + CrossAccountPermissions.DEFAULT_MEMBER_ROLE + "\n")
                    .contains("  ExternalId:\n    Type: String\n    Default: \"\"\n")
                    .contains("      RoleName: !Ref RoleName\n");
        }
    }

    @Nested
    class TheTerraformMemberRole {

        private final PolicyTemplate template = PolicyTemplate.terraform(DEPLOY.resolve("member-role.tf"));

        @Test
        void grantsExactlyTheDerivedIamActionsStatementByStatement() {

            Map<String, Set<String>> statements = template.actionsBySid(CrossAccountPermissions.TRUST_APP_ROLE_SID);

            assertThat(statements).isEqualTo(iamStatementsBySid());
            assertThat(template.allActionWords()).as("nothing extra anywhere in the file")
                    .containsExactlyInAnyOrderElementsOf(memberRoleWords());
        }

        @Test
        void grantsEachStatementOnItsResourceInTheAccountsOwnPartition() {

            for (ResourceType type : ResourceType.values()) {
                String expected = type == ResourceType.ANY ? "*" : "${local.account_arn}" + arnTail(type);
                assertThat(template.statements().get(type.sid()).resource()).as(type.sid()).isEqualTo(expected);
            }
            assertThat(template.text()).containsPattern("account_arn\\s*=\\s*\"arn:\\$\\{data\\.aws_partition\\.current"
                    + "\\.partition}:iam::\\$\\{data\\.aws_caller_identity\\.current\\.account_id}\"");
        }

        @Test
        void trustsTheAppRoleWithTheExternalIdOnlyWhenOneIsGiven() {

            PolicyTemplate.Statement trust = template.statements().get(CrossAccountPermissions.TRUST_APP_ROLE_SID);

            assertThat(trust.actions()).containsExactly("sts:AssumeRole");
            assertThat(trust.text()).containsPattern("type\\s*=\\s*\"AWS\"\\s*identifiers\\s*=\\s*\\[var\\.app_role_arn]")
                    .containsPattern("for_each\\s*=\\s*var\\.external_id == \"\" \\? \\[] : \\[var\\.external_id]")
                    .containsPattern("test\\s*=\\s*\"StringEquals\"\\s*variable\\s*=\\s*\"sts:ExternalId\"\\s*"
                            + "values\\s*=\\s*\\[condition\\.value]");
            assertThat(template.text()).containsPattern("assume_role_policy\\s*=\\s*data\\.aws_iam_policy_document\\.trust\\.json")
                    .containsPattern("policy\\s*=\\s*data\\.aws_iam_policy_document\\.iam\\.json");
        }

        @Test
        void takesTheAppRoleTheRoleNameAndAnOptionalExternalIdAsVariables() {

            assertThat(template.text()).containsPattern("variable \"app_role_arn\" \\{\\s*type\\s*=\\s*string\\s")
                    .containsPattern("variable \"role_name\" \\{\\s*type\\s*=\\s*string\\s*default\\s*=\\s*\""
                            + CrossAccountPermissions.DEFAULT_MEMBER_ROLE + "\"")
                    .containsPattern("variable \"external_id\" \\{\\s*type\\s*=\\s*string\\s*default\\s*=\\s*\"\"")
                    .containsPattern("name\\s*=\\s*var\\.role_name");
        }
    }

    @Nested
    class TheAppRoleAddition {

        private final PolicyTemplate template =
                PolicyTemplate.cloudFormation(DEPLOY.resolve("app-role-accounts.cfn.yaml"));

        @Test
        void grantsExactlyTheDerivedStatements() {

            Map<String, Set<String>> expected = new LinkedHashMap<>();
            CrossAccountPermissions.appRoleStatements(AccountSource.ORGANIZATION, "aws", "mfa-enroll")
                    .forEach(s -> expected.put(s.sid(), Set.of(s.action())));

            assertThat(template.actionsBySid()).isEqualTo(expected);
            assertThat(template.allActionWords()).as("nothing extra, and no statement for sts:GetCallerIdentity")
                    .containsExactlyInAnyOrderElementsOf(
                            CrossAccountPermissions.appRoleActions(AccountSource.ORGANIZATION));
        }

        @Test
        void assumesOnlyTheMemberRoleInAnyAccount() {

            String expected = "!Sub \"" + CrossAccountPermissions.memberRoleArn("PARTITION", "MEMBER")
                    .replace("PARTITION", "${AWS::Partition}").replace("MEMBER", "${MemberRoleName}") + "\"";

            assertThat(template.statements().get(CrossAccountPermissions.ASSUME_MEMBER_ROLE_SID).resource())
                    .isEqualTo(expected);
            assertThat(template.text()).contains("  MemberRoleName:\n    Type: String\n    Default: "
                    + CrossAccountPermissions.DEFAULT_MEMBER_ROLE + "\n");
        }

        @Test
        void listsTheOrganizationsAccountsOnlyForMfaAccountsOrganization() {

            PolicyTemplate.Statement list = template.statements().get(CrossAccountPermissions.LIST_ACCOUNTS_SID);

            assertThat(list.resource()).isEqualTo("\"*\"");
            assertThat(template.text()).contains("- !If\n            - ListsTheOrganization\n            - Sid: "
                    + CrossAccountPermissions.LIST_ACCOUNTS_SID)
                    .contains("ListsTheOrganization: !Equals [!Ref Accounts, organization]");
            assertThat(CrossAccountPermissions.appRoleActions(AccountSource.LIST))
                    .doesNotContain("organizations:ListAccounts");
        }
    }
}
