package io.github.mfaenroll.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.mfaenroll.iam.simulator.DemoAccount;
import io.github.mfaenroll.iam.simulator.IamSimulator;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code report --demo}: the compliance data on stdout, as CSV or JSON; what happened on stderr. */
class ReportCommandTest {

    @TempDir
    Path dataDir;

    /**
     * Runs {@code action} with AWS credentials for the production path of a command (no {@code --demo}), which
     * resolves them from the default chain; the simulator ignores them. System properties are the chain's first
     * source and the least global one to set.
     */
    static <T> T withLocalCredentials(Supplier<T> action) {
        System.setProperty("aws.accessKeyId", "AKIDEXAMPLE");
        System.setProperty("aws.secretAccessKey", "local-simulator");
        try {
            return action.get();
        } finally {
            System.clearProperty("aws.accessKeyId");
            System.clearProperty("aws.secretAccessKey");
        }
    }

    private CommandRun run(String... args) {
        return CommandRun.run(Map.of("MFA_DATA_DIR", dataDir.toString()), args);
    }

    @Test
    void printsEveryDemoUserAsCsvWithAHeaderTheAccountColumnsFirst() {

        CommandRun run = run("report", "--demo");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).isEqualTo("""
                account_id,account_alias,user,arn,category,password_enabled,mfa_active,password_last_used
                123456789012,demo-corp,alice,arn:aws:iam::123456789012:user/alice,NON_COMPLIANT,true,false,
                123456789012,demo-corp,bob,arn:aws:iam::123456789012:user/bob,NON_COMPLIANT,true,false,
                123456789012,demo-corp,carol,arn:aws:iam::123456789012:user/carol,COMPLIANT_WITH_MFA,true,true,
                123456789012,demo-corp,dave,arn:aws:iam::123456789012:user/dave,NO_CONSOLE_PASSWORD,false,false,
                234567890123,demo-dev,alice,arn:aws:iam::234567890123:user/alice,NON_COMPLIANT,true,false,
                234567890123,demo-dev,erin,arn:aws:iam::234567890123:user/erin,NON_COMPLIANT,true,false,
                234567890123,demo-dev,frank,arn:aws:iam::234567890123:user/frank,COMPLIANT_WITH_MFA,true,true,
                345678901234,demo-prod,grace,arn:aws:iam::345678901234:user/grace,NON_COMPLIANT,true,false,
                345678901234,demo-prod,heidi,arn:aws:iam::345678901234:user/heidi,COMPLIANT_WITH_MFA,true,true,
                """);
        assertThat(run.err()).contains("4 users, 2 with a console password and no MFA");
    }

    @Test
    void printsOneJsonObjectWithASectionPerAccountInTheOneAccountShapeAndTotals() throws Exception {

        CommandRun run = run("report", "--demo", "--json");

        JsonNode whole = new ObjectMapper().readTree(run.out());
        JsonNode section = whole.get("accounts").get(0);
        JsonNode json = section.get("report");
        assertThat(run.exitCode()).isZero();
        assertThat(whole.get("accounts")).hasSize(3);
        assertThat(whole.get("accounts").get(1).get("accountAlias").asText()).isEqualTo("demo-dev");
        assertThat(whole.get("accounts").get(2).get("accountAlias").asText()).isEqualTo("demo-prod");
        assertThat(section.get("accountId").asText()).isEqualTo("123456789012");
        assertThat(section.get("accountAlias").asText()).isEqualTo("demo-corp");
        assertThat(section.get("reachable").asBoolean()).isTrue();
        assertThat(section.get("reason").isNull()).isTrue();
        assertThat(whole.get("totals").get("accounts").asInt()).isEqualTo(3);
        assertThat(whole.get("totals").get("counts").get("withConsolePassword").asInt()).isEqualTo(8);
        assertThat(whole.get("totals").get("percentCompliant").asDouble()).isEqualTo(37.5);
        assertThat(whole.get("totals").get("accountsWithoutRootMfa").asInt()).isEqualTo(3);
        assertThat(json.get("generatedAt").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
        assertThat(json.get("counts").get("users").asInt()).isEqualTo(4);
        assertThat(json.get("counts").get("nonCompliant").asInt()).isEqualTo(2);
        assertThat(json.get("counts").get("compliantWithMfa").asInt()).isEqualTo(1);
        assertThat(json.get("counts").get("noConsolePassword").asInt()).isEqualTo(1);
        assertThat(json.get("counts").get("withConsolePassword").asInt()).isEqualTo(3);
        assertThat(json.get("percentCompliant").asDouble()).isEqualTo(33.3);
        assertThat(json.get("rootMfaActive").isBoolean()).isTrue();
        assertThat(json.get("rootMfaActive").asBoolean()).isFalse();
        JsonNode alice = json.get("users").get(0);
        assertThat(alice.get("user").asText()).isEqualTo("alice");
        assertThat(alice.get("arn").asText()).isEqualTo("arn:aws:iam::123456789012:user/alice");
        assertThat(alice.get("category").asText()).isEqualTo("NON_COMPLIANT");
        assertThat(alice.get("passwordEnabled").asBoolean()).isTrue();
        assertThat(alice.get("mfaActive").asBoolean()).isFalse();
        assertThat(alice.get("passwordLastUsed").isNull()).isTrue();
    }

    @Test
    void printsOnlyOneCategoryOnRequest() throws Exception {

        CommandRun run = run("report", "--demo", "--json", "--show", "noncompliant");

        List<String> users = new ArrayList<>();
        new ObjectMapper().readTree(run.out()).get("accounts").get(0).get("report").get("users")
                .forEach(u -> users.add(u.get("user").asText()));
        assertThat(users).containsExactly("alice", "bob");
    }

    @Test
    void explainsAnIamRefusalOnStandardErrorAndPrintsNoData() {
        try (IamSimulator iam = new IamSimulator(Clock.systemUTC(), DemoAccount.ACCOUNT_ID).start()) {
            DemoAccount.seed(iam);
            iam.failNext("GenerateCredentialReport", 1, 403, "AccessDenied", "not authorized");
            Map<String, String> env = Map.of("MFA_DATA_DIR", dataDir.toString(),
                    "MFA_IAM_ENDPOINT", iam.endpoint().toString());

            CommandRun run = withLocalCredentials(() -> CommandRun.run(env, "report"));

            assertThat(run.exitCode()).isEqualTo(1);
            assertThat(run.out()).isEmpty();
            assertThat(run.err()).contains("iam:GenerateCredentialReport and iam:GetCredentialReport")
                    .containsPattern("Reference: R-[A-Z2-9]{8}").doesNotContain("\tat ");
        }
    }

    @Test
    void narrowsToTheAccountNamedByIdOrAlias() {

        CommandRun byAlias = run("report", "--demo", "--account", "demo-corp");
        CommandRun byId = run("report", "--demo", "--account", "123456789012");

        assertThat(byAlias.exitCode()).isZero();
        assertThat(byAlias.out()).startsWith("account_id,account_alias,").contains("123456789012,demo-corp,alice,");
        assertThat(byId.out()).isEqualTo(byAlias.out());
    }

    @Test
    void refusesAnAccountNoneIsNamedAfterAndListsTheConfiguredOnes() {

        CommandRun run = run("report", "--demo", "--account", "prod");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--account prod names no configured account; configured: 123456789012 (demo-corp)");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void refusesAnUnknownCategory() {

        CommandRun run = run("report", "--demo", "--show", "everyone");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--show must be one of all, noncompliant, mfa, nopassword");
        assertThat(run.out()).isEmpty();
    }
}
