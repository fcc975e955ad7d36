package dev.handoff.desk.cluster;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.handoff.desk.config.ClusterConfig;
import dev.handoff.desk.core.Desk;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One node of a desk cluster (README "Run a cluster"): every node serves sockets; the node elected through
 * PostgreSQL ({@link Leadership}) runs the desk itself, on the connection that holds the leader's lock, and the
 * others send it their endpoints' calls ({@link RemoteDesk}, {@link LeaderDesk}); what the desk sends to a socket
 * goes to the node that holds it ({@link ClusterConnections}, {@link NodeRelay}).
 *
 * <p>Changes of leader and losses of Redis: a node that may have missed what the desk sent to its sockets (a new
 * leader was elected, or its connection to Redis came back) closes its clients' connections; bots and consoles
 * reconnect, resume from the stored truth and send again what was not acknowledged. A node gone (killed, or cut
 * off for {@link Presence}'s {@code gone}) has its sockets forgotten by the leader: its bots' chats wait the
 * disconnect grace for the bots to come back through another node.
 *
 * <p>Threads: one of its own ({@code cluster-node-NODE}) makes and drops the leader's desk and checks the other
 * nodes; a small pool runs the leader's calls that read the store.
 */
public final class ClusterNode implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterNode.class);
    /** How long a node's call waits for the leader. */
    public static final Duration CALL_TIMEOUT = Duration.ofSeconds(5);

    private static final Duration RESYNC_DELAY = Duration.ofSeconds(1);
    private static final Duration RESYNC_SPACING = Duration.ofSeconds(3);
    private static final int MAX_PENDING_CALLS = 20_000;

    /** Makes the desk when this node is elected; called on the node's thread. */
    public interface LeaderFactory {
        /**
         * The desk this node runs as leader: its store writes on {@code lockHolder} (never closing it but when it
         * stops), it sends through {@code connections}. May throw: the node then gives the leadership up.
         */
        Leading lead(long epoch, Connection lockHolder, ClusterConnections connections);
    }

    /** The desk a leader runs. */
    public interface Leading {
        Desk desk();

        /** Runs the desk's timers (only the leader's run). */
        void tick();

        /**
         * Whether the lock's connection still answers, checked between the store's own statements (never
         * alongside one, which a timeout of the check could break): the leadership's health check.
         */
        boolean healthy();

        /**
         * The leadership is over: stop, and let go of the store. {@code lost}: the lock's connection is gone, so
         * what is queued can no longer be written (give it up at once); else write it, then close.
         */
        void stop(boolean lost);
    }

    /** What the cluster's node tells the server. */
    public record Settings(Duration leadershipInterval, Duration presenceEvery, Duration presenceGone) {
        public static final Settings DEFAULT =
                new Settings(Leadership.DEFAULT_INTERVAL, Presence.DEFAULT_EVERY, Presence.DEFAULT_GONE);
    }

    private final ClusterConfig config;
    private final String node;
    private final Database database;
    private final ClusterConnections.Local local;
    private final LeaderFactory factory;
    private final Settings settings;
    private final ScheduledExecutorService thread;
    private final ThreadPoolExecutor reads;

    private ClusterBus bus;
    private Requests requests;
    private NodeRelay relay;
    private Presence presence;
    private Leadership leadership;
    private ClusterDesk desk;
    private RemoteDesk remote;

    /** On the node's thread only. */
    private Leading leading;

    private LeaderDesk leaderDesk;
    private ClusterConnections connections;
    private long observedEpoch;

    public ClusterNode(
            ClusterConfig config,
            String node,
            Database database,
            ClusterConnections.Local local,
            LeaderFactory factory,
            Settings settings) {
        this.config = config;
        this.node = node;
        this.database = database;
        this.local = local;
        this.factory = factory;
        this.settings = settings;
        this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "cluster-node-" + node);
            t.setDaemon(true);
            return t;
        });
        this.reads = new ThreadPoolExecutor(2, 2, 30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(256), r -> {
            Thread t = new Thread(r, "cluster-leader-reads");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Joins the cluster: connects to Redis, listens on this node's channel, starts the heartbeat and the election.
     * Blocks up to a few seconds (call it at start, not on an event thread); fails with {@link ClusterException}
     * when Redis cannot be reached. {@code pairs} answers {@code translatedPairs} on this node.
     *
     * @param address what other nodes and people may call this node ({@code host:port}), shown in {@code desk_nodes}
     */
    public Desk start(
            String address,
            java.util.function.Supplier<java.util.concurrent.CompletableFuture<dev.handoff.translate.LanguagePairs>>
                    pairs) {
        bus = ClusterBus.connect(config, ClusterBus.Settings.DEFAULT);
        try {
            requests = Requests.open(bus, node, MAX_PENDING_CALLS).get(10, TimeUnit.SECONDS);
            relay = NodeRelay.start(bus, node, local, () -> thread.execute(this::missedRelay))
                    .get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close();
            throw new ClusterException(ClusterException.Problem.CLOSED, "interrupted while joining the cluster");
        } catch (ExecutionException | TimeoutException e) {
            close();
            throw new ClusterException(
                    ClusterException.Problem.REDIS_UNREACHABLE,
                    "cannot subscribe on Redis at " + config.redactedRedis() + ": " + e.getMessage(),
                    e);
        }
        remote = new RemoteDesk(requests, CALL_TIMEOUT, pairs);
        desk = new ClusterDesk(remote);
        bus.onReconnected(() -> thread.schedule(
                () -> resync("its connection to Redis is back"), RESYNC_DELAY.toMillis(), TimeUnit.MILLISECONDS));
        // a node that restarts tells the leader to forget the sockets its earlier run held (they are gone)
        ObjectNode started = DeskCalls.JSON.createObjectNode().put("restarted", node);
        bus.publish(LeaderDesk.CHANNEL, started);
        presence = new Presence(
                database, config.prefix(), node, address, settings.presenceEvery(), settings.presenceGone());
        presence.start();
        leadership = new Leadership(database, config.prefix(), node, settings.leadershipInterval(), new Listener());
        leadership.start();
        thread.scheduleWithFixedDelay(
                this::checkNodes,
                settings.presenceEvery().toMillis(),
                settings.presenceEvery().toMillis(),
                TimeUnit.MILLISECONDS);
        return desk;
    }

    /** The node's Redis bus (started by {@link #start}), for what else the nodes share (console sessions). */
    public ClusterBus bus() {
        return bus;
    }

    /** Whether this node leads the desk now. */
    public boolean leads() {
        return leadership != null && leadership.leader();
    }

    /** Runs the desk's timers if this node leads (called by the server's timer thread). */
    public void tick() {
        Leading l = leading;
        if (l != null) l.tick();
    }

    /** The desk this node leads, or {@code null}. */
    public Leading leading() {
        return leading;
    }

    private final class Listener implements Leadership.Listener {
        @Override
        public void elected(long epoch) {
            throw new IllegalStateException("the two-argument elected is the one called");
        }

        @Override
        public void elected(long epoch, Connection lockHolder) {
            thread.execute(() -> becomeLeader(epoch, lockHolder));
        }

        @Override
        public void lost(long epoch, String why) {
            thread.execute(() -> stepDown(epoch, why, true));
        }

        @Override
        public void observed(long epoch) {
            thread.execute(() -> {
                long was = observedEpoch;
                observedEpoch = epoch;
                if (was != 0 && epoch != was) resync("a new leader was elected (epoch " + epoch + ")");
            });
        }
    }

    private void becomeLeader(long epoch, Connection lockHolder) {
        observedEpoch = epoch;
        ClusterConnections made = new ClusterConnections(
                bus, node, local, epoch, (holder, run) -> thread.execute(() -> forgetEarlierRun(holder, run)));
        try {
            Leading l = factory.lead(epoch, lockHolder, made);
            leading = l;
            connections = made;
            leadership.checkWith(l::healthy);
            leaderDesk = LeaderDesk.serve(bus, l.desk(), made, reads).get(10, TimeUnit.SECONDS);
            leaderDesk.onRestarted(restarted -> thread.execute(() -> forgetNode(restarted)));
            desk.use(l.desk());
            LOG.info("cluster: node {} runs the desk (epoch {})", node, epoch);
            resync("this node now leads the desk");
        } catch (Exception e) {
            LOG.error("cluster: node {} was elected but cannot run the desk; it gives the leadership up", node, e);
            stepDown(epoch, "it could not run the desk", false);
            try {
                lockHolder.close(); // PostgreSQL releases the lock: another node may lead
            } catch (SQLException ignored) {
                // closed already
            }
        }
    }

    private void stepDown(long epoch, String why, boolean lost) {
        desk.use(remote);
        ClusterConnections was = connections;
        if (was != null) was.close(); // the deposed desk's late work sends nothing
        LeaderDesk served = leaderDesk;
        leaderDesk = null;
        if (served != null) served.close();
        Leading l = leading;
        leading = null;
        connections = null;
        if (l != null) {
            LOG.warn("cluster: node {} no longer runs the desk (epoch {}): {}", node, epoch, why);
            resync("this node no longer leads the desk");
            try {
                l.stop(lost);
            } catch (RuntimeException e) {
                LOG.warn("cluster: stopping the desk of epoch {} failed: {}", epoch, e.toString());
            }
        }
    }

    /** On the node's thread: the leader forgets the sockets of nodes that are gone. */
    private void checkNodes() {
        ClusterConnections known = connections;
        if (known == null || leading == null) return;
        Set<String> holders = new HashSet<>(known.nodes());
        holders.remove(node);
        if (holders.isEmpty()) return;
        Set<String> alive = new HashSet<>();
        try {
            for (Presence.Seen seen : presence.alive()) alive.add(seen.node());
        } catch (SQLException e) {
            LOG.debug("cluster: cannot read which nodes are alive: {}", e.getMessage());
            return;
        }
        for (String holder : holders) {
            if (!alive.contains(holder)) forgetNode(holder);
        }
    }

    /** The leader forgets every socket {@code gone} held: its bots' chats start the grace, its agents leave. */
    private void forgetNode(String gone) {
        ClusterConnections known = connections;
        Leading l = leading;
        if (known == null || l == null || gone.equals(node)) return;
        forget(gone, known.on(gone), l);
    }

    private void forget(String gone, ClusterConnections.OnNode held, Leading l) {
        if (held.isEmpty()) return;
        LOG.warn(
                "cluster: node {} is gone; its {} bot connection(s) and {} agent(s) are let go",
                gone,
                held.chats().size(),
                held.agents().size());
        for (Map.Entry<String, String> chat : held.chats().entrySet())
            l.desk().userDisconnected(chat.getKey(), chat.getValue());
        for (Map.Entry<String, List<String>> agent : held.agents().entrySet())
            for (String connection : agent.getValue()) l.desk().agentDisconnected(agent.getKey(), connection);
    }

    /** On the node's thread: a relay went missing; the clients resume (at most once every few seconds). */
    private void missedRelay() {
        long now = System.nanoTime();
        if (now - lastMissedResync < RESYNC_SPACING.toNanos()) return;
        lastMissedResync = now;
        resync("a message from the leader went missing");
    }

    private long lastMissedResync = System.nanoTime() - RESYNC_SPACING.toNanos();

    /** The leader forgets the connections an earlier run of {@code holder} left (it restarted): they are gone. */
    private void forgetEarlierRun(String holder, String run) {
        ClusterConnections known = connections;
        Leading l = leading;
        if (known == null || l == null) return;
        forget(holder, known.ghosts(holder, run), l);
    }

    /** This node's clients reconnect and resume: what the desk sent them may have been lost. */
    private void resync(String why) {
        LOG.info("cluster: node {} closes its clients' connections so that they resume: {}", node, why);
        try {
            local.closeAll();
        } catch (RuntimeException e) {
            LOG.warn("cluster: closing the connections failed: {}", e.toString());
        }
    }

    /** Leaves the cluster: gives up the leadership (after the server stopped), the heartbeat and Redis. */
    @Override
    public void close() {
        try {
            thread.submit(() -> stepDown(leadership == null ? 0 : leadership.epoch(), "the node stops", false))
                    .get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException | java.util.concurrent.RejectedExecutionException e) {
            LOG.warn("cluster: stopping the desk took too long: {}", e.toString());
        }
        if (leadership != null) leadership.close();
        if (presence != null) presence.close();
        if (relay != null) relay.close();
        if (requests != null) requests.close();
        if (bus != null) bus.close();
        thread.shutdownNow();
        reads.shutdownNow();
    }
}
