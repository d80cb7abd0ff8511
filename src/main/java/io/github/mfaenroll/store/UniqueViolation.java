package io.github.mfaenroll.store;

import java.sql.SQLException;

/**
 * Tells "another writer's row is already there" apart from any other failed statement: stores that race by plain
 * INSERT (the loser's answer is the unique violation) behave the same on H2 and PostgreSQL this way.
 */
public final class UniqueViolation {

    private UniqueViolation() {
    }

    /** SQLState 23505 is a unique violation on PostgreSQL and H2 alike. */
    public static boolean causedBy(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && "23505".equals(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }
}
