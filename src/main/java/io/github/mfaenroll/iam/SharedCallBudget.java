package io.github.mfaenroll.iam;

import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.TokensInheritanceStrategy;
import io.github.bucket4j.distributed.BucketProxy;
import io.github.bucket4j.distributed.jdbc.PrimaryKeyMapper;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.postgresql.Bucket4jPostgreSQL;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A call budget kept in PostgreSQL (table {@code iam_call_budgets}), so every instance of the app on that database
 * draws on the same bucket: two instances together start at most the configured rate of calls, not twice it.
 *
 * <p>A call reserves its token in one short transaction and then waits in this process for the token's time, so no
 * connection is held while waiting. The refill is computed from each instance's clock (bucket4j's JDBC backends have
 * no server time), which NTP keeps within milliseconds of the others': negligible against a token every 100 ms.
 *
 * <p>When the database cannot be reached, this instance paces itself with a bucket of its own, as every instance
 * did before budgets were shared: IAM calls that need no database (the compliance view, {@code report}) keep
 * working, and IAM sees at most the rate times the number of instances.
 */
public final class SharedCallBudget implements IamCallBudget {

    private static final Logger LOG = LoggerFactory.getLogger(SharedCallBudget.class);

    private final Supplier<ProxyManager<String>> table;
    private final String key;
    private final BucketConfiguration configuration;
    private final LocalCallBudget fallback;
    private volatile BucketProxy bucket;

    /**
     * @param table the budgets' table ({@link #table(Supplier)})
     * @param key the budget's row: the account id, or the account id and a share of it
     * @param callsPerSecond the most calls started in any second by all instances together (at least 1)
     */
    public SharedCallBudget(Supplier<ProxyManager<String>> table, String key, int callsPerSecond) {
        this.table = Objects.requireNonNull(table, "table");
        this.key = Objects.requireNonNull(key, "key");
        this.configuration = LocalCallBudget.configuration(callsPerSecond);
        this.fallback = new LocalCallBudget(callsPerSecond);
    }

    /**
     * The budgets' table in the database {@code dataSource} gives, asked for at the first call, not before: a command
     * that never calls IAM never opens the database for it.
     *
     * <p>Locking: {@code SELECT ... FOR UPDATE} on the budget's row, not PostgreSQL advisory locks. The row lock
     * belongs to the transaction, so it is released however the transaction ends (a killed instance, a dropped
     * connection, a pooler in transaction mode), it works on the text key as it is (advisory locks take a 64-bit
     * number, so text keys would be hashed, and could collide with the advisory lock Flyway takes while migrating),
     * and it locks one account's row only, so the accounts' budgets never wait for each other.
     */
    public static Supplier<ProxyManager<String>> table(Supplier<DataSource> dataSource) {
        Objects.requireNonNull(dataSource, "dataSource");
        return new Supplier<>() {
            private ProxyManager<String> built;

            @Override
            public synchronized ProxyManager<String> get() {
                if (built == null) {
                    built = Bucket4jPostgreSQL.selectForUpdateBasedBuilder(dataSource.get())
                            .primaryKeyMapper(PrimaryKeyMapper.STRING)
                            .table("iam_call_budgets").idColumn("budget").stateColumn("state")
                            .build();
                }
                return built;
            }
        };
    }

    @Override
    public boolean tryTake(Duration maxWait) throws InterruptedException {
        BucketProxy shared;
        try {
            shared = bucket();
        } catch (RuntimeException databaseUnavailable) {
            return alone(maxWait, databaseUnavailable);
        }
        try {
            // bucket4j refuses a wait of zero as a blocking call: then it is a plain try.
            return maxWait.isZero() || maxWait.isNegative() ? shared.tryConsume(1)
                    : shared.asBlocking().tryConsume(1, maxWait);
        } catch (RuntimeException databaseUnavailable) {
            return alone(maxWait, databaseUnavailable);
        }
    }

    private boolean alone(Duration maxWait, RuntimeException cause) throws InterruptedException {
        // No stack trace: while the database is down this happens on every IAM call, and the pool logs the cause.
        LOG.warn("IAM call budget {} is not reachable in the database ({}); this instance paces its calls alone", key,
                cause.toString());
        return fallback.tryTake(maxWait);
    }

    private BucketProxy bucket() {
        BucketProxy built = bucket;
        if (built == null) {
            ProxyManager<String> proxies = table.get();
            built = proxies.builder().build(key, () -> configuration);
            // A bucket keeps the configuration it was created with. When MFA_IAM_MAX_CALLS_PER_SECOND changed, the
            // instance that starts last (the one with the newest setting, in a rolling deploy) puts its rate in,
            // keeping the tokens as they are.
            boolean otherRate = proxies.getProxyConfiguration(key).map(stored -> !stored.equals(configuration))
                    .orElse(false);
            if (otherRate) {
                built.replaceConfiguration(configuration, TokensInheritanceStrategy.AS_IS);
            }
            bucket = built;
        }
        return built;
    }
}
