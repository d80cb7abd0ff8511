package io.github.mfaenroll.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.mfaenroll.testing.Databases;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A database whose schema has every migration of this build is opened without Flyway; one that lacks any still
 * migrates, on H2 and on PostgreSQL. Flyway runs through a counting wrapper, so the tests see whether it ran.
 */
class MigrationsTest {

    /** A fresh, empty database's JDBC URL and user, on each kind of database the app supports. */
    record EmptyDatabase(String name, String url, String user) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<EmptyDatabase> emptyDatabases() {
        return Stream.of(
                new EmptyDatabase("H2", "jdbc:h2:mem:" + UUID.randomUUID()
                        + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1", "sa"),
                new EmptyDatabase("PostgreSQL", Databases.postgresUrl(), "postgres"));
    }

    private final AtomicInteger flywayRuns = new AtomicInteger();

    private Migrations countingFlywayRuns() {
        Migrations real = Migrations.ofThisBuild(() -> "123456789012");
        return new Migrations(Migrations.indexOfThisBuild(), dataSource -> {
            flywayRuns.incrementAndGet();
            real.apply(dataSource);
        });
    }

    private static void migrateTo(EmptyDatabase db, String target) {
        Flyway.configure().dataSource(db.url(), db.user(), null).locations("classpath:db/migration")
                .javaMigrations(new OwnAccountAdoption(() -> "123456789012")).target(target).load().migrate();
    }

    private static String newestVersion(Database database) {
        return database.jdbi().withHandle(h -> h.createQuery(
                "SELECT version FROM flyway_schema_history WHERE installed_rank = "
                        + "(SELECT MAX(installed_rank) FROM flyway_schema_history)").mapTo(String.class).one());
    }

    @Nested
    class OpeningADatabase {

        @ParameterizedTest(name = "{0}")
        @MethodSource("io.github.mfaenroll.store.MigrationsTest#emptyDatabases")
        void thatIsNewRunsFlyway(EmptyDatabase db) {
            try (Database database = Database.open(db.url(), db.user(), null, countingFlywayRuns())) {

                assertThat(flywayRuns).hasValue(1);
                List<String> versions = versionsInTheSourceTree();
                assertThat(newestVersion(database)).isEqualTo(versions.get(versions.size() - 1));
            }
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("io.github.mfaenroll.store.MigrationsTest#emptyDatabases")
        void whoseSchemaIsCurrentSkipsFlyway(EmptyDatabase db) {
            Database.open(db.url(), db.user(), null).close();

            try (Database database = Database.open(db.url(), db.user(), null, countingFlywayRuns())) {

                assertThat(flywayRuns).hasValue(0);
                assertThat(database.reachable()).isTrue();
            }
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("io.github.mfaenroll.store.MigrationsTest#emptyDatabases")
        void thatLacksTheNewestMigrationIsUpgraded(EmptyDatabase db) {
            List<String> versions = versionsInTheSourceTree();
            migrateTo(db, versions.get(versions.size() - 2));

            try (Database database = Database.open(db.url(), db.user(), null, countingFlywayRuns())) {

                assertThat(flywayRuns).hasValue(1);
                assertThat(newestVersion(database)).isEqualTo(versions.get(versions.size() - 1));
            }
        }

        @Test
        void withAFailedMigrationInItsHistoryLeavesItToFlyway() {
            EmptyDatabase db = emptyDatabases().findFirst().orElseThrow();
            Database.open(db.url(), db.user(), null).jdbi().useHandle(h -> h.execute(
                    "UPDATE flyway_schema_history SET success = FALSE WHERE installed_rank = "
                            + "(SELECT MAX(installed_rank) FROM flyway_schema_history)"));
            Migrations never = new Migrations(Migrations.indexOfThisBuild(), dataSource -> flywayRuns.incrementAndGet());

            Database.open(db.url(), db.user(), null, never).close();

            assertThat(flywayRuns).hasValue(1);
        }

        @Test
        void withoutTheBuildsListAlwaysRunsFlyway() {
            EmptyDatabase db = emptyDatabases().findFirst().orElseThrow();
            Database.open(db.url(), db.user(), null).close();
            Migrations unknown = new Migrations(List.of(), dataSource -> flywayRuns.incrementAndGet());

            Database.open(db.url(), db.user(), null, unknown).close();

            assertThat(flywayRuns).hasValue(1);
        }
    }

    @Test
    void theBuildListsEveryMigrationInTheSourceTree() throws IOException {
        assertThat(Migrations.indexOfThisBuild()).containsExactlyInAnyOrderElementsOf(migrationsInTheSourceTree());
    }

    @ParameterizedTest
    @CsvSource({"9_1, 9.1", "9.1, 9.1", "13, 13", "010, 10", "2.0, 2", "1_0_0, 1", "0, 0"})
    void versionsCompareAsFlywayComparesThem(String written, String canonical) {
        assertThat(Migrations.canonical(written)).isEqualTo(canonical);
    }

    private static List<String> migrationsInTheSourceTree() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("src/main/resources/db/migration"))) {
            return files.map(file -> file.getFileName().toString()).collect(Collectors.toList());
        }
    }

    /** Every migration's version, oldest first, as Flyway writes it in its history. */
    private static List<String> versionsInTheSourceTree() {
        try {
            // The Java migrations run in their place in the order, like files of the same name would.
            return Stream.concat(migrationsInTheSourceTree().stream(), Stream.of(Migrations.JAVA_MIGRATIONS))
                    .map(name -> Migrations.canonical(name.substring(1, name.indexOf("__"))))
                    .sorted(Comparator.comparing(MigrationsTest::numbers, MigrationsTest::compareNumbers))
                    .collect(Collectors.toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int[] numbers(String version) {
        return Stream.of(version.split("\\.")).mapToInt(Integer::parseInt).toArray();
    }

    private static int compareNumbers(int[] a, int[] b) {
        return Arrays.compare(a, b);
    }
}
