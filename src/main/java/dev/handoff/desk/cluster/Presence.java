package dev.handoff.desk.cluster;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which nodes are alive: each node writes a heartbeat to its row of {@code desk_nodes} every {@code every} (1 s by
 * default); a node not seen for {@code gone} (3 s by default) is gone, and the leader forgets its sockets. A node
 * that stops cleanly deletes its row and is gone at once. Times are the database's clock (epoch milliseconds), so
 * nodes whose clocks differ still agree on who is gone.
 *
 * <p>Why PostgreSQL rather than Redis keys with a TTL: a Redis restart would drop every node's key at once and make
 * the leader believe the whole cluster died, exactly when the issue asks the desk to ride the restart out; and a
 * node cut off from PostgreSQL can neither lead nor write, so being counted gone by the same database is the truth.
 * One short UPDATE per node per second is nothing for PostgreSQL. PostgreSQL only.
 *
 * <p>Threads: the heartbeat runs on a thread of its own ({@code cluster-presence-NODE}); {@link #alive()} runs on
 * the caller's thread (it blocks on the database: never call it from an event loop). Thread-safe.
 */
public final class Presence implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Presence.class);
    public static final Duration DEFAULT_EVERY = Duration.ofSeconds(1);
    public static final Duration DEFAULT_GONE = Duration.ofSeconds(3);
    /** The database's clock in epoch milliseconds. */
    static final String NOW = "CAST(EXTRACT(EPOCH FROM clock_timestamp()) * 1000 AS BIGINT)";

    /**
     * A node seen alive.
     *
     * @param node      its id
     * @param address   where its desk listens ({@code host:port})
     * @param startedAt when it started (database clock, epoch ms): a node that restarted has a new one
     * @param seenAt    its last heartbeat (database clock, epoch ms)
     */
    public record Seen(String node, String address, long startedAt, long seenAt) {}

    private final Database database;
    private final String prefix;
    private final String node;
    private final String address;
    private final Duration every;
    private final Duration gone;
    private final ScheduledExecutorService thread;
    private final Object lock = new Object();

    /** Guarded by {@link #lock}. */
    private Connection connection;
    /** Guarded by {@link #lock}: the row has been written since this presence started. */
    private boolean started;
    /** On the heartbeat thread: the last beat failed (logged once until one succeeds again). */
    private boolean failing;

    public Presence(Database database, String prefix, String node, String address, Duration every, Duration gone) {
        this.database = Objects.requireNonNull(database, "database");
        this.prefix = Objects.requireNonNull(prefix, "prefix");
        this.node = Objects.requireNonNull(node, "node");
        this.address = address;
        this.every = Objects.requireNonNull(every, "every");
        this.gone = Objects.requireNonNull(gone, "gone");
        if (every.isZero() || every.isNegative() || gone.compareTo(every) <= 0) {
            throw new IllegalArgumentException("presence needs 0 < every < gone, not " + every + " and " + gone);
        }
        this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "cluster-presence-" + node);
            t.setDaemon(true);
            return t;
        });
    }

    /** Starts the heartbeat: the first at once (a restarted node gets a new {@code startedAt}), then every interval. */
    public void start() {
        thread.scheduleWithFixedDelay(this::beat, 0, every.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** On the heartbeat thread: one heartbeat; a failure is logged once and retried at the next. */
    private void beat() {
        try {
            synchronized (lock) {
                Connection c = connection();
                if (!started) {
                    upsert(c);
                    started = true;
                } else {
                    try (PreparedStatement s =
                            c.prepareStatement("UPDATE desk_nodes SET seen_at = " + NOW + " WHERE id = ?")) {
                        s.setString(1, node);
                        if (s.executeUpdate() == 0) upsert(c); // someone deleted the row: write it again
                    }
                }
            }
            if (failing) LOG.info("cluster: node {}'s heartbeat is written again", node);
            failing = false;
        } catch (SQLException e) {
            if (!failing) {
                LOG.warn(
                        "cluster: node {} cannot write its heartbeat ({}); other nodes count it gone after {} ms",
                        node,
                        e.getMessage(),
                        gone.toMillis());
            }
            failing = true;
            closeConnection();
        }
    }

    /** This node's row as it starts: a new {@code started_at}, whether a row of an earlier run is there or not. */
    private void upsert(Connection c) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO desk_nodes (id, address, started_at, seen_at)"
                + " VALUES (?, ?, " + NOW + ", " + NOW + ") ON CONFLICT (id) DO UPDATE SET address ="
                + " EXCLUDED.address, started_at = EXCLUDED.started_at, seen_at = EXCLUDED.seen_at")) {
            s.setString(1, node);
            s.setString(2, address);
            s.executeUpdate();
        }
    }

    /**
     * The nodes seen within {@code gone} by the database's clock, this one included once its first heartbeat is
     * written, by id. Blocks on the database.
     *
     * @throws SQLException when the database cannot be asked (the caller cannot tell who is alive then)
     */
    public List<Seen> alive() throws SQLException {
        synchronized (lock) {
            try (PreparedStatement s = connection()
                    .prepareStatement("SELECT id, address, started_at, seen_at FROM desk_nodes WHERE seen_at >= " + NOW
                            + " - ? ORDER BY id")) {
                s.setLong(1, gone.toMillis());
                List<Seen> nodes = new ArrayList<>();
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        nodes.add(new Seen(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getLong(4)));
                    }
                }
                return nodes;
            } catch (SQLException e) {
                closeConnection();
                throw e;
            }
        }
    }

    private Connection connection() throws SQLException {
        if (connection == null || connection.isClosed()) {
            connection = database.open("handoff " + prefix + " " + node + " presence");
        }
        return connection;
    }

    private void closeConnection() {
        synchronized (lock) {
            if (connection == null) return;
            try {
                connection.close();
            } catch (SQLException e) {
                LOG.debug("closing the presence connection", e);
            }
            connection = null;
        }
    }

    /** Stops the heartbeat and deletes this node's row: the others count it gone at once. */
    @Override
    public void close() {
        if (thread.isShutdown()) return;
        thread.shutdown();
        try {
            thread.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (lock) {
            try (PreparedStatement s = connection().prepareStatement("DELETE FROM desk_nodes WHERE id = ?")) {
                s.setString(1, node);
                s.executeUpdate();
            } catch (SQLException e) {
                LOG.warn("cluster: node {} could not delete its heartbeat; it is gone in {} ms", node, gone.toMillis());
            }
            closeConnection();
        }
    }
}
