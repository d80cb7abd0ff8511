package io.github.mfaenroll.iam;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.mfaenroll.iam.IamPermissions.ResourceType;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.iam.IamClient;

/**
 * The least-privilege policy follows the code: the IAM operations the app's sources actually send must be exactly
 * {@link IamPermissions}, and the README's CloudFormation role must list exactly those, each on its resource. The
 * member-role templates under {@code docs/deploy/} are held to the same list by {@code DeployTemplatesTest}.
 */
class IamPermissionsTest {

    /** IAM authorizes some operations as more than one action (Service Authorization Reference). */
    private static final Map<String, Set<String>> ALSO_AUTHORIZED_AS = Map.of(
            // CreateVirtualMFADevice with Tags, as DeviceProvisioner sends it, is also authorized as TagMFADevice.
            "iam:CreateVirtualMFADevice", Set.of("iam:TagMFADevice"));

    /** Every main source file that uses the SDK's IAM client (today AwsIamGateway and IamClients). */
    private static List<Path> sourcesUsingTheSdkClient() {
        return SdkCallScan.sourcesMentioning("software.amazon.awssdk.services.iam.IamClient");
    }

    /** The IAM actions those sources invoke, with the actions IAM also authorizes some of them as. */
    private static Set<String> actionsCalledInTheSources() {
        Set<String> called = new TreeSet<>();
        for (String action : SdkCallScan.actionsCalled(sourcesUsingTheSdkClient(),
                SdkCallScan.operations(IamClient.class, "iam"))) {
            called.add(action);
            called.addAll(ALSO_AUTHORIZED_AS.getOrDefault(action, Set.of()));
        }
        return called;
    }

    private static String read(Path file) {
        return SdkCallScan.read(file);
    }

    @Nested
    class FromTheCode {

        @Test
        void theSdkClientIsUsedOnlyInTheIamPackage() {

            List<Path> users = sourcesUsingTheSdkClient();

            assertThat(users).isNotEmpty().allSatisfy(f -> assertThat(f.toString().replace('\\', '/'))
                    .contains("io/github/mfaenroll/iam/"));
        }

        @Test
        void theActionsTheAppCallsAreExactlyTheListedPermissions() {

            Set<String> called = actionsCalledInTheSources();

            assertThat(called).as("IAM actions the sources call; add a new one to IamPermissions, the README and docs/deploy/")
                    .containsExactlyInAnyOrderElementsOf(IamPermissions.actions());
        }

        @Test
        void theScanFindsTheCallsItMustFind() {

            Set<String> called = actionsCalledInTheSources();

            // One call of each style the gateway uses: plain, paginator, and the no-retry client for one-time codes.
            assertThat(called).contains("iam:GetUser", "iam:ListMFADevices", "iam:EnableMFADevice",
                    "iam:ResyncMFADevice");
        }
    }

    @Nested
    class TheReadmeRole {

        /** One {@code Action: [...]} list of the README's role and the {@code Resource} of its statement. */
        record Statement(Set<String> actions, String resource) {
        }

        private List<Statement> readmeStatements() {
            String readme = read(Path.of("README.md"));
            int section = readme.indexOf("### The app's IAM role");
            int yamlStart = readme.indexOf("```yaml", section);
            String yaml = readme.substring(yamlStart, readme.indexOf("```", yamlStart + 7));
            Matcher matcher = Pattern.compile("Action:\\s*\\[([^\\]]*)\\]\\s*\\n\\s*Resource:\\s*(.+)").matcher(yaml);
            List<Statement> statements = new java.util.ArrayList<>();
            while (matcher.find()) {
                Set<String> actions = Arrays.stream(matcher.group(1).split(","))
                        .map(String::strip).filter(a -> !a.isEmpty()).collect(Collectors.toSet());
                statements.add(new Statement(actions, matcher.group(2).strip()));
            }
            return statements;
        }

        private ResourceType typeOf(String resource) {
            if (resource.equals("\"*\"")) {
                return ResourceType.ANY;
            }
            if (resource.contains(":mfa/*")) {
                return ResourceType.MFA_DEVICE;
            }
            if (resource.contains(":user/*")) {
                return ResourceType.USER;
            }
            throw new AssertionError("unexpected Resource in the README policy: " + resource);
        }

        @Test
        void listsExactlyThePermissions() {

            Set<String> listed = new HashSet<>();
            readmeStatements().forEach(s -> listed.addAll(s.actions()));

            assertThat(listed).containsExactlyInAnyOrderElementsOf(IamPermissions.actions());
        }

        @Test
        void grantsEachActionOnItsResourceType() {

            List<Statement> statements = readmeStatements();

            assertThat(statements).hasSize(3).allSatisfy(statement ->
                    assertThat(statement.actions()).containsExactlyInAnyOrderElementsOf(
                            IamPermissions.byResource().get(typeOf(statement.resource()))));
        }
    }

    @Nested
    class ThePolicyJson {

        @Test
        void isOneAllowStatementPerResourceTypeWithArnsOfThePartition() throws IOException {

            JsonNode policy = new ObjectMapper().readTree(IamPermissions.policyJson("aws-cn", "123456789012"));

            assertThat(policy.get("Version").asText()).isEqualTo("2012-10-17");
            assertThat(policy.get("Statement")).hasSize(3).allSatisfy(s ->
                    assertThat(s.get("Effect").asText()).isEqualTo("Allow"));
            Map<String, List<String>> byResource = new HashMap<>();
            policy.get("Statement").forEach(s -> byResource.put(s.get("Resource").asText(),
                    java.util.stream.StreamSupport.stream(s.get("Action").spliterator(), false)
                            .map(JsonNode::asText).toList()));
            assertThat(byResource).containsOnlyKeys("*", "arn:aws-cn:iam::123456789012:user/*",
                    "arn:aws-cn:iam::123456789012:mfa/*");
            assertThat(byResource.get("arn:aws-cn:iam::123456789012:mfa/*"))
                    .containsExactly("iam:CreateVirtualMFADevice", "iam:TagMFADevice", "iam:DeleteVirtualMFADevice");
        }

        @Test
        void partitionsFollowTheSigningRegion() {

            assertThat(IamPermissions.partitionOf("aws-global")).isEqualTo("aws");
            assertThat(IamPermissions.partitionOf("us-east-1")).isEqualTo("aws");
            assertThat(IamPermissions.partitionOf("cn-north-1")).isEqualTo("aws-cn");
            assertThat(IamPermissions.partitionOf("us-gov-west-1")).isEqualTo("aws-us-gov");
        }
    }
}
