package dev.handoff.desk.cluster;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/**
 * Where the cluster's PostgreSQL is, for the connections this package holds of its own (the leader's lock, the
 * heartbeat). Each connection carries an application name ({@code handoff PREFIX NODE what}) that shows in
 * {@code pg_stat_activity}. {@link #toString()} never shows the password.
 *
 * @param url      a PostgreSQL JDBC URL
 * @param user     the user, or {@code null} for the URL's
 * @param password the password, or {@code null} for the URL's
 */
public record Database(String url, String user, String password) {
    /** PostgreSQL keeps 63 bytes of an application name. */
    private static final int MAX_APPLICATION_NAME = 63;

    /**
     * The application name of a cluster's connection: {@code handoff PREFIX NODE what}, cut to what PostgreSQL keeps
     * (the leader's read pool is {@code ... reads}).
     */
    public static String applicationName(String prefix, String node, String what) {
        String name = "handoff " + prefix + " " + node + " " + what;
        return name.length() > MAX_APPLICATION_NAME ? name.substring(0, MAX_APPLICATION_NAME) : name;
    }

    /** A new connection in auto-commit, named {@code applicationName} (cut to what PostgreSQL keeps). */
    public Connection open(String applicationName) throws SQLException {
        Properties props = new Properties();
        if (user != null) props.setProperty("user", user);
        if (password != null) props.setProperty("password", password);
        String name = applicationName.length() > MAX_APPLICATION_NAME
                ? applicationName.substring(0, MAX_APPLICATION_NAME)
                : applicationName;
        props.setProperty("ApplicationName", name);
        // a dead server or a cut network fails a query within seconds instead of hanging the thread
        props.setProperty("connectTimeout", "5");
        props.setProperty("socketTimeout", "10");
        // the leader's store writes on the lock connection: a group commit's message inserts become multi-row inserts
        // (a parameter of the URL wins over it)
        props.setProperty("reWriteBatchedInserts", "true");
        Connection c = DriverManager.getConnection(url, props);
        c.setAutoCommit(true);
        return c;
    }

    @Override
    public String toString() {
        return "Database[" + dev.handoff.desk.store.JdbcChatStore.redact(url) + "]";
    }
}
