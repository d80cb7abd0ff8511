package io.github.mfaenroll.iam;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import javax.sql.DataSource;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/**
 * The IAM call budget of every account the app serves, one per account because IAM's quotas are per account: each
 * account's gateways get their {@link IamCallGuard} and, for what employees set in motion, the wizard's
 * {@link IamCallShare} of that account's budget. Built once per account and then always the same, so every gateway
 * of an account draws on one budget.
 *
 * <p>{@link #local} keeps the budgets in memory (the embedded database: one process serves); {@link #shared} keeps
 * them in PostgreSQL, so all instances together stay within the rate.
 */
public final class IamBudgets {

    /**
     * The key of the account the app's own credentials belong to, while the app does not know its id (one account,
     * every instance on the same credentials). Once it does, its gateways should use {@link #forAccount} like the
     * others', or the account would have two budgets.
     */
    static final String OWN_ACCOUNT = "self";

    private final BiFunction<String, Integer, IamCallBudget> budgets;
    private final int callsPerSecond;
    private final Duration maxWait;
    private final MeterRegistry registry;
    private final ConcurrentMap<String, AccountBudget> byAccount = new ConcurrentHashMap<>();

    private IamBudgets(BiFunction<String, Integer, IamCallBudget> budgets, int callsPerSecond, Duration maxWait,
                       MeterRegistry registry) {
        this.budgets = budgets;
        this.callsPerSecond = Math.max(1, callsPerSecond);
        this.maxWait = Objects.requireNonNull(maxWait, "maxWait");
        this.registry = Objects.requireNonNull(registry, "registry");
    }

    /**
     * Budgets in this process's memory.
     *
     * @param callsPerSecond the most IAM calls started to one account in any second
     *     ({@code MFA_IAM_MAX_CALLS_PER_SECOND})
     * @param maxWait the longest a call waits for its token before it fails as throttled (the SDK's call timeout)
     */
    public static IamBudgets local(int callsPerSecond, Duration maxWait, MeterRegistry registry) {
        return new IamBudgets((key, rate) -> new LocalCallBudget(rate), callsPerSecond, maxWait, registry);
    }

    /**
     * Budgets in the PostgreSQL database {@code dataSource} gives (migrated: table {@code iam_call_budgets}), shared
     * by every instance on it; the database is asked for at the first IAM call.
     *
     * @param callsPerSecond the most IAM calls all instances together start to one account in any second
     * @param maxWait the longest a call waits for its token before it fails as throttled (the SDK's call timeout)
     */
    public static IamBudgets shared(Supplier<DataSource> dataSource, int callsPerSecond, Duration maxWait,
                                    MeterRegistry registry) {
        var table = SharedCallBudget.table(dataSource);
        return new IamBudgets((key, rate) -> new SharedCallBudget(table, key, rate), callsPerSecond, maxWait,
                registry);
    }

    /** The budget of {@code account}. */
    public AccountBudget forAccount(AccountId account) {
        return budgetOf(account.value());
    }

    /** The budget of the account the app's own credentials belong to, before the app knows its id. */
    public AccountBudget forOwnAccount() {
        return budgetOf(OWN_ACCOUNT);
    }

    /** What the SDK clients of staff, the helpdesk and background jobs in {@code account} carry. */
    public List<ExecutionInterceptor> staffInterceptors(AccountId account) {
        return forAccount(account).staffInterceptors();
    }

    /** What the SDK clients of employees (the wizard, resync) in {@code account} carry. */
    public List<ExecutionInterceptor> employeeInterceptors(AccountId account) {
        return forAccount(account).employeeInterceptors();
    }

    private AccountBudget budgetOf(String key) {
        return byAccount.computeIfAbsent(key, k -> new AccountBudget(
                new IamCallGuard(k, budgets.apply(k, callsPerSecond), maxWait, registry),
                new IamCallShare(budgets.apply(k + "/wizard", IamCallShare.wizardShareOf(callsPerSecond)))));
    }

    /**
     * One account's budget as SDK interceptors.
     *
     * @param guard every call to the account waits for the account's budget and is measured
     * @param wizardShare employees' calls first wait for their share of it
     */
    public record AccountBudget(IamCallGuard guard, IamCallShare wizardShare) {

        public List<ExecutionInterceptor> staffInterceptors() {
            return List.of(guard);
        }

        /** The share before the guard: a call waiting for the share holds no token of the account's budget. */
        public List<ExecutionInterceptor> employeeInterceptors() {
            return List.of(wizardShare, guard);
        }
    }
}
