package dev.handoff.desk.cluster;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.handoff.desk.cluster.ClusterException.Problem;
import dev.handoff.desk.config.ClusterConfig;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.KeyValue;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.SetArgs;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cluster's pub/sub on Redis: {@link #publish} a JSON payload on a channel, {@link #subscribe} a handler to one.
 * Channel names are relative: {@code leader} is Redis's {@code PREFIX:leader}, so desks with different prefixes
 * share a Redis without hearing each other.
 *
 * <p>At most once, as Redis pub/sub is: a message published while a subscriber is disconnected is lost for it.
 * Lettuce reconnects after Redis restarts or the connection drops (backing off up to a few seconds) and subscribes
 * the channels again by itself; while it reconnects, {@link #publish} fails at once with {@code [redis-unreachable]}
 * rather than queueing stale messages.
 *
 * <p>Bounded: at most {@link Settings#maxOutgoing()} publishes wait for Redis ({@code [outgoing-full]} past that) and
 * at most {@link Settings#maxIncoming()} messages wait for a channel's handlers (more are dropped and logged, as
 * Redis would drop them for a slow subscriber).
 *
 * <p>Keys with a time to live, for what a node must find after the message is gone ({@link #set}, {@link #expire},
 * {@link #scan}): named like channels, {@code session:ID} is Redis's key {@code PREFIX:session:ID}. They fail like
 * publishes and count against the same bound.
 *
 * <p>Threads: handlers run on the bus's own small pool ({@code cluster-bus-N}), never on Lettuce's event loop; the
 * messages of one channel reach its handlers one at a time, in the order Redis delivered them. A handler may block
 * briefly; a handler that throws is logged and the next message goes on. The futures of publishes and key commands
 * complete on Lettuce's event loop: chain with {@code ...Async} for anything more than a hand-off. All methods are
 * thread-safe and never block; {@link #close()} waits for the handlers running.
 */
public final class ClusterBus implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterBus.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Messages one drain delivers before it lets another channel's turn come. */
    private static final int BATCH = 64;
    /** Keys one step of {@link #scan} asks for (SCAN's COUNT); their values and times to live follow in one go. */
    static final int SCAN_BATCH = 100;

    /**
     * How the bus is bounded.
     *
     * @param threads     the handlers' pool
     * @param maxOutgoing publishes that may wait for Redis at once
     * @param maxIncoming messages that may wait for one channel's handlers
     * @param maxChannels channels subscribed at once (each may have a drain waiting in the pool's queue)
     * @param timeout     how long a Redis command may take before it fails
     */
    public record Settings(int threads, int maxOutgoing, int maxIncoming, int maxChannels, Duration timeout) {
        public static final Settings DEFAULT = new Settings(2, 10_000, 10_000, 1_000, Duration.ofSeconds(5));

        public Settings {
            if (threads < 1 || maxOutgoing < 1 || maxIncoming < 1 || maxChannels < 1) {
                throw new IllegalArgumentException("bus settings must be at least 1: " + threads + ", " + maxOutgoing
                        + ", " + maxIncoming + ", " + maxChannels);
            }
            if (timeout.isNegative() || timeout.isZero()) throw new IllegalArgumentException("timeout must be > 0");
        }
    }

    private final String prefix;
    private final String redacted;
    private final Settings settings;
    private final RedisClient client;
    private final StatefulRedisConnection<String, String> pub;
    private final StatefulRedisPubSubConnection<String, String> sub;
    private final ThreadPoolExecutor handlers;
    /** Full channel name -> its handlers and queue. */
    private final Map<String, Channel> channels = new ConcurrentHashMap<>();

    private final AtomicInteger outgoing = new AtomicInteger();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile boolean connected = true;
    /** Run (on the handlers' pool) each time the connection to Redis is back after a loss. */
    private final List<Runnable> onReconnected = new CopyOnWriteArrayList<>();

    private ClusterBus(
            String prefix,
            String redacted,
            Settings settings,
            RedisClient client,
            StatefulRedisConnection<String, String> pub,
            StatefulRedisPubSubConnection<String, String> sub) {
        this.prefix = prefix;
        this.redacted = redacted;
        this.settings = settings;
        this.client = client;
        this.pub = pub;
        this.sub = sub;
        AtomicInteger n = new AtomicInteger();
        this.handlers = new ThreadPoolExecutor(
                settings.threads(),
                settings.threads(),
                30,
                TimeUnit.SECONDS,
                // at most one drain per channel waits here
                new ArrayBlockingQueue<>(settings.maxChannels()),
                r -> {
                    Thread t = new Thread(r, "cluster-bus-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        sub.addListener(new RedisPubSubAdapter<>() {
            @Override
            public void message(String channel, String message) {
                received(channel, message);
            }
        });
    }

    /**
     * Connects to the cluster's Redis ({@code config.redis()}); channels get {@code config.prefix()}. Fails with
     * {@code [redis-unreachable]} (the URL redacted) when Redis does not answer within {@code settings.timeout()}.
     * Blocks up to that long: call it at startup, not on an event thread.
     */
    public static ClusterBus connect(ClusterConfig config, Settings settings) {
        String redacted = config.redactedRedis();
        RedisURI uri;
        try {
            uri = RedisURI.create(config.redis());
        } catch (IllegalArgumentException e) {
            // Lettuce's message quotes the whole URL, password included: never passed on
            throw new IllegalArgumentException("cluster.redis: '" + redacted + "' is not a Redis URL Lettuce can use");
        }
        uri.setTimeout(settings.timeout());
        RedisClient client = RedisClient.create(uri);
        client.setOptions(ClientOptions.builder()
                .autoReconnect(true)
                // while reconnecting, fail at once: pub/sub is at most once, a late message is worse than none
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                // a scan's step sends a value and a time-to-live command per key at once
                .requestQueueSize(settings.maxOutgoing() + settings.maxChannels() + 2 * SCAN_BATCH + 1)
                .timeoutOptions(TimeoutOptions.enabled(settings.timeout()))
                .build());
        StatefulRedisConnection<String, String> pub = null;
        try {
            pub = client.connect();
            StatefulRedisPubSubConnection<String, String> sub = client.connectPubSub();
            ClusterBus bus = new ClusterBus(config.prefix(), redacted, settings, client, pub, sub);
            client.addListener(bus.new ConnectionLog());
            return bus;
        } catch (RuntimeException e) {
            if (pub != null) pub.close();
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
            throw new ClusterException(
                    Problem.REDIS_UNREACHABLE,
                    "cannot reach Redis at " + redacted + " (" + e.getClass().getSimpleName() + "); check that it"
                            + " runs and that cluster.redis is right",
                    null);
        }
    }

    /** The Redis channel of a relative name: {@code PREFIX:name}. */
    public String channel(String name) {
        return prefix + ":" + name;
    }

    /** The Redis key of a relative name: {@code PREFIX:name}. */
    private String key(String name) {
        return prefix + ":" + name;
    }

    /**
     * Publishes {@code payload} on {@code name}. The future completes with the number of subscribers Redis handed
     * it to (across the cluster), or fails with {@code [outgoing-full]}, {@code [redis-unreachable]} or
     * {@code [closed]}. Never blocks.
     */
    public CompletableFuture<Long> publish(String name, JsonNode payload) {
        if (closed.get()) return CompletableFuture.failedFuture(closedError());
        String text;
        try {
            text = JSON.writeValueAsString(payload);
        } catch (JsonProcessingException e) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("payload is not JSON", e));
        }
        if (outgoing.incrementAndGet() > settings.maxOutgoing()) {
            outgoing.decrementAndGet();
            return CompletableFuture.failedFuture(new ClusterException(
                    Problem.OUTGOING_FULL,
                    settings.maxOutgoing() + " publishes already wait for Redis at " + redacted + "; this one (to '"
                            + name + "') is refused"));
        }
        CompletableFuture<Long> result = new CompletableFuture<>();
        try {
            pub.async().publish(channel(name), text).whenComplete((receivers, failure) -> {
                outgoing.decrementAndGet();
                if (failure == null) {
                    result.complete(receivers);
                } else {
                    result.completeExceptionally(unreachable("publish to '" + name + "'", failure));
                }
            });
        } catch (RuntimeException e) {
            outgoing.decrementAndGet();
            result.completeExceptionally(unreachable("publish to '" + name + "'", e));
        }
        return result;
    }

    /**
     * Runs {@code handler} with every payload published on {@code name} from when the future completes (Redis has
     * confirmed the subscription) until the subscription is closed. Several handlers may share a channel; each gets
     * every message. A message that is not JSON is logged (its size, never its content) and skipped.
     */
    public CompletableFuture<Subscription> subscribe(String name, Consumer<JsonNode> handler) {
        if (closed.get()) return CompletableFuture.failedFuture(closedError());
        String full = channel(name);
        Channel[] created = new Channel[1];
        Channel channel;
        synchronized (channels) {
            channel = channels.get(full);
            if (channel == null) {
                if (channels.size() >= settings.maxChannels()) {
                    return CompletableFuture.failedFuture(new ClusterException(
                            Problem.TOO_MANY_CHANNELS,
                            "the bus already listens to " + settings.maxChannels() + " channels; '" + name
                                    + "' is refused"));
                }
                channel = new Channel(full);
                channels.put(full, channel);
                created[0] = channel;
            }
            channel.handlers.add(handler);
        }
        Channel c = channel;
        if (created[0] != null) {
            try {
                sub.async().subscribe(full).whenComplete((ok, failure) -> {
                    if (failure == null) {
                        c.subscribed.complete(null);
                    } else {
                        synchronized (channels) {
                            channels.remove(full, c);
                        }
                        c.subscribed.completeExceptionally(unreachable("subscribe to '" + name + "'", failure));
                    }
                });
            } catch (RuntimeException e) {
                synchronized (channels) {
                    channels.remove(full, c);
                }
                c.subscribed.completeExceptionally(unreachable("subscribe to '" + name + "'", e));
            }
        }
        return c.subscribed.thenApply(ok -> () -> unsubscribe(c, handler));
    }

    private void unsubscribe(Channel channel, Consumer<JsonNode> handler) {
        boolean last;
        synchronized (channels) {
            channel.handlers.remove(handler);
            last = channel.handlers.isEmpty() && channels.remove(channel.name, channel);
        }
        if (last && !closed.get()) {
            try {
                sub.async().unsubscribe(channel.name);
            } catch (RuntimeException e) {
                // disconnected: Lettuce resubscribes only the channels it still knows; nothing to undo
                LOG.debug("unsubscribe from {} while disconnected", channel.name, e);
            }
        }
    }

    /**
     * {@code then} runs on the bus's pool each time the connection to Redis is back after a loss: messages
     * published meanwhile were lost for this node's channels (pub/sub is at most once).
     */
    public void onReconnected(Runnable then) {
        onReconnected.add(then);
    }

    /** How {@link #set} treats a key that is there, or not. */
    public enum Condition {
        /** Set it either way. */
        ALWAYS,
        /** Set it only if it is not there (Redis's {@code NX}). */
        IF_ABSENT,
        /** Set it only if it is there (Redis's {@code XX}). */
        IF_PRESENT
    }

    /**
     * Sets the key {@code name} ({@code PREFIX:name}) to {@code value}, to expire after {@code ttl} (milliseconds).
     * The future completes with true when Redis set it, false when {@code condition} kept it from doing so, or fails
     * like {@link #publish} ({@code [outgoing-full]}, {@code [redis-unreachable]}, {@code [closed]}). Never blocks.
     */
    public CompletableFuture<Boolean> set(String name, String value, Duration ttl, Condition condition) {
        SetArgs args = new SetArgs().px(positive(ttl));
        if (condition == Condition.IF_ABSENT) args.nx();
        if (condition == Condition.IF_PRESENT) args.xx();
        return command("SET", () -> pub.async().set(key(name), value, args).thenApply("OK"::equals));
    }

    /**
     * Sets the time to live of the key {@code name} to {@code ttl}: true when the key was there (false: nothing was
     * done). Fails like {@link #set}; never blocks.
     */
    public CompletableFuture<Boolean> expire(String name, Duration ttl) {
        long millis = positive(ttl);
        return command("PEXPIRE", () -> pub.async().pexpire(key(name), millis));
    }

    /**
     * A key {@link #scan} found.
     *
     * @param name       its name without the prefix ({@code session:ID})
     * @param value      its value
     * @param leftMillis its time to live left in milliseconds; -1 when it has none
     */
    public record Entry(String name, String value, long leftMillis) {}

    /**
     * What {@link #scan} found.
     *
     * @param entries  the keys, in no particular order
     * @param complete false when the scan stopped at its {@code max}: more keys are there
     */
    public record Scan(List<Entry> entries, boolean complete) {}

    /**
     * The keys whose names start with {@code namePrefix}, with their values and times to live, at most {@code max}
     * of them. Redis's SCAN, {@link #SCAN_BATCH} keys a step (never KEYS: Redis serves others between the steps), so
     * it is no snapshot: a key there all along is found, one set or deleted meanwhile may or may not be. Holds one
     * place of the outgoing bound until it is done; fails like {@link #set}. Never blocks.
     */
    public CompletableFuture<Scan> scan(String namePrefix, int max) {
        if (max < 1) throw new IllegalArgumentException("max must be at least 1, not " + max);
        ScanArgs args = ScanArgs.Builder.matches(glob(key(namePrefix)) + "*").limit(SCAN_BATCH);
        return command("SCAN", () -> {
            CompletableFuture<Scan> done = new CompletableFuture<>();
            scanFrom(ScanCursor.INITIAL, args, max, new ArrayList<>(), done);
            return done;
        });
    }

    /** On Lettuce's event loop (after the first step): one step of a scan, then the next. */
    private void scanFrom(ScanCursor cursor, ScanArgs args, int max, List<Entry> found, CompletableFuture<Scan> done) {
        RedisAsyncCommands<String, String> redis = pub.async();
        redis.scan(cursor, args)
                .thenCompose(step -> {
                    List<String> keys = step.getKeys();
                    if (keys.isEmpty()) return CompletableFuture.completedFuture(step);
                    RedisFuture<List<KeyValue<String, String>>> values = redis.mget(keys.toArray(String[]::new));
                    List<CompletableFuture<Long>> ttls = new ArrayList<>(keys.size());
                    for (String key : keys) ttls.add(redis.pttl(key).toCompletableFuture());
                    return values.thenCombine(
                            CompletableFuture.allOf(ttls.toArray(CompletableFuture<?>[]::new)), (kvs, all) -> {
                                int cut = prefix.length() + 1;
                                for (int i = 0; i < kvs.size(); i++) {
                                    KeyValue<String, String> kv = kvs.get(i);
                                    long left = ttls.get(i).join();
                                    // gone since the SCAN (no value, or PTTL's -2): left out
                                    if (!kv.hasValue() || left == -2) continue;
                                    found.add(new Entry(kv.getKey().substring(cut), kv.getValue(), left));
                                }
                                return step;
                            });
                })
                .whenComplete((KeyScanCursor<String> step, Throwable failure) -> {
                    if (failure != null) {
                        done.completeExceptionally(failure);
                    } else if (found.size() > max) {
                        done.complete(new Scan(List.copyOf(found.subList(0, max)), false));
                    } else if (step.isFinished()) {
                        done.complete(new Scan(List.copyOf(found), true));
                    } else if (closed.get()) {
                        done.completeExceptionally(closedError());
                    } else {
                        try {
                            scanFrom(step, args, max, found, done);
                        } catch (RuntimeException e) {
                            done.completeExceptionally(e);
                        }
                    }
                });
    }

    /**
     * One key command: counted against {@link Settings#maxOutgoing()} (with the publishes) until it completes, its
     * failure said as {@code [redis-unreachable] WHAT failed: ...}.
     */
    private <T> CompletableFuture<T> command(String what, Supplier<CompletionStage<T>> send) {
        if (closed.get()) return CompletableFuture.failedFuture(closedError());
        if (outgoing.incrementAndGet() > settings.maxOutgoing()) {
            outgoing.decrementAndGet();
            return CompletableFuture.failedFuture(new ClusterException(
                    Problem.OUTGOING_FULL,
                    settings.maxOutgoing() + " commands already wait for Redis at " + redacted + "; this " + what
                            + " is refused"));
        }
        CompletableFuture<T> result = new CompletableFuture<>();
        try {
            send.get().whenComplete((value, failure) -> {
                outgoing.decrementAndGet();
                if (failure == null) {
                    result.complete(value);
                } else {
                    result.completeExceptionally(unreachable(what, failure));
                }
            });
        } catch (RuntimeException e) {
            outgoing.decrementAndGet();
            result.completeExceptionally(unreachable(what, e));
        }
        return result;
    }

    private static long positive(Duration ttl) {
        if (ttl.toMillis() < 1) throw new IllegalArgumentException("a time to live must be at least 1 ms, not " + ttl);
        return ttl.toMillis();
    }

    /** {@code text} with Redis's glob characters escaped, to match itself. */
    static String glob(String text) {
        StringBuilder b = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            if (c == '*' || c == '?' || c == '[' || c == ']' || c == '\\') b.append('\\');
            b.append(c);
        }
        return b.toString();
    }

    /** True unless the bus knows its connection to Redis is down (it is then reconnecting). */
    public boolean connected() {
        return connected && !closed.get();
    }

    /** Messages dropped because their channel's handlers were {@link Settings#maxIncoming()} behind. */
    public long dropped() {
        return dropped.get();
    }

    /** Closes the connections and stops the handlers' pool (waiting a little for the handlers running). */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) return;
        try {
            sub.close();
            pub.close();
        } finally {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
            handlers.shutdown();
            try {
                handlers.awaitTermination(2, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            handlers.shutdownNow();
        }
    }

    /** On Lettuce's event loop: queue the message for the channel's handlers, never run them here. */
    private void received(String full, String message) {
        Channel channel = channels.get(full);
        if (channel == null) return; // unsubscribed meanwhile
        if (!channel.queue.offer(message)) {
            long n = dropped.incrementAndGet();
            if (n == 1 || n % 1000 == 0) {
                LOG.warn(
                        "cluster bus: the handlers of {} are {} messages behind; dropped a message ({} dropped so"
                                + " far)",
                        full,
                        settings.maxIncoming(),
                        n);
            }
            return;
        }
        channel.schedule();
    }

    private ClusterException unreachable(String what, Throwable failure) {
        if (closed.get()) return closedError();
        Throwable cause = failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null
                ? failure.getCause()
                : failure;
        return new ClusterException(
                Problem.REDIS_UNREACHABLE,
                what + " failed: Redis at " + redacted + " did not take it ("
                        + cause.getClass().getSimpleName() + (connected ? "" : "; reconnecting") + ")",
                null);
    }

    private ClusterException closedError() {
        return new ClusterException(Problem.CLOSED, "the cluster bus is closed");
    }

    /** A subscription of one handler to one channel; closing it stops the handler's messages. */
    @FunctionalInterface
    public interface Subscription extends AutoCloseable {
        @Override
        void close();
    }

    /** One subscribed channel: its handlers, its bounded queue, and whether a drain is scheduled. */
    private final class Channel {
        final String name;
        final List<Consumer<JsonNode>> handlers = new CopyOnWriteArrayList<>();
        final ArrayBlockingQueue<String> queue = new ArrayBlockingQueue<>(settings.maxIncoming());
        final AtomicBoolean scheduled = new AtomicBoolean();
        final CompletableFuture<Void> subscribed = new CompletableFuture<>();

        Channel(String name) {
            this.name = name;
        }

        void schedule() {
            if (!scheduled.compareAndSet(false, true)) return;
            try {
                ClusterBus.this.handlers.execute(this::drain);
            } catch (RejectedExecutionException e) {
                scheduled.set(false); // closed: the messages stay unread
            }
        }

        /** On the pool: up to {@link #BATCH} messages, in order; then gives the thread to the next channel. */
        private void drain() {
            for (int i = 0; i < BATCH; i++) {
                String message = queue.poll();
                if (message == null) break;
                deliver(message);
            }
            scheduled.set(false);
            if (!queue.isEmpty()) schedule();
        }

        private void deliver(String message) {
            JsonNode payload;
            try {
                payload = JSON.readTree(message);
            } catch (JsonProcessingException e) {
                LOG.warn("cluster bus: a message of {} characters on {} is not JSON; skipped", message.length(), name);
                return;
            }
            for (Consumer<JsonNode> handler : handlers) {
                try {
                    handler.accept(payload);
                } catch (RuntimeException e) {
                    LOG.error("cluster bus: a handler of {} ({}) threw; the next message goes on", name, handler, e);
                }
            }
        }
    }

    /** Logs the connection's losses and returns, once each; Lettuce's own threads call it. */
    private final class ConnectionLog implements RedisConnectionStateListener {
        @Override
        public void onRedisConnected(io.lettuce.core.RedisChannelHandler<?, ?> connection, SocketAddress address) {
            if (!connected) {
                connected = true;
                LOG.info("cluster bus: Redis at {} is back; channels subscribed again", redacted);
                for (Runnable r : onReconnected) {
                    try {
                        handlers.execute(r);
                    } catch (RuntimeException e) {
                        LOG.warn("cluster bus: cannot tell that Redis is back: {}", e.toString());
                    }
                }
            }
        }

        @Override
        public void onRedisDisconnected(io.lettuce.core.RedisChannelHandler<?, ?> connection) {
            if (connected && !closed.get()) {
                connected = false;
                LOG.warn("cluster bus: lost Redis at {}; reconnecting (publishes fail until it is back)", redacted);
            }
        }

        @Override
        public void onRedisExceptionCaught(io.lettuce.core.RedisChannelHandler<?, ?> connection, Throwable cause) {
            LOG.debug("cluster bus: Redis connection error", cause);
        }
    }
}
