package io.github.mfaenroll.iam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.github.mfaenroll.iam.simulator.IamSimulator;
import io.github.mfaenroll.store.Database;
import io.github.mfaenroll.testing.Concurrently;
import io.github.mfaenroll.testing.Databases;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/**
 * Two instances of the app on one PostgreSQL database, each with its own connection pool and its own
 * {@link IamBudgets}, calling IAM (the simulator) through the real SDK: together they start the configured rate of
 * calls to an account, not twice it, and each account has a budget of its own.
 */
class SharedCallBudgetTest {

    private static final AccountId DEV = new AccountId("111111111111");
    private static final AccountId PROD = new AccountId("222222222222");
    private static final AccountId WARM_UP_FIRST = new AccountId("333333333333");
    private static final AccountId WARM_UP_SECOND = new AccountId("444444444444");

    private final List<AutoCloseable> opened = new ArrayList<>();
    private IamSimulator simulator;
    private Database firstInstance;
    private Database secondInstance;

    @BeforeEach
    void twoInstancesOnOneDatabase() {
        simulator = new IamSimulator(Clock.systemUTC(), "123456789012").start();
        simulator.addUser("alice", true, Map.of());
        String url = Databases.postgresUrl();
        firstInstance = Database.open(url, "postgres", null);
        secondInstance = Database.open(url, "postgres", null);
    }

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable closeable : opened) {
            closeable.close();
        }
        firstInstance.close();
        secondInstance.close();
        simulator.close();
    }

    /**
     * 5 calls a second and no stored burst: 30 calls hold 29 gaps of 200 ms, 5.8 s, however they are spread over
     * the instances (two budgets of their own would need 2.8 s). Only a lower bound is asserted: a busy machine makes
     * the run slower, never faster. The bound leaves 0.3 s for bucket4j's whole-millisecond clock.
     */
    @Test
    void twoInstancesTogetherStartNoMoreThanTheConfiguredRate() throws Exception {
        IamGateway first = gateway(IamBudgets.shared(firstInstance::dataSource, 5, Duration.ofSeconds(60),
                new SimpleMeterRegistry()), DEV);
        IamGateway second = gateway(IamBudgets.shared(secondInstance::dataSource, 5, Duration.ofSeconds(60),
                new SimpleMeterRegistry()), DEV);
        List<Callable<IamUser>> calls = new ArrayList<>();
        for (int i = 0; i < 15; i++) {
            calls.add(() -> first.getUser("alice"));
            calls.add(() -> second.getUser("alice"));
        }
        long start = System.nanoTime();

        List<IamUser> answers = Concurrently.results(calls);

        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
        System.out.printf("30 calls from two instances at 5/s: %d ms, %.2f calls/s; peak over 5 s windows %.1f/s%n",
                elapsed.toMillis(), 29_000.0 / elapsed.toMillis(),
                simulator.peakRequestsPerSecond(Duration.ofSeconds(5)));
        assertThat(answers).hasSize(30);
        assertThat(simulator.requestCount("GetUser")).isEqualTo(30);
        assertThat(elapsed).isGreaterThanOrEqualTo(Duration.ofMillis(5_500));
    }

    /** At 1 call a second, no waiting allowed: the second instance finds the first one's token taken. */
    @Test
    void anAccountsTokenTakenByOneInstanceIsGoneForTheOtherButNotForAnotherAccount() {
        IamBudgets firstBudgets = IamBudgets.shared(firstInstance::dataSource, 1, Duration.ZERO,
                new SimpleMeterRegistry());
        IamBudgets secondBudgets = IamBudgets.shared(secondInstance::dataSource, 1, Duration.ZERO,
                new SimpleMeterRegistry());
        // The SDK's first call in a JVM loads classes for a while; let that happen outside the one-second window.
        gateway(firstBudgets, WARM_UP_FIRST).getUser("alice");
        gateway(secondBudgets, WARM_UP_SECOND).getUser("alice");
        int before = simulator.requestCount("GetUser");

        gateway(firstBudgets, DEV).getUser("alice");
        IamFailure refused = catchThrowableOfType(IamFailure.class, () -> gateway(secondBudgets, DEV).getUser("alice"));
        gateway(secondBudgets, PROD).getUser("alice");

        assertThat(refused).isNotNull();
        assertThat(refused.kind()).isEqualTo(IamFailure.Kind.THROTTLED);
        assertThat(simulator.requestCount("GetUser") - before).as("the refused call never reached IAM").isEqualTo(2);
    }

    @Test
    void eachAccountAndTheWizardsShareOfItHaveARow() {
        IamBudgets budgets = IamBudgets.shared(firstInstance::dataSource, 4, Duration.ofSeconds(5),
                new SimpleMeterRegistry());

        employeeGateway(budgets, DEV).getUser("alice");
        gateway(budgets, PROD).getUser("alice");

        List<String> rows = firstInstance.jdbi().withHandle(h -> h.createQuery(
                "SELECT budget FROM iam_call_budgets WHERE state IS NOT NULL ORDER BY budget")
                .mapTo(String.class).list());
        assertThat(rows).containsExactly("111111111111", "111111111111/wizard", "222222222222");
    }

    /** A rolling deploy with a new MFA_IAM_MAX_CALLS_PER_SECOND: the instance that starts last brings its rate in. */
    @Test
    void anInstanceWithAnotherRatePutsItsRateIn() {
        gateway(IamBudgets.shared(firstInstance::dataSource, 1, Duration.ofSeconds(5), new SimpleMeterRegistry()), DEV)
                .getUser("alice");

        gateway(IamBudgets.shared(secondInstance::dataSource, 7, Duration.ofSeconds(5), new SimpleMeterRegistry()),
                DEV).getUser("alice");

        var stored = SharedCallBudget.table(firstInstance::dataSource).get().getProxyConfiguration(DEV.value());
        assertThat(stored).contains(LocalCallBudget.configuration(7));
    }

    /** The database down: calls still go out, paced by this instance alone, as before budgets were shared. */
    @Test
    void withoutTheDatabaseAnInstancePacesItselfAlone() {
        secondInstance.close();
        IamBudgets budgets = IamBudgets.shared(secondInstance::dataSource, 1, Duration.ZERO,
                new SimpleMeterRegistry());
        IamGateway dev = gateway(budgets, DEV);

        dev.getUser("alice");
        IamFailure refused = catchThrowableOfType(IamFailure.class, () -> dev.getUser("alice"));

        assertThat(refused).isNotNull();
        assertThat(refused.kind()).isEqualTo(IamFailure.Kind.THROTTLED);
        assertThat(simulator.requestCount("GetUser")).isEqualTo(1);
    }

    private IamGateway gateway(IamBudgets budgets, AccountId account) {
        return connect(budgets.staffInterceptors(account));
    }

    private IamGateway employeeGateway(IamBudgets budgets, AccountId account) {
        return connect(budgets.employeeInterceptors(account));
    }

    private IamGateway connect(List<ExecutionInterceptor> interceptors) {
        AwsIamGateway gateway = AwsIamGateway.connect(
                IamConnection.forLocalEndpoint(simulator.endpoint()).withInterceptors(interceptors));
        opened.add(gateway);
        return gateway;
    }
}
