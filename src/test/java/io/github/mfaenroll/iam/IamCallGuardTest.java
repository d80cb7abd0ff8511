package io.github.mfaenroll.iam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.github.mfaenroll.iam.simulator.IamSimulator;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/**
 * Each account's guard, on the real SDK client against the simulator: calls are measured per account, and a call
 * that would wait longer than allowed for the account's budget fails as throttled without reaching IAM.
 */
class IamCallGuardTest {

    private static final AccountId DEV = new AccountId("111111111111");
    private static final AccountId PROD = new AccountId("222222222222");

    private final IamSimulator simulator = new IamSimulator(Clock.systemUTC(), "123456789012").start();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final List<AwsIamGateway> opened = new ArrayList<>();

    @AfterEach
    void close() {
        opened.forEach(AwsIamGateway::close);
        simulator.close();
    }

    @Test
    void everyCallIsTimedUnderItsAccount() {
        simulator.addUser("alice", true, Map.of());
        IamBudgets budgets = IamBudgets.local(100, Duration.ofSeconds(5), registry);

        gateway(budgets.staffInterceptors(DEV)).getUser("alice");
        gateway(budgets.employeeInterceptors(DEV)).listMfaDevices("alice");
        catchThrowableOfType(IamFailure.class, () -> gateway(budgets.staffInterceptors(PROD)).getUser("ghost"));

        assertThat(count("111111111111", "GetUser", "ok")).isEqualTo(1);
        assertThat(count("111111111111", "ListMFADevices", "ok")).isEqualTo(1);
        assertThat(count("222222222222", "GetUser", "NoSuchEntity")).isEqualTo(1);
        assertThat(registry.find("mfa.iam.calls").timers()).allSatisfy(
                timer -> assertThat(timer.getId().getTag("account")).isIn("111111111111", "222222222222"));
    }

    @Test
    void anAccountsGatewaysShareOneBudgetAndOtherAccountsHaveTheirOwn() {
        simulator.addUser("alice", true, Map.of());
        IamBudgets budgets = IamBudgets.local(1, Duration.ZERO, registry);
        gateway(budgets.staffInterceptors(PROD)).getUser("alice"); // the SDK's first call loads classes for a while

        gateway(budgets.staffInterceptors(DEV)).getUser("alice");
        IamFailure refused = catchThrowableOfType(IamFailure.class,
                () -> gateway(budgets.employeeInterceptors(DEV)).getUser("alice"));

        assertThat(budgets.forAccount(DEV)).isSameAs(budgets.forAccount(DEV));
        assertThat(refused).isNotNull();
        assertThat(refused.kind()).isEqualTo(IamFailure.Kind.THROTTLED);
        assertThat(simulator.requestCount("GetUser")).as("the refused call never reached IAM").isEqualTo(2);
        assertThat(count("111111111111", "GetUser", "Throttling")).as("nor is it timed as an IAM call").isZero();
    }

    private long count(String account, String action, String outcome) {
        Timer timer = registry.find("mfa.iam.calls").tags("account", account, "action", action, "outcome", outcome)
                .timer();
        return timer == null ? 0 : timer.count();
    }

    private AwsIamGateway gateway(List<ExecutionInterceptor> interceptors) {
        AwsIamGateway gateway = AwsIamGateway.connect(
                IamConnection.forLocalEndpoint(simulator.endpoint()).withInterceptors(interceptors));
        opened.add(gateway);
        return gateway;
    }
}
