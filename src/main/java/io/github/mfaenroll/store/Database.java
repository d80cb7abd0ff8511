package io.github.mfaenroll.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementExceptions;

/**
 * The connection pool, migrated schema and Jdbi. Embedded default: an H2 file database in the data directory,
 * opened with {@code AUTO_SERVER=TRUE} so a CLI command (say {@code link issue}) can share it with a running
 * server. With a JDBC URL (PostgreSQL) that database is used instead; the same migrations serve both.
 */
public final class Database implements AutoCloseable {

    /** For callers that only ever create databases or open current ones: an upgrade with old rows fails clearly. */
    private static final Supplier<String> NO_OWN_ACCOUNT = () -> {
        throw new UpgradeNeedsOwnAccount();
    };

    private final HikariDataSource dataSource;
    private final Jdbi jdbi;

    private Database(HikariDataSource dataSource, Migrations migrations) {
        this.dataSource = dataSource;
        migrations.apply(dataSource);
        this.jdbi = Jdbi.create(dataSource);
        // Jdbi's default exception messages include bound values (tokens, CSRF secrets): render none of them.
        jdbi.getConfig(StatementExceptions.class).setMessageRendering(StatementExceptions.MessageRendering.NONE);
    }

    /**
     * Opens (creating if needed) the embedded database under {@code dataDir}. AUTO_SERVER lets a second process
     * (the CLI) share the file with a running server; H2 then listens on a TCP port, so: that port is bound to
     * loopback only, the data directory is owner-only, and the database has a random password kept in a 0600 file
     * beside it. Reading the lock file alone is therefore not enough to connect.
     */
    public static Database embedded(Path dataDir) {
        return embedded(dataDir, NO_OWN_ACCOUNT);
    }

    /**
     * As {@link #embedded(Path)}; {@code ownAccountId} gives the app's own AWS account id when an upgrade must write
     * it into rows stored before the app knew accounts (it is not called otherwise).
     */
    public static Database embedded(Path dataDir, Supplier<String> ownAccountId) {
        OwnerOnlyFiles.createDirectory(dataDir);
        // Global, but this process only ever runs one embedded H2, and loopback is right for all of them.
        System.setProperty("h2.bindAddress", "127.0.0.1");
        String password = OwnerOnlyFiles.readOrCreateSecret(dataDir.resolve("database.password"),
                new java.security.SecureRandom());
        String file = dataDir.toAbsolutePath().resolve("mfa-enroll").toString();
        // WRITE_DELAY=0: H2 otherwise writes commits up to 500 ms late, and a process killed in that window would
        // forget, say, the ledger row of a device it just created in IAM (found by RestartTest).
        return open("jdbc:h2:file:" + file + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;AUTO_SERVER=TRUE;WRITE_DELAY=0",
                "mfa", password, ownAccountId);
    }

    /** Opens the database at a JDBC URL, e.g. {@code jdbc:postgresql://db/mfa} or an H2 in-memory URL for tests. */
    public static Database open(String jdbcUrl, String user, String password) {
        return open(jdbcUrl, user, password, NO_OWN_ACCOUNT);
    }

    /** As {@link #open(String, String, String)}, with the own account id for an upgrade (see {@link #embedded(Path, Supplier)}). */
    public static Database open(String jdbcUrl, String user, String password, Supplier<String> ownAccountId) {
        return open(jdbcUrl, user, password, Migrations.ofThisBuild(ownAccountId));
    }

    /** As {@link #open(String, String, String)}, with the migrations to bring its schema up to date. */
    static Database open(String jdbcUrl, String user, String password, Migrations migrations) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(jdbcUrl);
        if (user != null) {
            config.setUsername(user);
        }
        if (password != null) {
            config.setPassword(password);
        }
        config.setMaximumPoolSize(10);
        // Fail fast when the database is down: a clear 503 page and a failing /readyz within seconds, not a hang.
        config.setConnectionTimeout(3_000);
        config.setValidationTimeout(1_000);
        config.setPoolName("mfa-enroll");
        return new Database(new HikariDataSource(config), migrations);
    }

    /** The pool itself, for what keeps its own SQL (the shared IAM call budgets, through bucket4j). */
    public DataSource dataSource() {
        return dataSource;
    }

    public Jdbi jdbi() {
        return jdbi;
    }

    /** Whether the database answers a trivial query. */
    public boolean reachable() {
        try {
            return jdbi.withHandle(h -> h.createQuery("SELECT 1").mapTo(Integer.class).one()) == 1;
        } catch (RuntimeException e) {
            return false;
        }
    }

    @Override
    public void close() {
        dataSource.close();
    }
}
