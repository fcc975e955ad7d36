package dev.handoff.desk.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agents' console sign-in sessions, shared by the nodes of a cluster. Each node keeps the sessions in its memory
 * (its {@link Replica}), so a lookup never waits for Redis; this class keeps Redis and the other nodes' replicas in
 * step. A session is named by its key, the SHA-256 of its id in hex: the id (the cookie's value) never leaves the
 * node that made it.
 *
 * <ul>
 *   <li><b>Redis</b> holds each live session as the key {@code PREFIX:session:KEY}, its value the agent, its time to
 *       live the idle time. A signed-out session stays as the same key with an empty value (a tombstone) for the idle
 *       time, so a node that missed the message still learns it, and a node never shares that session again.
 *   <li><b>The channel {@code sessions}</b> carries {@code {"started": KEY, "agent": NAME}} and {@code {"ended": KEY}}
 *       (with the sender's {@code from}), so the other replicas take a sign-in, or drop a sign-out and disconnect its
 *       {@code /agents} sockets, at once. A node answers a sign-in once its message is published (or failed).
 *   <li><b>The sync</b>, as a node starts (the start-up load), then every {@link Settings#sync()} and as soon as
 *       Redis is back after an outage: the time to live of the sessions used on this node (or with sockets open here)
 *       is renewed, which is how a session in use stays alive in Redis; a session live here that Redis lacks (signed
 *       in while Redis was unreachable, or Redis lost its data) is shared, never over a tombstone; then a SCAN: a
 *       tombstone ends its session here, a live key adds its session here with the last use its time to live
 *       implies, and a session here used lately elsewhere is kept alive as long. So a message this node missed is
 *       made up for at the next sync.
 *   <li>A sign-out that could not reach Redis is retried every {@link Settings#tick()} until it does.
 * </ul>
 *
 * <p>Redis down: nothing blocks nor throws at the agent. A sign-in still works, on this node only, until the sync
 * after Redis is back shares it; a sign-out ends the session here at once and on the other nodes once it reaches
 * Redis. Logged once when sharing fails and once when it works again.
 *
 * <p>Bounded: at most {@link Settings#max()} sessions waiting for their time to live to be renewed, sign-outs waiting
 * to be retried, and sign-outs remembered for two syncs; a scan reads at most four times {@code max} keys.
 *
 * <p>Threads: {@link #started}, {@link #used} and {@link #ended} never block (any thread, netty's event threads
 * included); {@link #start} blocks (up to {@link #LOAD_WAIT}) and runs once, at start. The replica is called on the
 * bus's threads (messages) and on this class's own thread {@code cluster-sessions} (the sync), never on Lettuce's
 * event loop; the future of {@link #started} completes on {@code cluster-sessions} too. Thread-safe.
 */
public final class SharedConsoleSessions implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SharedConsoleSessions.class);
    /** The relative names of the session keys: {@code session:KEY}. */
    static final String KEYS = "session:";
    /** The channel of sign-ins and sign-outs. */
    static final String CHANNEL = "sessions";
    /** The longest agent name a session may carry (the console's sign-in takes no longer). */
    static final int MAX_AGENT = 200;
    /** How long {@link #start} waits for the first load; past that, it goes on in the background. */
    static final Duration LOAD_WAIT = Duration.ofSeconds(10);
    /** Commands a sync sends at once. */
    private static final int BATCH = 100;

    private static final Pattern KEY = Pattern.compile("[0-9a-f]{64}");
    private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);

    /**
     * A node's sessions in its memory: what this class keeps in step. Its methods are called on the bus's threads
     * and on {@code cluster-sessions}; they must be quick, never block on I/O and be thread-safe.
     */
    public interface Replica {
        /** Another node signed the session {@code key} in for {@code agent}: keep it, as if it started here. */
        void started(String key, String agent);

        /**
         * Redis holds the live session {@code key} of {@code agent} with {@code left} of its idle time left: keep it
         * (if there is room) and take its last use to be no earlier than {@code idle - left} ago.
         */
        void seen(String key, String agent, Duration left);

        /** The session {@code key} was signed out on another node: forget it and disconnect its sockets here. */
        void ended(String key);

        /** The agent of the session {@code key} if it is live here; null otherwise. */
        String agent(String key);

        /** The sessions with {@code /agents} sockets open on this node: in use, though no request comes. */
        Set<String> held();
    }

    /**
     * How the sessions are shared.
     *
     * @param idle the idle time: a session no node used for this long is gone (the keys' time to live)
     * @param max  the replicas' bound on sessions, which also bounds what this class keeps
     * @param tick how often failed sign-outs are retried and Redis's return is noticed
     * @param sync how often the sync runs while Redis is reachable
     */
    public record Settings(Duration idle, int max, Duration tick, Duration sync) {
        public static final Duration TICK = Duration.ofSeconds(5);
        public static final Duration SYNC = Duration.ofMinutes(1);

        public Settings {
            Objects.requireNonNull(idle, "idle");
            Objects.requireNonNull(tick, "tick");
            Objects.requireNonNull(sync, "sync");
            if (idle.toMillis() < 1 || tick.toMillis() < 1 || sync.toMillis() < 1 || max < 1) {
                throw new IllegalArgumentException(
                        "session sharing needs an idle time, a tick and a sync of at least 1 ms and a max of at least"
                                + " 1, not " + idle + ", " + tick + ", " + sync + ", " + max);
            }
        }

        /** {@code idle} and {@code max} with the default {@link #TICK} and {@link #SYNC}. */
        public static Settings of(Duration idle, int max) {
            return new Settings(idle, max, TICK, SYNC);
        }
    }

    private final ClusterBus bus;
    private final Settings settings;
    /** This instance's id in the messages it sends, so that it skips its own. */
    private final String from = UUID.randomUUID().toString();

    private final ScheduledExecutorService thread;
    /** Sessions used here since the last sync: their time to live is renewed (or they are shared) at the next. */
    private final Set<String> touched = ConcurrentHashMap.newKeySet();
    /** Sign-outs of this node that have not reached Redis yet. */
    private final Set<String> pendingEnds = ConcurrentHashMap.newKeySet();
    /**
     * Sessions ended lately (here or elsewhere), with when (nanoTime): a scan that began before may have read one
     * live, a node that has not heard of the sign-out may share it again. Kept for two syncs.
     */
    private final Map<String, Long> recentlyEnded = new ConcurrentHashMap<>();

    private final AtomicBoolean degraded = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile Replica replica;
    private volatile ClusterBus.Subscription subscription;
    /** More sessions ended since the sync began than {@link #recentlyEnded} keeps: it adds no session. */
    private volatile boolean endedOverflow;

    // on cluster-sessions only
    private boolean syncing;
    private boolean resync = true;
    private boolean subscribing;
    private long lastSync;
    private boolean warnedIncomplete;

    public SharedConsoleSessions(ClusterBus bus, Settings settings) {
        this.bus = Objects.requireNonNull(bus, "bus");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "cluster-sessions");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Starts sharing {@code replica}'s sessions: subscribes to the channel, loads the live sessions Redis holds into
     * it (waiting up to {@link #LOAD_WAIT}), then syncs and retries on its own thread. A failure is logged, never
     * thrown: the node starts with what it has, and the next sync makes up for it. Blocks: call it at start.
     */
    public void start(Replica replica) {
        Objects.requireNonNull(replica, "replica");
        synchronized (this) {
            if (this.replica != null) throw new IllegalStateException("already started");
            this.replica = replica;
        }
        CompletableFuture<Void> loaded = CompletableFuture.supplyAsync(this::subscribe, thread)
                .thenCompose(f -> f)
                .thenComposeAsync(x -> runSync(), thread);
        try {
            loaded.get(LOAD_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            // logged where it failed; the ticks try again
        } catch (TimeoutException e) {
            LOG.warn(
                    "console sessions: loading them from Redis takes over {} s; it goes on meanwhile",
                    LOAD_WAIT.toSeconds());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        long every = settings.tick().toMillis();
        thread.scheduleWithFixedDelay(this::tick, every, every, TimeUnit.MILLISECONDS);
    }

    /**
     * The session {@code key} of {@code agent} started on this node: stored in Redis, then announced. The future
     * completes once the announcement is published, or once that failed (the session is then this node's alone until
     * a sync shares it); it never fails. Never blocks.
     */
    public CompletableFuture<Void> started(String key, String agent) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        bus.set(KEYS + key, agent, settings.idle(), ClusterBus.Condition.ALWAYS)
                .thenCompose(set -> bus.publish(CHANNEL, startedMessage(key, agent)))
                .whenComplete((receivers, failure) -> onThread(() -> {
                    if (failure != null) {
                        touch(key); // the next sync shares it
                        failed(failure);
                    }
                    done.complete(null);
                }));
        return done;
    }

    /** The session {@code key} was used on this node: its time to live is renewed at the next sync. Never blocks. */
    public void used(String key) {
        touch(key);
    }

    /**
     * The session {@code key} was signed out on this node; {@code known}: it was live here. A known session's key
     * becomes a tombstone and the others are told (retried until Redis takes it). An unknown one (a node that missed
     * its start, or a made-up cookie) is ended only if Redis holds it, so made-up cookies leave nothing in Redis.
     * Never blocks.
     */
    public void ended(String key, boolean known) {
        rememberEnded(key);
        touched.remove(key);
        if (known) {
            end(key).whenComplete((x, failure) -> {
                if (failure == null) return;
                if (pendingEnds.size() < settings.max()) {
                    pendingEnds.add(key);
                } else {
                    LOG.error(
                            "console sessions: {} sign-outs already wait for Redis; this one reaches the other nodes"
                                    + " only when it goes idle there",
                            settings.max());
                }
                onThread(() -> failed(failure));
            });
        } else {
            bus.set(KEYS + key, "", settings.idle(), ClusterBus.Condition.IF_PRESENT)
                    .thenCompose(set ->
                            set ? bus.publish(CHANNEL, endedMessage(key)) : CompletableFuture.completedFuture(0L))
                    .whenComplete((x, failure) -> {
                        if (failure != null)
                            LOG.debug("console sessions: a sign-out of a session unknown here failed", failure);
                    });
        }
    }

    /** Stops syncing and listening; a sign-out still waiting for Redis is logged, not kept. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) return;
        thread.shutdownNow();
        ClusterBus.Subscription s = subscription;
        if (s != null) s.close();
        if (!pendingEnds.isEmpty()) {
            LOG.warn(
                    "console sessions: {} sign-out(s) never reached Redis; the other nodes keep those sessions until"
                            + " they go idle",
                    pendingEnds.size());
        }
    }

    /** The tombstone, then the message; fails with the first failure. */
    private CompletableFuture<Long> end(String key) {
        return bus.set(KEYS + key, "", settings.idle(), ClusterBus.Condition.ALWAYS)
                .thenCompose(set -> bus.publish(CHANNEL, endedMessage(key)));
    }

    private void touch(String key) {
        if (touched.size() < settings.max()) touched.add(key);
    }

    private void rememberEnded(String key) {
        if (recentlyEnded.size() < settings.max()) recentlyEnded.put(key, System.nanoTime());
        else endedOverflow = true;
    }

    /** Ended lately, or ended here and not yet in Redis: not to be taken as live from Redis nor a message. */
    private boolean endedLately(String key) {
        return recentlyEnded.containsKey(key) || pendingEnds.contains(key);
    }

    /** On the bus's threads: another node's sign-in or sign-out. */
    private void received(JsonNode message) {
        if (from.equals(message.path("from").asText())) return;
        Replica r = replica;
        String started = message.path("started").asText("");
        String ended = message.path("ended").asText("");
        if (KEY.matcher(started).matches()) {
            String agent = message.path("agent").asText("");
            if (agent.isEmpty() || agent.length() > MAX_AGENT || endedLately(started)) return;
            r.started(started, agent);
        } else if (KEY.matcher(ended).matches()) {
            rememberEnded(ended);
            r.ended(ended);
        }
    }

    private CompletableFuture<Void> subscribe() {
        subscribing = true;
        return bus.subscribe(CHANNEL, this::received)
                .handleAsync(
                        (s, failure) -> {
                            subscribing = false;
                            if (failure != null) {
                                failed(failure);
                                throw new CompletionException(failure);
                            }
                            if (closed.get()) {
                                s.close();
                            } else {
                                subscription = s;
                            }
                            return null;
                        },
                        thread);
    }

    /** On cluster-sessions, every tick: retries, subscribes again, syncs when due. */
    private void tick() {
        try {
            if (syncing || closed.get()) return;
            if (!bus.connected()) {
                resync = true; // whatever happened meanwhile was missed: sync once it is back
                return;
            }
            if (subscription == null) {
                if (!subscribing) {
                    subscribe().whenComplete((x, failure) -> onThread(() -> resync = resync || failure == null));
                }
                return;
            }
            boolean due =
                    resync || System.nanoTime() - lastSync >= settings.sync().toNanos();
            if (due) {
                runSync();
            } else if (!pendingEnds.isEmpty()) {
                syncing = true;
                flushEnds()
                        .whenComplete((x, failure) -> onThread(() -> {
                            syncing = false;
                            if (failure != null) failed(failure);
                        }));
            }
        } catch (RuntimeException e) {
            LOG.error("console sessions: a sync tick failed; the next goes on", e);
        }
    }

    /** On cluster-sessions: one sync; completes on cluster-sessions when it is done, failing as it failed. */
    private CompletableFuture<Void> runSync() {
        syncing = true;
        long began = System.nanoTime();
        long forget = 2 * settings.sync().toNanos();
        recentlyEnded.values().removeIf(at -> began - at > forget);
        endedOverflow = false;
        List<String> renewing = new ArrayList<>(touched);
        touched.removeAll(renewing);
        Set<String> keys = new LinkedHashSet<>(renewing);
        keys.addAll(replica.held());
        CompletableFuture<Void> done = new CompletableFuture<>();
        flushEnds()
                .thenComposeAsync(x -> inBatches(List.copyOf(keys), this::renew), thread)
                .thenCompose(x -> bus.scan(KEYS, 4 * settings.max()))
                .thenAcceptAsync(this::apply, thread)
                .whenComplete((x, failure) -> onThread(() -> {
                    syncing = false;
                    if (failure != null) {
                        for (String key : renewing) touch(key); // renewed at the next, then
                        resync = true;
                        failed(failure);
                        done.completeExceptionally(failure);
                    } else {
                        lastSync = began;
                        resync = false;
                        if (degraded.compareAndSet(true, false)) {
                            LOG.info("console sessions: shared through Redis again");
                        }
                        done.complete(null);
                    }
                }));
        return done;
    }

    /** The sign-outs that have not reached Redis yet, again. */
    private CompletableFuture<Void> flushEnds() {
        return inBatches(List.copyOf(pendingEnds), key -> end(key).thenRun(() -> pendingEnds.remove(key)));
    }

    /** A session used here: its time to live renewed, or, when Redis lacks it, shared (never over a tombstone). */
    private CompletableFuture<Void> renew(String key) {
        return bus.expire(KEYS + key, settings.idle())
                .thenComposeAsync(
                        there -> {
                            if (there) return DONE;
                            String agent = replica.agent(key);
                            if (agent == null || endedLately(key)) return DONE;
                            return bus.set(KEYS + key, agent, settings.idle(), ClusterBus.Condition.IF_ABSENT)
                                    .thenCompose(set -> set
                                            ? bus.publish(CHANNEL, startedMessage(key, agent))
                                                    .thenApply(n -> (Void) null)
                                            : DONE);
                        },
                        thread);
    }

    /** On cluster-sessions: what the scan found, into the replica. */
    private void apply(ClusterBus.Scan scan) {
        Replica r = replica;
        boolean mayAdd = !endedOverflow;
        long idle = settings.idle().toMillis();
        for (ClusterBus.Entry e : scan.entries()) {
            String key = e.name().substring(KEYS.length());
            if (!KEY.matcher(key).matches()) continue;
            if (e.value().isEmpty()) {
                r.ended(key);
            } else if (mayAdd && e.value().length() <= MAX_AGENT && !endedLately(key)) {
                long left = e.leftMillis() < 0 ? idle : Math.min(e.leftMillis(), idle);
                r.seen(key, e.value(), Duration.ofMillis(left));
            }
        }
        if (!scan.complete() && !warnedIncomplete) {
            warnedIncomplete = true;
            LOG.warn(
                    "console sessions: Redis holds more than {} session keys; a sync reads only that many, so a"
                            + " missed sign-in or sign-out may stay missed here",
                    4 * settings.max());
        }
    }

    /** Runs {@code op} on each key, {@link #BATCH} at once; fails with the first failure once a batch is done. */
    private static CompletableFuture<Void> inBatches(List<String> keys, Function<String, CompletableFuture<?>> op) {
        CompletableFuture<Void> chain = DONE;
        for (int i = 0; i < keys.size(); i += BATCH) {
            List<String> batch = keys.subList(i, Math.min(keys.size(), i + BATCH));
            chain = chain.thenCompose(
                    x -> CompletableFuture.allOf(batch.stream().map(op).toArray(CompletableFuture<?>[]::new)));
        }
        return chain;
    }

    /** Logged once until sharing works again. */
    private void failed(Throwable failure) {
        Throwable cause = failure;
        while (cause instanceof CompletionException && cause.getCause() != null) cause = cause.getCause();
        boolean stopping = cause instanceof ClusterException c && c.problem() == ClusterException.Problem.CLOSED;
        if (closed.get() || stopping) return;
        if (degraded.compareAndSet(false, true)) {
            LOG.warn(
                    "console sessions: cannot share them through Redis ({}); until it is back, a sign-in on this"
                            + " node works on this node alone, and a sign-out here reaches the other nodes only"
                            + " then",
                    cause.getMessage());
        } else {
            LOG.debug("console sessions: sharing failed again", cause);
        }
    }

    private void onThread(Runnable r) {
        try {
            thread.execute(r);
        } catch (RejectedExecutionException e) {
            r.run(); // closed: done here, so no future is left hanging
        }
    }

    private ObjectNode startedMessage(String key, String agent) {
        return JsonNodeFactory.instance
                .objectNode()
                .put("started", key)
                .put("agent", agent)
                .put("from", from);
    }

    private ObjectNode endedMessage(String key) {
        return JsonNodeFactory.instance.objectNode().put("ended", key).put("from", from);
    }
}
