package io.github.mfaenroll.iam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.mfaenroll.iam.CrossAccountPermissions.AccountSource;
import io.github.mfaenroll.iam.CrossAccountPermissions.Statement;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * What reaching other accounts adds: the app role's statements follow {@code MFA_ACCOUNTS}, the member role's trust
 * policy admits only the app's role (with the external id when one is set), and the STS and Organizations calls in
 * the sources are exactly the listed ones.
 */
class CrossAccountPermissionsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The services reached through other SDK clients than IAM's, by the client class and the policy prefix. */
    private static final Map<String, String> CLIENTS = Map.of(
            "software.amazon.awssdk.services.sts.StsClient", "sts",
            "software.amazon.awssdk.services.organizations.OrganizationsClient", "organizations");

    /** Organizations' JSON protocol names the operation in {@code X-Amz-Target}. */
    private static final Pattern ORGANIZATIONS_TARGET = Pattern.compile("AWSOrganizationsV20161128\\.(\\w+)");

    private static List<String> actions(JsonNode statement) {
        JsonNode action = statement.get("Action");
        return action.isArray() ? StreamSupport.stream(action.spliterator(), false).map(JsonNode::asText).toList()
                : List.of(action.asText());
    }

    @Nested
    class FromTheCode {

        /**
         * Per service whose client some main source uses: the actions those sources call. The SDK's
         * {@code StsAssumeRoleCredentialsProvider} sends {@code sts:AssumeRole} on the app's behalf (and renews it),
         * so a source that uses it calls that action without naming it. A source may also speak Organizations' JSON
         * protocol without the SDK module (the partial mirror here lacks it): its {@code X-Amz-Target} header value,
         * {@code AWSOrganizationsV20161128.ListAccounts}, names the action.
         */
        private Set<String> actionsCalledThroughOtherClients() {
            Set<String> called = new TreeSet<>();
            CLIENTS.forEach((className, prefix) -> {
                Optional<Class<?>> client = SdkCallScan.clientClass(className);
                if (client.isEmpty()) {
                    return; // the SDK module is not a dependency, so no source can call it
                }
                List<Path> sources = SdkCallScan.sourcesMentioning(client.get().getPackageName() + ".");
                called.addAll(SdkCallScan.actionsCalled(sources, SdkCallScan.operations(client.get(), prefix)));
                if (prefix.equals("sts") && sources.stream().anyMatch(
                        f -> SdkCallScan.read(f).contains("StsAssumeRoleCredentialsProvider"))) {
                    called.add("sts:AssumeRole");
                }
            });
            Matcher target = ORGANIZATIONS_TARGET.matcher("");
            for (Path source : SdkCallScan.sourcesMentioning("AWSOrganizationsV20161128.")) {
                if (source.toString().replace('\\', '/').contains("/iam/simulator/")) {
                    continue; // the simulator answers these calls; it does not make them
                }
                target.reset(SdkCallScan.read(source));
                while (target.find()) {
                    called.add("organizations:" + target.group(1));
                }
            }
            return called;
        }

        @Test
        void theStsAndOrganizationsCallsNeedExactlyTheListedPermissions() {

            Set<String> called = new TreeSet<>(actionsCalledThroughOtherClients());
            called.removeAll(CrossAccountPermissions.NEEDS_NO_PERMISSION);

            // Until a source calls STS or Organizations, both sides of a service are empty; from the first call on,
            // every action of that service the sources call must be listed, and every listed one called.
            Set<String> listed = new TreeSet<>();
            for (String action : CrossAccountPermissions.appRoleActions(AccountSource.ORGANIZATION)) {
                String prefix = action.substring(0, action.indexOf(':'));
                if (called.stream().anyMatch(c -> c.startsWith(prefix + ":"))) {
                    listed.add(action);
                }
            }
            assertThat(called).as("STS and Organizations actions the sources call; list a new one in "
                    + "CrossAccountPermissions and docs/deploy/app-role-accounts.cfn.yaml").isEqualTo(listed);
        }

        @Test
        void getCallerIdentityIsTheOnlyCallThatNeedsNoPermission() {

            assertThat(CrossAccountPermissions.NEEDS_NO_PERMISSION).containsExactly("sts:GetCallerIdentity");
            assertThat(CrossAccountPermissions.appRoleActions(AccountSource.ORGANIZATION))
                    .doesNotContainAnyElementsOf(CrossAccountPermissions.NEEDS_NO_PERMISSION);
        }
    }

    @Nested
    class TheAppRole {

        @Test
        void needsNothingMoreForItsOwnAccountOnly() {

            assertThat(CrossAccountPermissions.appRoleStatements(AccountSource.SELF, "aws", "mfa-enroll")).isEmpty();
            assertThatThrownBy(() -> CrossAccountPermissions.appRolePolicyJson(AccountSource.SELF, "aws", "mfa-enroll"))
                    .isInstanceOf(IllegalArgumentException.class);
        }

        @Test
        void assumesOnlyTheMemberRoleForAListOfAccounts() {

            List<Statement> statements = CrossAccountPermissions.appRoleStatements(AccountSource.LIST, "aws",
                    CrossAccountPermissions.DEFAULT_MEMBER_ROLE);

            assertThat(statements).containsExactly(
                    new Statement("AssumeMemberRole", "sts:AssumeRole", "arn:aws:iam::*:role/mfa-enroll"));
        }

        @Test
        void alsoListsTheOrganizationsAccountsForOrganization() {

            List<Statement> statements = CrossAccountPermissions.appRoleStatements(AccountSource.ORGANIZATION,
                    "aws-cn", "team/mfa-member");

            assertThat(statements).containsExactly(
                    new Statement("ListOrganizationAccounts", "organizations:ListAccounts", "*"),
                    new Statement("AssumeMemberRole", "sts:AssumeRole", "arn:aws-cn:iam::*:role/team/mfa-member"));
        }

        @Test
        void printsItsStatementsAsAPolicyDocument() throws Exception {

            JsonNode policy = JSON.readTree(CrossAccountPermissions.appRolePolicyJson(AccountSource.ORGANIZATION,
                    "aws-us-gov", "mfa-enroll"));

            assertThat(policy.get("Version").asText()).isEqualTo("2012-10-17");
            assertThat(policy.get("Statement")).hasSize(2).allSatisfy(s ->
                    assertThat(s.get("Effect").asText()).isEqualTo("Allow"));
            JsonNode assume = policy.get("Statement").get(1);
            assertThat(actions(assume)).containsExactly("sts:AssumeRole");
            assertThat(assume.get("Resource").asText()).isEqualTo("arn:aws-us-gov:iam::*:role/mfa-enroll");
        }

        @Test
        void refusesARoleNameThatIsNotOne() {

            assertThatThrownBy(() -> CrossAccountPermissions.memberRoleArn("aws", "mfa\"enroll"))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("MFA_MEMBER_ROLE");
            assertThatThrownBy(() -> CrossAccountPermissions.memberRoleArn("aws", "*"))
                    .isInstanceOf(IllegalArgumentException.class);
        }

        @ParameterizedTest(name = "MFA_ACCOUNTS={0} -> {1}")
        @CsvSource(nullValues = "null", value = {
                "null, SELF", "'', SELF", "self, SELF", "organization, ORGANIZATION", "' Organization ', ORGANIZATION",
                "'123456789012,234567890123', LIST"})
        void theAccountSourceFollowsMfaAccounts(String mfaAccounts, AccountSource expected) {

            assertThat(AccountSource.of(mfaAccounts)).isEqualTo(expected);
        }
    }

    @Nested
    class TheMemberRole {

        private static final String APP_ROLE = "arn:aws:iam::111122223333:role/mfa-enroll-app";

        @Test
        void carriesExactlyTheAppsIamPolicy() {

            assertThat(CrossAccountPermissions.memberRolePolicyJson("aws"))
                    .isEqualTo(IamPermissions.policyJson("aws", "*"));
        }

        @Test
        void trustsOnlyTheAppsRoleWithoutConditionWhenNoExternalIdIsSet() throws Exception {

            JsonNode trust = JSON.readTree(CrossAccountPermissions.memberTrustPolicyJson(APP_ROLE, null));

            assertThat(trust.get("Statement")).singleElement().satisfies(s -> {
                assertThat(s.get("Effect").asText()).isEqualTo("Allow");
                assertThat(s.at("/Principal/AWS").asText()).isEqualTo(APP_ROLE);
                assertThat(actions(s)).containsExactly("sts:AssumeRole");
                assertThat(s.has("Condition")).isFalse();
            });
            assertThat(CrossAccountPermissions.memberTrustPolicyJson(APP_ROLE, " "))
                    .isEqualTo(CrossAccountPermissions.memberTrustPolicyJson(APP_ROLE, null));
        }

        @Test
        void asksForTheExternalIdWhenOneIsSet() throws Exception {

            JsonNode trust = JSON.readTree(CrossAccountPermissions.memberTrustPolicyJson(APP_ROLE, "ext\"id\\1"));

            assertThat(trust.at("/Statement/0/Condition/StringEquals/sts:ExternalId").asText()).isEqualTo("ext\"id\\1");
            assertThat(trust.at("/Statement/0/Principal/AWS").asText()).isEqualTo(APP_ROLE);
        }
    }
}
