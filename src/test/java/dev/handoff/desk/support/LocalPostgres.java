package dev.handoff.desk.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.opentest4j.AssertionFailedError;

/**
 * The PostgreSQL server the PostgreSQL tests need: {@code 127.0.0.1:5432}, trust authentication,
 * database {@code test} (README, section "Test"). Every such test goes through here, so a missing
 * server fails them with one message that says what to start, instead of a connection stack trace.
 * Each test gets a {@link Schema} of its own, dropped afterwards.
 */
public final class LocalPostgres {
    /** The server, as user {@code postgres}; a server that does not answer fails within seconds. */
    public static final String SERVER = "jdbc:postgresql://127.0.0.1:5432/test?user=postgres&connectTimeout=5";

    static final String NEEDED = "These tests need a PostgreSQL server at 127.0.0.1:5432 with trust"
            + " authentication and a database 'test' (see the README, section \"Test\")";

    private LocalPostgres() {}

    /** A schema made for one test: its JDBC URL, dropped (with everything in it) on close. */
    public record Schema(String name) implements AutoCloseable {
        public String url() {
            return SERVER + "&currentSchema=" + name;
        }

        @Override
        public void close() {
            execute(SERVER, "DROP SCHEMA IF EXISTS " + name + " CASCADE");
        }
    }

    /** Makes a fresh schema; fails with {@link #NEEDED} when the server cannot be reached. */
    public static Schema freshSchema() {
        String name =
                "desk_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        execute(SERVER, "CREATE SCHEMA " + name);
        return new Schema(name);
    }

    static void execute(String server, String sql) {
        Connection connection;
        try {
            connection = DriverManager.getConnection(server);
        } catch (SQLException e) {
            throw missing(e);
        }
        try (Connection c = connection;
                Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    /** The one failure a missing server gives: what the tests need, and why the connection failed; no trace. */
    private static AssertionFailedError missing(SQLException e) {
        var failure = new AssertionFailedError(NEEDED + ". The connection failed: " + e.getMessage());
        failure.setStackTrace(new StackTraceElement[0]);
        return failure;
    }
}
