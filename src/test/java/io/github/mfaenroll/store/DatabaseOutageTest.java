package io.github.mfaenroll.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.stream.Stream;
import org.jdbi.v3.core.ConnectionException;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class DatabaseOutageTest {

    static Stream<Arguments> failures() {
        return Stream.of(
                Arguments.of("no connection to borrow", new ConnectionException(new SQLException("refused")), true),
                Arguments.of("pool timeout", new SQLTransientConnectionException("timed out"), true),
                Arguments.of("connection broke under a statement",
                        new UnableToExecuteStatementException(new SQLException("I/O error", "08006"), null), true),
                Arguments.of("server shutting down",
                        new UnableToExecuteStatementException(new SQLException("terminating", "57P01"), null), true),
                Arguments.of("a constraint violation is a bug, not an outage",
                        new UnableToExecuteStatementException(new SQLException("duplicate", "23505"), null), false),
                Arguments.of("a plain bug", new IllegalStateException("bug"), false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("failures")
    void tellsAnOutageFromABug(String what, Throwable failure, boolean outage) {
        assertThat(DatabaseOutage.causedBy(failure)).isEqualTo(outage);
    }
}
