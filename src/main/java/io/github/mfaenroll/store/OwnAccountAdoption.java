package io.github.mfaenroll.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.migration.Context;
import org.flywaydb.core.api.migration.JavaMigration;

/**
 * Migration 15.1: writes the app's own account id into the rows migration 15 left with {@code ''} (everything stored
 * before the app knew accounts was about its own account). The id comes from AWS ({@code sts:GetCallerIdentity}), so
 * it is asked for only when such rows exist: creating a new database, or opening one for {@code helpdesk add}, needs
 * no AWS call and no credentials. It is asked for before Flyway starts ({@link #prepare}): when AWS cannot answer,
 * the database is left exactly as it was (H2 cannot roll DDL back, and a half-applied upgrade there needs repair).
 */
final class OwnAccountAdoption implements JavaMigration {

    /** The version this migration runs as, between V15 and whatever comes next. */
    static final String VERSION = "15.1";

    /** Every table migration 15 gave an {@code account_id} column. */
    private static final List<String> TABLES = List.of("link_tokens", "sessions", "enrollments", "created_devices",
            "audit_log", "active_enrollments", "resync_attempts", "resync_pairs", "enrollment_deadlines",
            "verification_failures", "user_lockouts", "bulk_invitation_jobs");

    private final Supplier<String> ownAccountId;
    private String resolved;

    /** @param ownAccountId the app's own account id, asked for only when rows need it */
    OwnAccountAdoption(Supplier<String> ownAccountId) {
        this.ownAccountId = Objects.requireNonNull(ownAccountId, "ownAccountId");
    }

    /**
     * Before Flyway runs: when this migration is still to come and the database holds rows from before accounts,
     * learns the own account id now, so that failing to learn it changes nothing.
     */
    void prepare(DataSource dataSource) {
        try (Connection connection = dataSource.getConnection()) {
            if (!applied(connection) && anyRowAboutAUser(connection)) {
                resolved = ownAccountId.get();
            }
        } catch (SQLException noHistoryYet) {
            // A new database: nothing to adopt.
        }
    }

    /**
     * Whether any row names an IAM user but no account: the rows migration 15 gives {@code ''} (or gave, when it ran
     * and this one did not). Staff sessions and audit entries about no one need no account. A table an old schema
     * does not have yet holds nothing.
     */
    private static boolean anyRowAboutAUser(Connection connection) throws SQLException {
        boolean accountsRecorded = hasColumn(connection, "link_tokens", "account_id");
        for (String table : TABLES) {
            String condition = accountsRecorded ? "account_id = ''"
                    : switch (table) {
                        case "sessions" -> "iam_user IS NOT NULL";
                        case "audit_log" -> "subject IS NOT NULL";
                        default -> "1 = 1";
                    };
            try (Statement statement = connection.createStatement();
                 ResultSet rows = statement.executeQuery(
                         "SELECT 1 FROM " + table + " WHERE " + condition + " FETCH FIRST 1 ROWS ONLY")) {
                if (rows.next()) {
                    return true;
                }
            } catch (SQLException notThereYet) {
                // A table from a later migration than this database has: nothing in it.
            }
        }
        return false;
    }

    private static boolean hasColumn(Connection connection, String table, String column) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT " + column + " FROM " + table + " WHERE 1 = 0")) {
            return true;
        } catch (SQLException noSuchColumn) {
            return false;
        }
    }

    private static boolean applied(Connection connection) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(
                "SELECT COUNT(*) FROM flyway_schema_history WHERE version = ? AND success")) {
            query.setString(1, VERSION);
            try (ResultSet rows = query.executeQuery()) {
                return rows.next() && rows.getInt(1) > 0;
            }
        }
    }



    @Override
    public MigrationVersion getVersion() {
        return MigrationVersion.fromVersion(VERSION);
    }

    @Override
    public String getDescription() {
        return "own account adoption";
    }

    @Override
    public Integer getChecksum() {
        return null;
    }

    @Override
    public boolean canExecuteInTransaction() {
        return true;
    }

    @Override
    public void migrate(Context context) throws SQLException {
        Connection connection = context.getConnection();
        if (!anyRowWithoutAccount(connection)) {
            return;
        }
        String id = resolved != null ? resolved : ownAccountId.get();
        for (String table : TABLES) {
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE " + table + " SET account_id = ? WHERE account_id = ''")) {
                update.setString(1, id);
                update.executeUpdate();
            }
        }
    }

    private static boolean anyRowWithoutAccount(Connection connection) throws SQLException {
        for (String table : TABLES) {
            try (Statement statement = connection.createStatement();
                 ResultSet rows = statement.executeQuery(
                         "SELECT 1 FROM " + table + " WHERE account_id = '' FETCH FIRST 1 ROWS ONLY")) {
                if (rows.next()) {
                    return true;
                }
            }
        }
        return false;
    }
}
