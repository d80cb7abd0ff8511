package io.github.mfaenroll.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Jdbi;

/**
 * The connection pool, migrated schema and Jdbi. Embedded default: an H2 file database in the data directory,
 * opened with {@code AUTO_SERVER=TRUE} so a CLI command (say {@code link issue}) can share it with a running
 * server. With a JDBC URL (PostgreSQL) that database is used instead; the same migrations serve both.
 */
public final class Database implements AutoCloseable {

    private final HikariDataSource dataSource;
    private final Jdbi jdbi;

    private Database(HikariDataSource dataSource) {
        this.dataSource = dataSource;
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
        this.jdbi = Jdbi.create(dataSource);
    }

    /** Opens (creating if needed) the embedded database under {@code dataDir}. */
    public static Database embedded(Path dataDir) {
        String file = dataDir.toAbsolutePath().resolve("mfa-enroll").toString();
        return open("jdbc:h2:file:" + file + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;AUTO_SERVER=TRUE", null, null);
    }

    /** Opens the database at a JDBC URL, e.g. {@code jdbc:postgresql://db/mfa} or an H2 in-memory URL for tests. */
    public static Database open(String jdbcUrl, String user, String password) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(jdbcUrl);
        if (user != null) {
            config.setUsername(user);
        }
        if (password != null) {
            config.setPassword(password);
        }
        config.setMaximumPoolSize(10);
        config.setPoolName("mfa-enroll");
        return new Database(new HikariDataSource(config));
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
