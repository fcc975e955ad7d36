package dev.handoff.desk.cluster;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The election of the desk's leader through PostgreSQL. The leader is the node that holds the session advisory lock
 * {@link #lockKey(String) lockKey(prefix)} on a connection of its own. A follower tries to take it every
 * {@code interval} ({@code pg_try_advisory_lock}, which never waits); once it has it, it adds one to
 * {@code desk_leader.epoch} and reports the new epoch and the lock's connection ({@link Listener#elected}): the
 * leader writes on that connection, so once it is gone (and the lock with it) nothing more can be written for that
 * leader. A leader checks its connection every {@code interval}: a connection that is lost
 * is the leadership lost ({@link Listener#lost}), as PostgreSQL releases the lock of a connection that ends. A node
 * killed with {@code kill -9} ends its connection with it, so another node is elected within about an interval.
 *
 * <p>Threads: one thread of its own ({@code cluster-leadership-NODE}) polls, talks to the database and calls the
 * listener; a listener must not block it long. {@link #leader()} and {@link #epoch()} may be read from any thread.
 */
public final class Leadership implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Leadership.class);
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(1);

    /** What the node does when it is elected and when it loses the leadership; called on the leadership thread. */
    public interface Listener {
        /** This node leads the desk now, as {@code epoch} (greater than every epoch before). */
        void elected(long epoch);

        /**
         * As {@link #elected(long)}, with the connection that holds the leader's lock: writes made on it are the
         * leader's alone (when the connection ends, PostgreSQL releases the lock and another node may lead, and
         * nothing more can be written on it). The listener may use it (not close it) until {@link #lost}.
         */
        default void elected(long epoch, Connection lockHolder) {
            elected(epoch);
        }

        /** A node that does not lead saw the desk's epoch (each interval): a new one means a new leader. */
        default void observed(long epoch) {}

        /** This node no longer leads ({@code epoch} was its epoch); {@code why} says what happened. */
        void lost(long epoch, String why);
    }

    private final Database database;
    private final String prefix;
    private final String node;
    private final Duration interval;
    private final Listener listener;
    private final long key;
    private final ScheduledExecutorService thread;

    /** On the leadership thread only. */
    private Connection connection;
    /** Whether the last attempt failed, so that a database that stays down is logged once, not every interval. */
    private boolean failing;

    private volatile boolean leading;
    private volatile long epoch;

    public Leadership(Database database, String prefix, String node, Duration interval, Listener listener) {
        this.database = Objects.requireNonNull(database, "database");
        this.prefix = Objects.requireNonNull(prefix, "prefix");
        this.node = Objects.requireNonNull(node, "node");
        this.interval = Objects.requireNonNull(interval, "interval");
        if (interval.isNegative() || interval.isZero()) throw new IllegalArgumentException("interval must be > 0");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.key = lockKey(prefix);
        this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "cluster-leadership-" + node);
            t.setDaemon(true);
            return t;
        });
    }

    /** Starts taking part in the election: the first attempt at once, then one every interval. */
    public void start() {
        thread.scheduleWithFixedDelay(this::poll, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The advisory lock's key for a prefix: the first 8 bytes of SHA-256 of {@code handoff-leader:PREFIX}. */
    public static long lockKey(String prefix) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256")
                    .digest(("handoff-leader:" + prefix).getBytes(StandardCharsets.UTF_8));
            long k = 0;
            for (int i = 0; i < 8; i++) k = (k << 8) | (hash[i] & 0xff);
            return k;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }

    /** True while this node leads the desk. */
    public boolean leader() {
        return leading;
    }

    /** The epoch this node leads as; meaningful while {@link #leader()}. */
    public long epoch() {
        return epoch;
    }

    /** On the leadership thread: a follower tries to take the lock, a leader checks its connection. */
    private void poll() {
        try {
            if (leading) {
                checkConnection();
            } else {
                tryToLead();
            }
        } catch (RuntimeException e) {
            LOG.error("cluster: the leadership of node {} failed unexpectedly; it tries again", node, e);
        }
    }

    /**
     * While this node leads, {@code check} tells whether the lock's connection is alive, instead of {@link
     * Connection#isValid}: a leader that writes on the connection checks it between its own statements.
     */
    public void checkWith(java.util.function.BooleanSupplier check) {
        this.check = check;
    }

    private volatile java.util.function.BooleanSupplier check;

    private void checkConnection() {
        boolean valid;
        java.util.function.BooleanSupplier c = check;
        try {
            valid = c != null ? c.getAsBoolean() : connection.isValid((int) Math.max(1, interval.toSeconds()));
        } catch (SQLException | RuntimeException e) {
            valid = false;
        }
        if (valid) return;
        long was = epoch;
        leading = false;
        check = null;
        closeConnection();
        LOG.warn("cluster: node {} lost its database connection and with it the leadership (epoch {})", node, was);
        tell(() -> listener.lost(was, "its database connection was lost"));
    }

    private void tryToLead() {
        try {
            if (connection == null || connection.isClosed()) {
                connection = database.open("handoff " + prefix + " " + node + " leadership");
                keepAlive(connection);
            }
            if (!tryLock()) {
                failing = false;
                long seen = readEpoch();
                tell(() -> listener.observed(seen));
                return;
            }
            long elected = bumpEpoch();
            failing = false;
            epoch = elected;
            leading = true;
            LOG.info("cluster: node {} leads the desk as epoch {}", node, elected);
            Connection holder = connection;
            tell(() -> listener.elected(elected, holder));
        } catch (SQLException e) {
            if (!failing) {
                LOG.warn(
                        "cluster: node {} cannot take part in the election ({}); it tries again every {} ms",
                        node,
                        e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage(),
                        interval.toMillis());
            }
            failing = true;
            // a lock taken before the failure goes with the connection
            closeConnection();
        }
    }

    /**
     * The server notices a leader whose machine or network died within about {@link #DEAD_PEER_SECONDS} s (TCP
     * keepalives and a user timeout on the lock's session), not after the system's two hours: only then may another
     * node take the lock. Settings the server does not know (an old PostgreSQL) are skipped.
     */
    private static void keepAlive(Connection c) {
        for (String set : List.of(
                "SET tcp_keepalives_idle = 3",
                "SET tcp_keepalives_interval = 2",
                "SET tcp_keepalives_count = 3",
                "SET tcp_user_timeout = " + DEAD_PEER_SECONDS * 1000)) {
            try (java.sql.Statement s = c.createStatement()) {
                s.execute(set);
            } catch (SQLException e) {
                LOG.debug("cluster: {} is not supported here: {}", set, e.getMessage());
            }
        }
    }

    /** About how long PostgreSQL takes to notice that a leader's machine or network is gone. */
    static final int DEAD_PEER_SECONDS = 10;

    private boolean tryLock() throws SQLException {
        try (PreparedStatement s = connection.prepareStatement("SELECT pg_try_advisory_lock(?)")) {
            s.setLong(1, key);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }

    private long readEpoch() throws SQLException {
        try (PreparedStatement s = connection.prepareStatement("SELECT epoch FROM desk_leader WHERE id = 1");
                ResultSet rs = s.executeQuery()) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }

    /** One transaction: the epoch plus one, and who was elected when; the new epoch. */
    private long bumpEpoch() throws SQLException {
        connection.setAutoCommit(false);
        try {
            try (PreparedStatement s = connection.prepareStatement(
                    "UPDATE desk_leader SET epoch = epoch + 1, node = ?, elected_at = ? WHERE id = 1")) {
                s.setString(1, node);
                s.setLong(2, System.currentTimeMillis());
                if (s.executeUpdate() != 1)
                    throw new SQLException("desk_leader has no row 1 (is the schema migrated?)");
            }
            long elected;
            try (PreparedStatement s = connection.prepareStatement("SELECT epoch FROM desk_leader WHERE id = 1");
                    ResultSet rs = s.executeQuery()) {
                rs.next();
                elected = rs.getLong(1);
            }
            connection.commit();
            return elected;
        } catch (SQLException e) {
            try {
                connection.rollback();
            } catch (SQLException ignored) {
                // the connection is closed below
            }
            throw e;
        } finally {
            try {
                connection.setAutoCommit(true);
            } catch (SQLException ignored) {
                // the connection is closed by the caller
            }
        }
    }

    private void tell(Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            LOG.error("cluster: the leadership listener of node {} threw", node, e);
        }
    }

    private void closeConnection() {
        if (connection == null) return;
        try {
            connection.close();
        } catch (SQLException e) {
            LOG.debug("closing the leadership connection", e);
        }
        connection = null;
    }

    /**
     * Leaves the election: a leader gives the leadership up (its connection closes, PostgreSQL releases the lock) and
     * is told {@link Listener#lost}; waits for the leadership thread to stop.
     */
    @Override
    public void close() {
        if (thread.isShutdown()) return;
        thread.execute(() -> {
            if (leading) {
                leading = false;
                long was = epoch;
                closeConnection();
                tell(() -> listener.lost(was, "the node stopped"));
            }
            closeConnection();
        });
        thread.shutdown();
        try {
            if (!thread.awaitTermination(10, TimeUnit.SECONDS)) thread.shutdownNow();
        } catch (InterruptedException e) {
            thread.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
