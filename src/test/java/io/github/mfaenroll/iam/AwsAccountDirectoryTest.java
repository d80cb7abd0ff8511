package io.github.mfaenroll.iam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.github.mfaenroll.iam.IamFailure.Kind;
import io.github.mfaenroll.iam.simulator.DemoOrganization;
import io.github.mfaenroll.iam.simulator.IamSimulator;
import io.github.mfaenroll.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The directory with the real SDK STS and IAM clients and the Organizations client, against the simulator serving the
 * demo organization (management demo-corp, members demo-dev and demo-prod) on one endpoint.
 */
class AwsAccountDirectoryTest {

    private static final AccountId CORP = new AccountId(DemoOrganization.MANAGEMENT_ID);
    private static final AccountId DEV = new AccountId(DemoOrganization.DEV_ID);
    private static final AccountId PROD = new AccountId(DemoOrganization.PROD_ID);

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T10:00:00Z"));
    private final IamSimulator simulator = new IamSimulator(clock, DemoOrganization.MANAGEMENT_ID).start();
    private AwsAccountDirectory directory;

    AwsAccountDirectoryTest() {
        DemoOrganization.seed(simulator);
    }

    @AfterEach
    void close() {
        if (directory != null) {
            directory.close();
        }
        simulator.close();
    }

    private AwsAccountDirectory directory(Map<String, String> settings) {
        Map<String, String> env = new HashMap<>(settings);
        env.put("MFA_IAM_ENDPOINT", simulator.endpoint().toString());
        IamConnection connection = IamConnection.forLocalEndpoint(simulator.endpoint());
        directory = AwsAccountDirectory.connect(AccountSettings.from(env), connection, connection, clock);
        return directory;
    }

    private AwsAccountDirectory organization() {
        return directory(Map.of("MFA_ACCOUNTS", "organization"));
    }

    @Nested
    class WholeOrganization {

        @Test
        void ownAccountIsTheOneGetCallerIdentityNames() {
            Account own = organization().own();

            assertThat(own).isEqualTo(new Account(CORP, "demo-corp", true));
        }

        @Test
        void listsEveryAccountWithItsIamAlias() {
            List<Account> accounts = organization().accounts();

            assertThat(accounts).containsExactly(new Account(CORP, "demo-corp", true),
                    new Account(DEV, "demo-dev", false), new Account(PROD, "demo-prod", false));
            assertThat(directory.find("demo-dev").id()).isEqualTo(DEV);
        }

        @Test
        void eachAccountsGatewayActsInThatAccount() {
            organization();

            assertThat(directory.iam(DEV).listMfaDevices("frank")).hasSize(1);
            assertThat(directory.employeeIam(PROD).getUser("grace").arn())
                    .isEqualTo("arn:aws:iam::345678901234:user/grace");
            assertThat(catchThrowableOfType(IamFailure.class, () -> directory.iam(CORP).getUser("frank")).kind())
                    .isEqualTo(Kind.NO_SUCH_ENTITY);
            assertThat(directory.iam(CORP)).isSameAs(directory.ownIam());
            assertThat(simulator.account(DemoOrganization.DEV_ID).requestCount("ListMFADevices")).isEqualTo(1);
        }

        @Test
        void followsEveryPageOfListAccountsAndKeepsOnlyActiveAccounts() {
            for (int i = 0; i < 25; i++) {
                simulator.addAccount(String.format("9000000000%02d", i), null);
            }
            simulator.account("900000000003").setOrganizationStatus("SUSPENDED");
            simulator.account("900000000004").setOrganizationStatus("PENDING_CLOSURE");

            List<Account> accounts = organization().accounts();

            assertThat(accounts).hasSize(3 + 23).extracting(Account::id)
                    .doesNotContain(new AccountId("900000000003"), new AccountId("900000000004"));
            assertThat(simulator.requestCount("ListAccounts")).isEqualTo(2);
        }

        @Test
        void withoutAnIamAliasTheOrganizationsNameIsTheAlias() {
            simulator.addAccount("456789012345", null).setOrganizationName("Team Blue");

            assertThat(organization().byId(new AccountId("456789012345")).orElseThrow().alias()).isEqualTo("Team Blue");
        }

        @Test
        void listAccountsIsAskedAgainOnlyAfterAnHour() {
            organization().accounts();
            directory.accounts();
            clock.advance(Duration.ofMinutes(61));
            directory.accounts();

            assertThat(simulator.requestCount("ListAccounts")).isEqualTo(2);
        }

        @Test
        void anAccountNotConfiguredIsUnknown() {
            organization();

            assertThatThrownBy(() -> directory.iam(new AccountId("999999999999"))).isInstanceOf(UnknownAccount.class);
        }
    }

    @Nested
    class UnassumableRole {

        @Test
        void isUnreachableWithStsReasonWhileTheOtherAccountsWork() {
            simulator.denyAssumeRole(DemoOrganization.PROD_ID);
            organization();

            Reachability prod = directory.reachability(PROD);
            IamFailure failure = catchThrowableOfType(IamFailure.class, () -> directory.iam(PROD).getUser("grace"));

            assertThat(prod.reachable()).isFalse();
            assertThat(prod.reason()).startsWith("AccessDenied: User: arn:aws:iam::123456789012:user/")
                    .contains("sts:AssumeRole").endsWith("arn:aws:iam::345678901234:role/mfa-enroll");
            assertThat(failure.kind()).isEqualTo(Kind.ACCOUNT_UNREACHABLE);
            assertThat(failure.awsErrorCode()).isEqualTo("AccessDenied");
            assertThat(failure.reason()).isEqualTo(prod.reason());
            assertThat(directory.reachability(DEV)).isEqualTo(Reachability.REACHABLE);
            assertThat(directory.reachability(CORP)).isEqualTo(Reachability.REACHABLE);
            assertThat(directory.iam(DEV).getUser("erin").userName()).isEqualTo("erin");
        }

        @Test
        void isStillListedUnderTheOrganizationsName() {
            simulator.denyAssumeRole(DemoOrganization.PROD_ID);

            List<Account> accounts = organization().accounts();

            assertThat(accounts).contains(new Account(PROD, "demo-prod", false));
        }

        @Test
        void isAskedOfStsAgainOnlyAfterAMinute() {
            simulator.denyAssumeRole(DemoOrganization.PROD_ID);
            organization();
            directory.reachability(PROD);
            int afterFirst = simulator.requestCount("AssumeRole");

            directory.reachability(PROD);
            catchThrowableOfType(IamFailure.class, () -> directory.iam(PROD).getUser("grace"));
            int withinTheMinute = simulator.requestCount("AssumeRole");
            clock.advance(Duration.ofSeconds(61));
            directory.reachability(PROD);

            assertThat(withinTheMinute).isEqualTo(afterFirst);
            assertThat(simulator.requestCount("AssumeRole")).isGreaterThan(afterFirst);
        }
    }

    @Nested
    class ExternalId {

        @Test
        void withoutTheRequiredOneTheRoleIsRefused() {
            simulator.memberRole("mfa-enroll", "corp-7f3a");

            Reachability dev = organization().reachability(DEV);

            assertThat(dev.reachable()).isFalse();
            assertThat(dev.reason()).startsWith("AccessDenied");
        }

        @Test
        void withTheRequiredOneTheRoleIsAssumed() {
            simulator.memberRole("mfa-enroll", "corp-7f3a");

            Reachability dev = directory(Map.of("MFA_ACCOUNTS", "organization",
                    "MFA_MEMBER_ROLE_EXTERNAL_ID", "corp-7f3a")).reachability(DEV);

            assertThat(dev).isEqualTo(Reachability.REACHABLE);
        }

        @Test
        void anotherRoleNameIsRefused() {
            Reachability dev = directory(Map.of("MFA_ACCOUNTS", "organization", "MFA_MEMBER_ROLE", "other"))
                    .reachability(DEV);

            assertThat(dev.reachable()).isFalse();
            assertThat(dev.reason()).endsWith("arn:aws:iam::234567890123:role/other");
        }
    }

    @Nested
    class OtherSources {

        @Test
        void selfIsTheOwnAccountAlone() {
            List<Account> accounts = directory(Map.of()).accounts();

            assertThat(accounts).containsExactly(new Account(CORP, "demo-corp", true));
            assertThat(simulator.requestCount("ListAccounts")).isZero();
        }

        @Test
        void aListIsThoseAccountsAndTheOwnOneOnlyWhenListed() {
            List<Account> accounts = directory(Map.of("MFA_ACCOUNTS", "345678901234, 234567890123")).accounts();

            assertThat(accounts).containsExactly(new Account(DEV, "demo-dev", false),
                    new Account(PROD, "demo-prod", false));
            assertThat(directory.own().id()).isEqualTo(CORP);
            assertThatThrownBy(() -> directory.iam(CORP)).isInstanceOf(UnknownAccount.class);
        }
    }
}
