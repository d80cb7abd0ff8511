package io.github.mfaenroll.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;

/** Small helpers for mapping JDBC rows, shared by the feature stores. */
public final class Rows {

    private Rows() {
    }

    /** A nullable timestamp column as an {@link Instant}. */
    public static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp ts = rs.getTimestamp(column);
        return ts == null ? null : ts.toInstant();
    }
}
