package io.github.mfaenroll.store;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * Brings the schema up to date, running Flyway only when it has something to do. Flyway's classpath scan,
 * validation and migrate cost every command about a third of a second even when nothing is pending; the build lists
 * the migrations it packs ({@value #INDEX}, written by the pom), so one query on {@code flyway_schema_history} says
 * whether each of them is applied. When one is not (a new database, an upgrade), or the answer is unclear (no
 * history table, a failed migration, a repeatable migration, no list), Flyway runs as before, with its own lock
 * against other instances migrating at the same time. A database newer than this build (another instance already
 * upgraded it) is current for this build, as it is for Flyway, which ignores future migrations.
 */
public final class Migrations {

    /** The build's list of migration file names, one a line. */
    static final String INDEX = "db/migrations.txt";

    /** The Java migrations, named as a versioned file would be so the list check covers them too. */
    static final String JAVA_MIGRATIONS = "V" + OwnAccountAdoption.VERSION.replace('.', '_') + "__own_account_adoption.sql";

    private static final Pattern VERSIONED = Pattern.compile("V(\\d+(?:[._]\\d+)*)__.+\\.sql");

    private final Optional<Set<String>> versions;
    private final Consumer<DataSource> migrate;

    /**
     * @param files the migration file names this build holds; empty when unknown (then Flyway always runs)
     * @param migrate what runs the migrations (Flyway on the app's location)
     */
    Migrations(List<String> files, Consumer<DataSource> migrate) {
        List<String> all = new ArrayList<>(files);
        if (!all.isEmpty()) {
            all.add(JAVA_MIGRATIONS); // the build's list names files; the Java migrations come with every build
        }
        this.versions = versionsOf(all);
        this.migrate = migrate;
    }

    /** The migrations packed with this build, run by Flyway from {@code classpath:db/migration}. */
    static Migrations ofThisBuild(Supplier<String> ownAccountId) {
        return new Migrations(indexOfThisBuild(), dataSource -> {
            OwnAccountAdoption adoption = new OwnAccountAdoption(ownAccountId);
            adoption.prepare(dataSource);
            Flyway.configure().dataSource(dataSource)
                    .locations("classpath:db/migration")
                    .javaMigrations(adoption)
                    .load().migrate();
        });
    }

    /** Runs the migrations unless every one of them is already applied; returns whether Flyway ran. */
    boolean apply(DataSource dataSource) {
        if (isCurrent(dataSource)) {
            return false;
        }
        migrate.accept(dataSource);
        return true;
    }

    /** Whether every migration this build holds has been applied successfully, by one query. */
    boolean isCurrent(DataSource dataSource) {
        if (versions.isEmpty()) {
            return false;
        }
        Set<String> applied = new HashSet<>();
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(
                     "SELECT version, success FROM flyway_schema_history WHERE version IS NOT NULL")) {
            while (rows.next()) {
                if (!rows.getBoolean(2)) {
                    return false; // a failed migration: let Flyway say so
                }
                applied.add(canonical(rows.getString(1)));
            }
        } catch (SQLException noHistoryYet) {
            return false;
        }
        return applied.containsAll(versions.get());
    }

    /** The versions of {@code files}; empty if any file is not a versioned SQL migration this class understands. */
    private static Optional<Set<String>> versionsOf(List<String> files) {
        if (files.isEmpty()) {
            return Optional.empty();
        }
        Set<String> versions = new HashSet<>();
        for (String file : files) {
            Matcher matcher = VERSIONED.matcher(file);
            if (!matcher.matches()) {
                return Optional.empty();
            }
            versions.add(canonical(matcher.group(1)));
        }
        return Optional.of(versions);
    }

    /** Flyway's notion of equal versions: {@code 9_1} is {@code 9.1}, {@code 010} is {@code 10}, {@code 2.0} is {@code 2}. */
    static String canonical(String version) {
        List<String> parts = Pattern.compile("[._]").splitAsStream(version)
                .map(part -> part.replaceFirst("^0+(?=\\d)", ""))
                .collect(Collectors.toList());
        while (parts.size() > 1 && parts.get(parts.size() - 1).equals("0")) {
            parts.remove(parts.size() - 1);
        }
        return String.join(".", parts);
    }

    /** The file names in the build's list; empty without one. */
    static List<String> indexOfThisBuild() {
        InputStream index = Migrations.class.getClassLoader().getResourceAsStream(INDEX);
        if (index == null) {
            return List.of(); // built without the pom's list (an IDE): Flyway decides, as before
        }
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(index, StandardCharsets.UTF_8))) {
            return reader.lines().map(String::strip).filter(line -> !line.isEmpty()).collect(Collectors.toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
