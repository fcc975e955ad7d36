package dev.handoff.desk.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.corundumstudio.socketio.SocketIOClient;
import com.fasterxml.jackson.databind.JsonNode;
import dev.handoff.desk.cluster.ClusterBus;
import dev.handoff.desk.cluster.SharedConsoleSessions;
import dev.handoff.desk.config.ClusterConfig;
import dev.handoff.desk.support.LogCapture;
import dev.handoff.desk.support.RedisProcess;
import io.lettuce.core.RedisClient;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cluster mode's console sessions: two or three nodes' {@link ConsoleSessions} on one real Redis (the machine's, a
 * prefix per test; or one of the test's own that it kills), each with a clock of its own for the idle time.
 */
@Timeout(90)
class SharedSessionsTest {
    static final String MACHINE_REDIS = "redis://127.0.0.1:6379/0";
    private static final Duration WAIT = Duration.ofSeconds(30);
    /** Syncs rarely: what a node knows within a test comes from the messages. */
    private static final SharedConsoleSessions.Settings MESSAGES_ONLY = new SharedConsoleSessions.Settings(
            ConsoleSessions.IDLE, ConsoleSessions.MAX_SESSIONS, Duration.ofMillis(100), Duration.ofHours(1));
    /** Syncs often: what a node missed is made up for within a test. */
    private static final SharedConsoleSessions.Settings SYNCING = new SharedConsoleSessions.Settings(
            ConsoleSessions.IDLE, ConsoleSessions.MAX_SESSIONS, Duration.ofMillis(100), Duration.ofMillis(200));

    @TempDir
    Path dir;

    private final String prefix = "test-sessions-" + UUID.randomUUID();
    private final List<AutoCloseable> closing = new ArrayList<>();
    private final AtomicLong clockA = new AtomicLong();
    private final AtomicLong clockB = new AtomicLong();

    @AfterEach
    void closeAll() throws Exception {
        for (int i = closing.size() - 1; i >= 0; i--) closing.get(i).close();
        try (Redis redis = new Redis(MACHINE_REDIS)) {
            redis.deleteAll(prefix);
        }
    }

    private ClusterBus bus(String url, String node) {
        ClusterBus bus = ClusterBus.connect(new ClusterConfig(url, node, prefix), ClusterBus.Settings.DEFAULT);
        closing.add(bus);
        return bus;
    }

    private ConsoleSessions node(String url, String name, SharedConsoleSessions.Settings settings, AtomicLong clock) {
        ConsoleSessions sessions = SharedSessions.open(bus(url, name), settings, clock::get);
        closing.add(sessions);
        return sessions;
    }

    private ConsoleSessions node(String name, SharedConsoleSessions.Settings settings, AtomicLong clock) {
        return node(MACHINE_REDIS, name, settings, clock);
    }

    @Test
    void aSessionSignedInOnOneNodeIsSignedInOnAnotherAndOnNoDeskOfAnotherPrefix() throws Exception {
        ConsoleSessions a = node("a", MESSAGES_ONLY, clockA);
        ConsoleSessions b = node("b", MESSAGES_ONLY, clockB);
        ClusterBus otherBus = ClusterBus.connect(
                new ClusterConfig(MACHINE_REDIS, "o", prefix + "-other"), ClusterBus.Settings.DEFAULT);
        closing.add(otherBus);
        ConsoleSessions other = SharedSessions.open(otherBus, MESSAGES_ONLY, clockB::get);
        closing.add(other);

        String id = start(a, "ann");
        eventually("node b takes node a's sign-in", () -> b.agentOf(id).isPresent());
        assertThat(b.agentOf(id)).hasValue("ann");
        assertThat(a.agentOf(id)).hasValue("ann");
        SocketIOClient socket = client(new AtomicInteger());
        assertThat(b.attach(id, socket)).as("an /agents socket on node b").isTrue();
        assertThat(other.agentOf(id)).as("another desk on the same Redis").isEmpty();
    }

    @Test
    void signingOutOnOneNodeEndsTheSessionEverywhereAndDisconnectsItsSocketsOnTheOthers() throws Exception {
        ConsoleSessions a = node("a", MESSAGES_ONLY, clockA);
        ConsoleSessions b = node("b", MESSAGES_ONLY, clockB);
        String id = start(a, "ann");
        eventually("node b takes the sign-in", () -> b.agentOf(id).isPresent());
        AtomicInteger closedOnA = new AtomicInteger();
        AtomicInteger closedOnB = new AtomicInteger();
        SocketIOClient onA = client(closedOnA);
        SocketIOClient onB = client(closedOnB);
        assertThat(a.attach(id, onA)).isTrue();
        assertThat(b.attach(id, onB)).isTrue();

        assertThat(b.end(id)).as("node b's own, for its sign-in to close").containsExactly(onB);
        eventually("node a closes the session's socket", () -> closedOnA.get() == 1);
        assertThat(a.agentOf(id)).isEmpty();
        assertThat(a.attach(id, client(new AtomicInteger()))).isFalse();
        assertThat(b.agentOf(id)).isEmpty();
        assertThat(closedOnB).as("the caller closes node b's").hasValue(0);
    }

    @Test
    void redisAndTheMessagesHoldTheHashOfASessionIdNeverTheId() throws Exception {
        ClusterBus listener = bus(MACHINE_REDIS, "listener");
        BlockingQueue<JsonNode> messages = new LinkedBlockingQueue<>();
        listener.subscribe("sessions", messages::add).get(10, TimeUnit.SECONDS);
        ConsoleSessions a = node("a", MESSAGES_ONLY, clockA);
        ConsoleSessions b = node("b", SYNCING, clockB);

        String id = start(a, "ann");
        eventually("node b takes the sign-in", () -> b.agentOf(id).isPresent());
        b.attach(id, client(new AtomicInteger()));
        String key = sha256(id);
        Map<String, String> live;
        try (Redis redis = new Redis(MACHINE_REDIS)) {
            live = redis.all(prefix);
        }
        a.end(id);
        eventually("node b takes the sign-out", () -> b.agentOf(id).isEmpty());
        Map<String, String> ended;
        try (Redis redis = new Redis(MACHINE_REDIS)) {
            ended = redis.all(prefix);
        }

        assertThat(live).containsExactly(Map.entry(prefix + ":session:" + key, "ann"));
        assertThat(ended).as("a tombstone").containsExactly(Map.entry(prefix + ":session:" + key, ""));
        List<String> heard = new ArrayList<>();
        for (JsonNode m = messages.poll(1, TimeUnit.SECONDS); m != null; m = messages.poll(1, TimeUnit.SECONDS)) {
            heard.add(m.toString());
        }
        assertThat(heard).hasSizeGreaterThanOrEqualTo(2).noneMatch(m -> m.contains(id));
        assertThat(heard.get(0)).contains("\"started\":\"" + key + "\"", "\"agent\":\"ann\"");
        assertThat(heard).anyMatch(m -> m.contains("\"ended\":\"" + key + "\""));
        assertThat(String.join("\n", live.keySet()) + live.values() + ended.keySet() + ended.values())
                .doesNotContain(id);
    }

    @Test
    void aNodeThatStartsLaterLoadsTheLiveSessionsAndNotTheSignedOutOnes() throws Exception {
        ConsoleSessions a = node("a", MESSAGES_ONLY, clockA);
        String ann = start(a, "ann");
        String bob = start(a, "bob");
        a.end(bob);
        // a's commands go in order on one connection: once this sign-in is answered, bob's tombstone is in Redis
        start(a, "carol");

        ConsoleSessions late = node("late", MESSAGES_ONLY, clockB);
        assertThat(late.agentOf(ann)).as("loaded as the node started").hasValue("ann");
        assertThat(late.agentOf(bob)).isEmpty();
    }

    @Test
    void aSignInOrSignOutANodeMissedIsMadeUpForAtItsNextSync() throws Exception {
        ConsoleSessions b = node("b", SYNCING, clockB);
        String ann = "a-session-started-while-node-b-heard-nothing";
        String bob = "a-session-ended-while-node-b-heard-nothing";
        b.startedElsewhere(sha256(bob), "bob");
        AtomicInteger closed = new AtomicInteger();
        assertThat(b.attach(bob, client(closed))).isTrue();
        try (Redis redis = new Redis(MACHINE_REDIS)) {
            redis.set(prefix + ":session:" + sha256(ann), "ann", Duration.ofHours(12));
            redis.set(prefix + ":session:" + sha256(bob), "", Duration.ofHours(12));
        }
        eventually("node b finds the sign-in in Redis", () -> b.agentOf(ann).isPresent());
        eventually("node b finds the sign-out in Redis", () -> closed.get() == 1);
        assertThat(b.agentOf(bob)).isEmpty();
    }

    @Test
    void aSessionInUseOnAnotherNodeStaysAliveHereAndOneRedisReckonsIdleGoesIdleHere() throws Exception {
        ConsoleSessions a = node("a", MESSAGES_ONLY, clockA);
        ConsoleSessions b = node("b", SYNCING, clockB);
        String id = start(a, "ann");
        eventually("node b takes the sign-in", () -> b.agentOf(id).isPresent());

        // eleven hours pass on node b without a request there; on node a, ann's session is in use (Redis's time
        // to live is renewed by a's syncs; here it has not even run down)
        clockB.addAndGet(Duration.ofHours(11).toNanos());
        synced(b);
        clockB.addAndGet(Duration.ofHours(2).toNanos());
        assertThat(b.agentOf(id))
                .as("13 h after its last use here, but in use elsewhere")
                .hasValue("ann");

        // dave's session has a minute left by Redis's reckoning; then Redis lets it go
        String dave = "a-session-with-a-minute-left";
        try (Redis redis = new Redis(MACHINE_REDIS)) {
            redis.set(prefix + ":session:" + sha256(dave), "dave", Duration.ofMinutes(1));
            synced(b);
            redis.delete(prefix + ":session:" + sha256(dave));
        }
        synced(b);
        assertThat(b.agentOfKey(sha256(dave)))
                .as("a minute left (looked at, not used)")
                .isEqualTo("dave");
        clockB.addAndGet(Duration.ofMinutes(2).toNanos());
        assertThat(b.agentOf(dave)).as("idle by Redis's reckoning").isEmpty();
    }

    @Test
    void aMadeUpCookieSignedOutLeavesNothingInRedis() throws Exception {
        ConsoleSessions b = node("b", MESSAGES_ONLY, clockB);
        String madeUp = "made-up-cookie";
        assertThat(b.end(madeUp)).isEmpty();
        // b's commands go in order on one connection: once this sign-in is answered, the sign-out was served
        String ann = start(b, "ann");
        try (Redis redis = new Redis(MACHINE_REDIS)) {
            assertThat(redis.all(prefix)).containsOnlyKeys(prefix + ":session:" + sha256(ann));
        }
    }

    @Test
    void whileRedisIsDownSignInsWorkOnTheirNodeAndAfterItIsBackTheyAndTheSignOutsReachTheOthers() throws Exception {
        try (RedisProcess redis = RedisProcess.start(dir.resolve("redis.log"));
                LogCapture log = LogCapture.of(SharedConsoleSessions.class.getName())) {
            ConsoleSessions a = node(redis.url(), "a", SYNCING, clockA);
            ConsoleSessions b = node(redis.url(), "b", SYNCING, clockB);
            String ann = start(a, "ann");
            eventually("node b takes the sign-in", () -> b.agentOf(ann).isPresent());

            redis.kill();
            String bob = start(a, "bob");
            String carol = start(a, "carol");
            assertThat(a.agentOf(bob)).as("on node a alone").hasValue("bob");
            assertThat(a.attach(carol, client(new AtomicInteger()))).isTrue();
            assertThat(a.end(ann)).isEmpty();
            assertThat(a.agentOf(ann)).isEmpty();
            assertThat(b.agentOf(bob)).isEmpty();
            assertThat(b.agentOf(ann)).as("the sign-out has not reached node b").hasValue("ann");
            assertThat(log.awaitWarning("cannot share them through Redis"))
                    .contains("[redis-unreachable]", "a sign-in on this node works on this node alone");

            redis.startAgain(); // empty: Redis lost what it had
            eventually("node b takes the sign-ins made meanwhile", () -> b.agentOf(bob)
                    .isPresent());
            eventually("node b takes the sign-out made meanwhile", () -> b.agentOf(ann)
                    .isEmpty());
            eventually("node b takes the session held by a socket", () -> b.agentOf(carol)
                    .isPresent());
            assertThat(a.agentOf(bob)).hasValue("bob");
            assertThat(log.messages())
                    .as("logged once by each node at most")
                    .filteredOn(m -> m.contains("cannot share them through Redis"))
                    .hasSizeBetween(1, 2);
        }
    }

    /** Waits until {@code node} has applied a whole sync that began after this call. */
    private void synced(ConsoleSessions node) throws Exception {
        try (Redis redis = new Redis(MACHINE_REDIS)) {
            for (int i = 0; i < 2; i++) {
                String marker = "marker-" + UUID.randomUUID();
                redis.set(prefix + ":session:" + sha256(marker), "marker", Duration.ofHours(12));
                eventually("a sync", () -> node.agentOf(marker).isPresent());
            }
        }
    }

    private static String start(ConsoleSessions sessions, String agent) throws Exception {
        return sessions.start(agent).toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    private static void eventually(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime())
                    .as(what + " within " + WAIT.toSeconds() + " s")
                    .isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    static String sha256(String id) throws Exception {
        return HexFormat.of()
                .formatHex(MessageDigest.getInstance("SHA-256").digest(id.getBytes(StandardCharsets.UTF_8)));
    }

    /** A socket that counts its disconnects. */
    private static SocketIOClient client(AtomicInteger disconnects) {
        return (SocketIOClient) Proxy.newProxyInstance(
                SocketIOClient.class.getClassLoader(), new Class<?>[] {SocketIOClient.class}, (proxy, method, args) -> {
                    switch (method.getName()) {
                        case "hashCode":
                            return System.identityHashCode(proxy);
                        case "equals":
                            return proxy == args[0];
                        case "toString":
                            return "client";
                        case "disconnect":
                            disconnects.incrementAndGet();
                            return null;
                        default:
                            throw new UnsupportedOperationException(method.getName());
                    }
                });
    }

    /** The test's own look at Redis, with Lettuce's blocking calls. */
    private static final class Redis implements AutoCloseable {
        private final RedisClient client;
        private final StatefulRedisConnection<String, String> connection;

        Redis(String url) {
            client = RedisClient.create(url);
            connection = client.connect();
        }

        void delete(String key) {
            connection.sync().del(key);
        }

        void set(String key, String value, Duration ttl) {
            connection.sync().set(key, value, SetArgs.Builder.px(ttl));
        }

        /** Every key under {@code prefix:} with its value. */
        Map<String, String> all(String prefix) {
            Map<String, String> all = new LinkedHashMap<>();
            for (String key : connection.sync().keys(prefix + ":*"))
                all.put(key, connection.sync().get(key));
            return all;
        }

        void deleteAll(String prefix) {
            List<String> keys = connection.sync().keys(prefix + ":*");
            if (!keys.isEmpty()) connection.sync().del(keys.toArray(String[]::new));
        }

        @Override
        public void close() {
            connection.close();
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
    }
}
