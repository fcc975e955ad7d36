package dev.handoff.desk.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.handoff.desk.config.ClusterConfig;
import dev.handoff.desk.support.RedisProcess;
import dev.handoff.desk.support.Sockets;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The cluster's pub/sub on a real Redis: the machine's (a prefix per test), or one of the test's own that it kills. */
@Timeout(60)
class ClusterBusTest {
    static final String MACHINE_REDIS = "redis://127.0.0.1:6379/0";
    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    private final String prefix = "test-" + UUID.randomUUID();
    private final List<AutoCloseable> closing = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (int i = closing.size() - 1; i >= 0; i--) closing.get(i).close();
        ClusterRig.deleteKeys(prefix);
    }

    private ClusterBus bus(String url, ClusterBus.Settings settings) {
        ClusterBus bus = ClusterBus.connect(new ClusterConfig(url, "n", prefix), settings);
        closing.add(bus);
        return bus;
    }

    private ClusterBus bus() {
        return bus(MACHINE_REDIS, ClusterBus.Settings.DEFAULT);
    }

    static JsonNode json(int n) {
        return JsonNodeFactory.instance.objectNode().put("n", n);
    }

    private static <T> T get(CompletableFuture<T> future) throws Exception {
        return future.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    @Test
    void everySubscriberOfAChannelGetsItsMessagesInOrderOnTheBusThreadsAndNoOtherPrefixHearsThem() throws Exception {
        ClusterBus a = bus();
        ClusterBus b = bus();
        ClusterBus other = ClusterBus.connect(
                new ClusterConfig(MACHINE_REDIS, "n", prefix + "-other"), ClusterBus.Settings.DEFAULT);
        closing.add(other);
        BlockingQueue<Integer> first = new LinkedBlockingQueue<>();
        BlockingQueue<Integer> second = new LinkedBlockingQueue<>();
        BlockingQueue<String> threads = new LinkedBlockingQueue<>();
        BlockingQueue<JsonNode> elsewhere = new LinkedBlockingQueue<>();
        get(b.subscribe("all", m -> {
            first.add(m.get("n").asInt());
            threads.add(Thread.currentThread().getName());
        }));
        get(b.subscribe("all", m -> second.add(m.get("n").asInt())));
        get(other.subscribe("all", elsewhere::add));

        for (int i = 0; i < 200; i++) a.publish("all", json(i));
        List<Integer> got = new ArrayList<>();
        List<Integer> got2 = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            got.add(first.poll(WAIT.toSeconds(), TimeUnit.SECONDS));
            got2.add(second.poll(WAIT.toSeconds(), TimeUnit.SECONDS));
        }
        List<Integer> expected =
                java.util.stream.IntStream.range(0, 200).boxed().toList();
        assertThat(got).isEqualTo(expected);
        assertThat(got2).isEqualTo(expected);
        assertThat(threads).allMatch(t -> t.startsWith("cluster-bus-"));
        assertThat(b.channel("all")).isEqualTo(prefix + ":all");
        // the other prefix's channel had a subscriber all along, and heard nothing
        assertThat(get(a.publish("all", json(-1)))).isEqualTo(1L);
        assertThat(elsewhere).isEmpty();
    }

    @Test
    void aHandlerThatThrowsOrAMessageThatIsNotJsonDoesNotStopTheNextMessage() throws Exception {
        ClusterBus bus = bus();
        BlockingQueue<Integer> got = new LinkedBlockingQueue<>();
        get(bus.subscribe("x", m -> {
            if (m.get("n").asInt() == 1) throw new IllegalStateException("handler bug");
            got.add(m.get("n").asInt());
        }));
        bus.publish("x", json(1));
        rawPublish(6379, bus.channel("x"), "not json {");
        bus.publish("x", json(2));
        assertThat(got.poll(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(2);
    }

    @Test
    void aClosedSubscriptionGetsNothingMore() throws Exception {
        ClusterBus bus = bus();
        BlockingQueue<Integer> closed = new LinkedBlockingQueue<>();
        BlockingQueue<Integer> open = new LinkedBlockingQueue<>();
        ClusterBus.Subscription s =
                get(bus.subscribe("x", m -> closed.add(m.get("n").asInt())));
        get(bus.subscribe("x", m -> open.add(m.get("n").asInt())));
        s.close();
        bus.publish("x", json(7));
        assertThat(open.poll(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(7);
        assertThat(closed).isEmpty();
    }

    @Test
    void aChannelWhoseHandlersFallBehindDropsWhatDoesNotFitCountsItAndGoesOn() throws Exception {
        ClusterBus bus = bus(MACHINE_REDIS, new ClusterBus.Settings(1, 100, 3, 10, Duration.ofSeconds(5)));
        CountDownLatch release = new CountDownLatch(1);
        BlockingQueue<Integer> got = new LinkedBlockingQueue<>();
        get(bus.subscribe("slow", m -> {
            got.add(m.get("n").asInt());
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }));
        // the handler holds the first message; three wait behind it; sixteen do not fit
        get(bus.publish("slow", json(0)));
        assertThat(got.poll(WAIT.toSeconds(), TimeUnit.SECONDS)).isZero();
        for (int i = 1; i < 20; i++) get(bus.publish("slow", json(i)));
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (bus.dropped() < 16 && System.nanoTime() < deadline) Thread.sleep(10);
        assertThat(bus.dropped()).isEqualTo(16);
        release.countDown();
        // the channel goes on: a later message is delivered once the handlers caught up
        List<Integer> delivered = new ArrayList<>();
        for (int marker = 100; delivered.isEmpty() || delivered.get(delivered.size() - 1) < 100; marker++) {
            get(bus.publish("slow", json(marker)));
            for (Integer n = got.poll(100, TimeUnit.MILLISECONDS);
                    n != null;
                    n = got.poll(100, TimeUnit.MILLISECONDS)) {
                delivered.add(n);
            }
            assertThat(marker)
                    .as("a message got through after the handlers caught up")
                    .isLessThan(200);
        }
        assertThat(delivered.subList(0, 3)).containsExactly(1, 2, 3);
        assertThat(delivered).isSorted().doesNotHaveDuplicates();
    }

    @Test
    void publishesPastTheOutgoingBoundAreRefusedWithAClearError() throws Exception {
        try (RedisProcess redis = RedisProcess.start(dir.resolve("redis.log"))) {
            ClusterBus bus = bus(redis.url(), new ClusterBus.Settings(1, 3, 10, 10, Duration.ofSeconds(10)));
            // Redis holds every write (PUBLISH included) for two seconds: the publishes wait in the bus
            assertThat(raw(redis.port(), "CLIENT", "PAUSE", "2000", "WRITE")).startsWith("+OK");
            List<CompletableFuture<Long>> waiting = new ArrayList<>();
            for (int i = 0; i < 3; i++) waiting.add(bus.publish("x", json(i)));
            assertThatThrownBy(() -> get(bus.publish("x", json(3))))
                    .hasCauseInstanceOf(ClusterException.class)
                    .cause()
                    .hasMessage("[outgoing-full] 3 publishes already wait for Redis at " + redis.url()
                            + "; this one (to 'x') is refused");
            for (CompletableFuture<Long> w : waiting) assertThat(get(w)).isZero();
            assertThat(get(bus.publish("x", json(4)))).isZero();
        }
    }

    @Test
    void theBusReconnectsAndSubscribesAgainAfterRedisIsKilledAndRestartedOnItsPort() throws Exception {
        try (RedisProcess redis = RedisProcess.start(dir.resolve("redis.log"))) {
            ClusterBus a = bus(redis.url(), ClusterBus.Settings.DEFAULT);
            ClusterBus b = bus(redis.url(), ClusterBus.Settings.DEFAULT);
            BlockingQueue<Integer> got = new LinkedBlockingQueue<>();
            get(b.subscribe("all", m -> got.add(m.get("n").asInt())));
            a.publish("all", json(1));
            assertThat(got.poll(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(1);

            redis.kill();
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (a.connected() && System.nanoTime() < deadline) Thread.sleep(10);
            assertThatThrownBy(() -> get(a.publish("all", json(2))))
                    .cause()
                    .isInstanceOf(ClusterException.class)
                    .hasMessageStartingWith("[redis-unreachable] publish to 'all' failed: Redis at " + redis.url());

            redis.startAgain();
            // Lettuce reconnects with a backoff; until b has subscribed again, a message finds no subscriber
            deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            Integer heard = null;
            for (int n = 3; heard == null; n++) {
                assertThat(System.nanoTime()).as("resubscribed within 30 s").isLessThan(deadline);
                try {
                    a.publish("all", json(n)).get(5, TimeUnit.SECONDS);
                } catch (ExecutionException notYet) {
                    // a has not reconnected yet
                }
                heard = got.poll(200, TimeUnit.MILLISECONDS);
            }
            assertThat(heard).isGreaterThanOrEqualTo(3);
            assertThat(a.connected()).isTrue();
        }
    }

    @Test
    void aRedisThatDoesNotAnswerIsAClearErrorWithoutThePassword() {
        int port = Sockets.freePort();
        assertThatThrownBy(() -> ClusterBus.connect(
                        new ClusterConfig("redis://:s3cret@127.0.0.1:" + port + "/0", "n", prefix),
                        new ClusterBus.Settings(1, 10, 10, 10, Duration.ofSeconds(2))))
                .isInstanceOf(ClusterException.class)
                .hasMessageStartingWith(
                        "[redis-unreachable] cannot reach Redis at redis://***@127.0.0.1:" + port + "/0 (")
                .hasMessageNotContaining("s3cret")
                .hasNoCause();
    }

    @Test
    void aKeyIsSetUnderThePrefixWithItsTimeToLiveOnlyAsItsConditionSays() throws Exception {
        ClusterBus bus = bus();
        Duration ttl = Duration.ofMinutes(1);
        assertThat(get(bus.set("k:a", "one", ttl, ClusterBus.Condition.ALWAYS))).isTrue();
        assertThat(get(bus.set("k:a", "two", ttl, ClusterBus.Condition.IF_ABSENT)))
                .as("NX: there already")
                .isFalse();
        assertThat(get(bus.set("k:b", "two", ttl, ClusterBus.Condition.IF_PRESENT)))
                .as("XX: not there")
                .isFalse();
        assertThat(get(bus.set("k:a", "three", ttl, ClusterBus.Condition.IF_PRESENT)))
                .isTrue();
        assertThat(get(bus.set("k:c", "four", ttl, ClusterBus.Condition.IF_ABSENT)))
                .isTrue();
        assertThat(rawBulk(6379, "GET", prefix + ":k:a")).isEqualTo("three");
        assertThat(rawBulk(6379, "GET", prefix + ":k:b")).isNull();
        assertThat(rawBulk(6379, "GET", prefix + ":k:c")).isEqualTo("four");
        long left = Long.parseLong(raw(6379, "PTTL", prefix + ":k:a").substring(1));
        assertThat(left).isBetween(1L, ttl.toMillis());

        assertThat(get(bus.expire("k:a", Duration.ofHours(2)))).isTrue();
        assertThat(Long.parseLong(raw(6379, "PTTL", prefix + ":k:a").substring(1)))
                .isGreaterThan(ttl.toMillis());
        assertThat(get(bus.expire("k:b", Duration.ofHours(2)))).as("not there").isFalse();
        assertThat(rawBulk(6379, "GET", prefix + ":k:b")).isNull();
    }

    @Test
    void aScanFindsTheKeysUnderANameWithValuesAndTimesLeftAndSaysWhenItStoppedAtItsMax() throws Exception {
        ClusterBus bus = bus();
        Duration ttl = Duration.ofMinutes(1);
        List<CompletableFuture<Boolean>> sets = new ArrayList<>();
        for (int i = 0; i < 250; i++) sets.add(bus.set("s:" + i, "v" + i, ttl, ClusterBus.Condition.ALWAYS));
        sets.add(bus.set("other:1", "x", ttl, ClusterBus.Condition.ALWAYS));
        sets.add(bus.set("s*x", "glob", ttl, ClusterBus.Condition.ALWAYS));
        sets.add(bus.set("sax", "not glob", ttl, ClusterBus.Condition.ALWAYS));
        for (CompletableFuture<Boolean> s : sets) assertThat(get(s)).isTrue();
        assertThat(raw(6379, "SET", prefix + ":s:forever", "v")).isEqualTo("+OK");

        ClusterBus.Scan all = get(bus.scan("s:", 1000));
        assertThat(all.complete()).isTrue();
        assertThat(all.entries()).hasSize(251);
        for (ClusterBus.Entry e : all.entries()) {
            if (e.name().equals("s:forever")) {
                assertThat(e.leftMillis()).as("no time to live").isEqualTo(-1);
                continue;
            }
            assertThat(e.value()).isEqualTo("v" + e.name().substring(2));
            assertThat(e.leftMillis()).isBetween(1L, ttl.toMillis());
        }

        ClusterBus.Scan some = get(bus.scan("s:", 100));
        assertThat(some.complete()).isFalse();
        assertThat(some.entries()).hasSize(100);

        ClusterBus.Scan glob = get(bus.scan("s*", 10));
        assertThat(glob.entries())
                .as("a name's glob characters match themselves")
                .extracting(ClusterBus.Entry::name)
                .containsExactly("s*x");
    }

    @Test
    void keyCommandsPastTheOutgoingBoundAreRefusedAndFailClearlyWhileRedisIsDown() throws Exception {
        try (RedisProcess redis = RedisProcess.start(dir.resolve("redis.log"))) {
            ClusterBus bus = bus(redis.url(), new ClusterBus.Settings(1, 3, 10, 10, Duration.ofSeconds(10)));
            Duration ttl = Duration.ofMinutes(1);
            assertThat(raw(redis.port(), "CLIENT", "PAUSE", "2000", "WRITE")).startsWith("+OK");
            List<CompletableFuture<Boolean>> waiting = new ArrayList<>();
            for (int i = 0; i < 3; i++) waiting.add(bus.set("k:" + i, "v", ttl, ClusterBus.Condition.ALWAYS));
            assertThatThrownBy(() -> get(bus.expire("k:0", ttl)))
                    .cause()
                    .isInstanceOf(ClusterException.class)
                    .hasMessage("[outgoing-full] 3 commands already wait for Redis at " + redis.url()
                            + "; this PEXPIRE is refused");
            for (CompletableFuture<Boolean> w : waiting) assertThat(get(w)).isTrue();
            assertThat(get(bus.expire("k:0", ttl))).isTrue();

            redis.kill();
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (bus.connected() && System.nanoTime() < deadline) Thread.sleep(10);
            assertThatThrownBy(() -> get(bus.set("k:0", "v", ttl, ClusterBus.Condition.ALWAYS)))
                    .cause()
                    .isInstanceOf(ClusterException.class)
                    .hasMessageStartingWith("[redis-unreachable] SET failed: Redis at " + redis.url());
            assertThatThrownBy(() -> get(bus.scan("k:", 10)))
                    .cause()
                    .isInstanceOf(ClusterException.class)
                    .hasMessageStartingWith("[redis-unreachable] SCAN failed: Redis at " + redis.url());

            redis.startAgain();
            deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (true) {
                assertThat(System.nanoTime()).as("reconnected within 30 s").isLessThan(deadline);
                try {
                    assertThat(bus.set("k:0", "back", ttl, ClusterBus.Condition.ALWAYS)
                                    .get(5, TimeUnit.SECONDS))
                            .isTrue();
                    break;
                } catch (ExecutionException notYet) {
                    Thread.sleep(100);
                }
            }
            assertThat(get(bus.scan("k:", 10)).entries())
                    .extracting(ClusterBus.Entry::value)
                    .containsExactly("back");
        }
    }

    /** PUBLISH sent as raw RESP, for a payload the bus itself would never send. */
    static void rawPublish(int port, String channel, String message) throws IOException {
        assertThat(raw(port, "PUBLISH", channel, message)).startsWith(":");
    }

    /** One command as RESP over a fresh socket whose answer is a bulk string: the string, or null. */
    static String rawBulk(int port, String... args) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(5000);
            send(socket, args);
            InputStream in = socket.getInputStream();
            String head = line(in);
            if (head.equals("$-1")) return null;
            assertThat(head).startsWith("$");
            byte[] body = in.readNBytes(Integer.parseInt(head.substring(1)));
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private static void send(Socket socket, String... args) throws IOException {
        StringBuilder command = new StringBuilder("*" + args.length + "\r\n");
        for (String a : args) {
            command.append('$')
                    .append(a.getBytes(StandardCharsets.UTF_8).length)
                    .append("\r\n")
                    .append(a)
                    .append("\r\n");
        }
        OutputStream out = socket.getOutputStream();
        out.write(command.toString().getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int c = in.read(); c != -1 && c != '\r'; c = in.read()) line.append((char) c);
        in.read(); // the '\n'
        return line.toString();
    }

    /** One command as RESP over a fresh socket; the first line of the answer. */
    static String raw(int port, String... args) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(5000);
            send(socket, args);
            return line(socket.getInputStream());
        }
    }
}
