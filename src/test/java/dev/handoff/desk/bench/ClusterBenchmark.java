package dev.handoff.desk.bench;

import dev.handoff.desk.api.AgentEvents;
import dev.handoff.desk.cluster.ClusterRig;
import dev.handoff.desk.support.LoadScenario;
import dev.handoff.desk.support.LocalPostgres;
import dev.handoff.desk.support.TestAgent;
import dev.handoff.liveagent.HandoffRequest;
import dev.handoff.liveagent.LiveAgentFailure;
import dev.handoff.liveagent.LiveAgentListener;
import dev.handoff.liveagent.LiveAgentSession;
import dev.handoff.liveagent.socketio.SocketIoLiveAgentClient;
import dev.handoff.liveagent.socketio.SocketIoSettings;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.io.PrintStream;
import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.json.JSONObject;

/**
 * Not a test: one desk run as a cluster of 1, 2 and 3 real {@code handoff desk} processes ({@link ClusterRig}: one
 * PostgreSQL schema, one Redis prefix, node 1 started first so that it leads), in the same run, rounds interleaved
 * (1, 2, 3 nodes, then again) so that the machine's load drifts over all of them alike.
 *
 * <p>Each round: {@code agents} agents sign in, spread over the nodes (agent {@code j} on node {@code j % nodes}),
 * each echoing every user message of its chats ({@code "echo: " + text}) and with room for every chat; then N bots
 * hand off, spread round-robin over the nodes (bot {@code i} on node {@code i % nodes}), so that with 2 or 3 nodes
 * half or two thirds of the sockets are on followers, whose every call goes to the leader over Redis. The bots are
 * the project's own live-agent client ({@link SocketIoLiveAgentClient}, Netty implementation, delivery addition),
 * all on one event loop of at most two threads in this JVM (socket.io-client-java, which the desk tests' {@code
 * TestBot} uses, takes three threads per connection: 6,000 for 2,000 bots). They hand off in batches of 50, each
 * awaited, as bots arrive in practice: a burst of new chats waits for the leader's writes, and a follower's call
 * fails after {@link dev.handoff.desk.cluster.ClusterNode#CALL_TIMEOUT}. Once every chat is assigned, the bots send user messages
 * at a fixed aggregate rate (chat {@code k % N} sends message {@code k}, open loop: a late echo never delays the next
 * message), first a warm-up not measured ({@code warmUp} seconds, and at least one message per chat, so that each
 * chat's first reply is behind), then {@code seconds} per rate. Measured: the round trip user
 * → agent → user (from {@code send} to the echo's {@code to_user} in the bot), echoes per second, messages lost
 * (not echoed within 60 s of the phase's end); each node's CPU, and from it the desk's CPU per message; the PostgreSQL
 * rows the schema's tables got per message, and Redis {@code PUBLISH}es per message (Redis's own count: other users
 * of the same Redis are counted too); heap after a full GC per node (no chat, N chats open, after the phases), from
 * which the heap per chat on the leader and per socket on a follower follow.
 *
 * <pre>
 * mvn -q test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt
 * java -cp "target/classes:target/test-classes:$(cat target/cp.txt)" dev.handoff.desk.bench.ClusterBenchmark [N] [rates] [seconds] [rounds] [nodes] [warm-up]
 * </pre>
 *
 * Defaults: 2000 chats, 200 messages/s (a comma list measures several rates in a row), 20 s, 3 rounds, nodes
 * {@code 1,2,3}, 10 s of warm-up. Each node runs with {@code -Xmx512m}, the full JIT; 6 agents. Needs the
 * machine's PostgreSQL and Redis, as the tests do, and the JDK's {@code jcmd} for the heap (without it, no heap is
 * printed). Everything runs on one machine: the load generator, PostgreSQL and Redis share its cores with the nodes.
 */
public final class ClusterBenchmark {
    /** Each node's JVM: room for 2,000 chats and more, and the full JIT (the rig's tests use C1 only). */
    static final List<String> NODE_JVM = List.of("-Xmx512m");

    private static final Pattern ECHO = Pattern.compile("echo: m (\\d+)");
    private static final int CONNECT_BATCH = 50;

    /**
     * What one round does.
     *
     * @param chats       open chats (one bot connection each)
     * @param rates       aggregate user messages per second, one measured phase each, in order
     * @param seconds     each measured phase
     * @param warmUp      seconds at the highest rate before the first phase, not measured (at least one message per chat)
     * @param agents      agents, spread over the nodes
     * @param nodeJvm     each node's JVM options
     * @param measureHeap whether to take each node's heap after a full GC ({@code jcmd GC.class_histogram})
     * @param drain       how long a phase waits for its last echoes once it sent its messages
     */
    record Settings(
            int chats,
            List<Integer> rates,
            int seconds,
            int warmUp,
            int agents,
            List<String> nodeJvm,
            boolean measureHeap,
            Duration drain) {}

    /** One measured phase at one rate. */
    record Phase(
            int rate,
            int sent,
            int echoed,
            int wrong,
            List<Long> roundTripNanos,
            double echoesPerSecond,
            double[] nodeCpuSeconds,
            double generatorCpuSeconds,
            double machineBusySeconds,
            Map<String, long[]> rows,
            long publishes) {
        long p(double percentile) {
            return LoadScenario.percentile(roundTripNanos, percentile);
        }

        double deskCpuSeconds() {
            return Arrays.stream(nodeCpuSeconds).sum();
        }
    }

    /** Heap after a full GC, in bytes, per node: before any chat, with every chat open, after the phases. */
    record Heap(long[] empty, long[] open, long[] after) {}

    /** One round with one cluster size. */
    record Round(
            int nodes,
            int chats,
            long connectMillis,
            List<Long> connectNanos,
            int failed,
            int messages,
            List<Phase> phases,
            Heap heap,
            int[] threads,
            long[] rssKiB) {}

    private ClusterBenchmark() {}

    public static void main(String[] args) throws Exception {
        int chats = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        List<Integer> rates = args.length > 1
                ? Arrays.stream(args[1].split(",")).map(Integer::valueOf).toList()
                : List.of(200);
        int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 20;
        int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 3;
        List<Integer> sizes = args.length > 4
                ? Arrays.stream(args[4].split(",")).map(Integer::valueOf).toList()
                : List.of(1, 2, 3);
        int warmUp = args.length > 5 ? Integer.parseInt(args[5]) : 10;
        Settings settings = new Settings(chats, rates, seconds, warmUp, 6, NODE_JVM, true, Duration.ofSeconds(60));
        PrintStream out = System.out;
        out.printf(
                Locale.ROOT,
                "desk cluster: %d open chats, %s msg/s for %d s each after %d s of warm-up, %d round(s) of %s node(s);"
                        + " %d agents; nodes %s; %d cores, Java %s, load average %s%n",
                chats,
                rates,
                seconds,
                warmUp,
                rounds,
                sizes,
                settings.agents(),
                String.join(" ", NODE_JVM),
                Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"),
                ProcessStats.loadAverage());
        Map<Integer, List<Round>> done = new LinkedHashMap<>();
        for (int round = 1; round <= rounds; round++) {
            for (int nodes : sizes) {
                out.printf(
                        Locale.ROOT,
                        "%nround %d, %d node(s), load average %s%n",
                        round,
                        nodes,
                        ProcessStats.loadAverage());
                try {
                    Round r = round(nodes, settings, out);
                    done.computeIfAbsent(nodes, n -> new ArrayList<>()).add(r);
                } catch (Exception | AssertionError e) {
                    out.printf("round %d with %d node(s) failed: %s%n", round, nodes, e);
                    e.printStackTrace(out);
                }
            }
        }
        table(done, settings, out);
        System.exit(0);
    }

    /** One round: a new cluster of {@code nodes}, the chats, the phases; closes everything it started. */
    static Round round(int nodes, Settings s, PrintStream out) throws Exception {
        List<String> names = new ArrayList<>();
        for (int j = 1; j <= s.agents(); j++) names.add("agent" + j);
        ClusterRig.Options options = ClusterRig.Options.DEFAULT
                .withJvmOptions(s.nodeJvm().toArray(String[]::new))
                .withAgents(names, s.chats())
                .withYaml(
                        """
                        security:
                          limits:
                            keylessChatsPerMinute: 1000000
                            unidentifiedPerAddress: 100000
                            eventsPerSecond: 100000
                            eventBurst: 1000000
                        """)
                .withFirstLeading();
        long started = System.nanoTime();
        try (ClusterRig rig = ClusterRig.start(nodes, ClusterRig.Schemas.SHARED, options);
                Load load = new Load(rig, s);
                Counters counters = new Counters(rig.schemaNames().get(0))) {
            out.printf(
                    Locale.ROOT,
                    "  %d node(s) up in %.1f s (node 1 leads); logs %s%n",
                    nodes,
                    (System.nanoTime() - started) / 1e9,
                    rig.log(0).getParent());
            load.signIn(names);
            long[] empty = s.measureHeap() ? heaps(rig) : null;
            Map<String, long[]> rowsBefore = counters.rows();
            long publishesBefore = counters.publishes();
            long connectStart = System.nanoTime();
            load.connect();
            long connectMillis = (System.nanoTime() - connectStart) / 1_000_000;
            load.awaitAssigned();
            out.printf(
                    Locale.ROOT,
                    "  %d chats open in %.1f s (open -> username acknowledged p50 %s, p99 %s), all assigned in %.1f s%n",
                    s.chats(),
                    connectMillis / 1e3,
                    ms(load.connectNanos, 50),
                    ms(load.connectNanos, 99),
                    (System.nanoTime() - connectStart) / 1e9);
            Thread.sleep(1500); // PostgreSQL's statistics are up to a second late
            out.printf(
                    Locale.ROOT,
                    "    per chat opened: PostgreSQL rows (inserted/updated)%s; Redis PUBLISH %.2f (whole server)%n",
                    rows(Counters.difference(rowsBefore, counters.rows()), s.chats()),
                    (counters.publishes() - publishesBefore) / (double) s.chats());
            long[] open = s.measureHeap() ? heaps(rig) : null;
            // every chat's first agent reply (stored once more, as a fact for reports) falls in the warm-up
            int warmRate = s.rates().stream().mapToInt(Integer::intValue).max().orElseThrow();
            if (s.warmUp() > 0) load.phase(warmRate, Math.max(warmRate * s.warmUp(), s.chats()), null, counters);
            List<Phase> phases = new ArrayList<>();
            for (int rate : s.rates()) {
                Phase p = load.phase(rate, rate * s.seconds(), rig, counters);
                phases.add(p);
                print(p, nodes, s, out);
            }
            int[] threads = new int[nodes];
            long[] rss = new long[nodes];
            for (int i = 0; i < nodes; i++) {
                threads[i] = (int) ProcessStats.status(rig.process(i).pid(), "Threads");
                rss[i] = ProcessStats.status(rig.process(i).pid(), "VmRSS");
            }
            long[] after = s.measureHeap() ? heaps(rig) : null;
            Heap heap = s.measureHeap() ? new Heap(empty, open, after) : null;
            Round r = new Round(
                    nodes,
                    s.chats(),
                    connectMillis,
                    List.copyOf(load.connectNanos),
                    load.failed.get(),
                    load.next,
                    phases,
                    heap,
                    threads,
                    rss);
            printNodes(r, out);
            return r;
        }
    }

    /**
     * The bots and agents of one round, in this JVM. Threads: the caller's thread connects and sends (one message at
     * a time, at the phase's pace); echoes arrive on the live-agent client's listener threads and are matched to
     * their message by number ({@link Window}); the agents echo on socket.io-client-java's event thread. Bounded: a
     * phase's arrays hold its own messages only.
     */
    private static final class Load implements AutoCloseable {
        final ClusterRig rig;
        final Settings s;
        final List<TestAgent> agents = new ArrayList<>();
        final AtomicInteger assigned = new AtomicInteger();
        final SocketIoLiveAgentClient client = new SocketIoLiveAgentClient(
                SocketIoSettings.defaults().withImplementation(SocketIoSettings.Implementation.NETTY));
        final List<LiveAgentSession> sessions = new ArrayList<>();
        final ConcurrentLinkedQueue<Long> connectNanos = new ConcurrentLinkedQueue<>();
        final AtomicInteger failed = new AtomicInteger();
        /** The phase now running (echoes of an earlier one are ignored). */
        volatile Window window = new Window(0, 0);
        /** The number of the next message; on the sending thread. */
        int next;

        /** One phase's messages {@code first..first+count-1}: when each was echoed, echoes counted, wrong ones. */
        static final class Window {
            final int first;
            final AtomicLongArray echoedAt;
            final AtomicInteger echoes = new AtomicInteger();
            final AtomicInteger wrong = new AtomicInteger();

            Window(int first, int count) {
                this.first = first;
                this.echoedAt = new AtomicLongArray(count);
            }

            int received() {
                int n = 0;
                for (int k = 0; k < echoedAt.length(); k++) if (echoedAt.get(k) != 0) n++;
                return n;
            }
        }

        Load(ClusterRig rig, Settings s) {
            this.rig = rig;
            this.s = s;
        }

        /** Agent {@code j} on node {@code j % nodes}, echoing every user message of its chats. */
        void signIn(List<String> names) {
            for (int j = 0; j < names.size(); j++) {
                String name = names.get(j);
                TestAgent agent = TestAgent.signIn(rig.url(j % rig.size()), name, name + "-token");
                agent.on(AgentEvents.MESSAGE, data -> {
                    JSONObject m = (JSONObject) data;
                    if (!m.optString("sender").equals("user")) return;
                    agent.emit(
                            AgentEvents.SEND, "chatId", m.optString("chatId"), "text", "echo: " + m.optString("text"));
                });
                agent.on(AgentEvents.ASSIGNED, data -> assigned.incrementAndGet());
                agents.add(agent);
            }
        }

        /** Bot {@code i} on node {@code i % nodes}, in batches, each batch awaited (acknowledged {@code username}). */
        void connect() throws InterruptedException {
            for (int from = 0; from < s.chats(); from += CONNECT_BATCH) {
                int to = Math.min(s.chats(), from + CONNECT_BATCH);
                CountDownLatch connected = new CountDownLatch(to - from);
                for (int i = from; i < to; i++) {
                    long opened = System.nanoTime();
                    Bot bot = new Bot(opened, connected);
                    HandoffRequest request = new HandoffRequest(
                            dev.handoff.liveagent.LiveAgentUrls.of(URI.create(rig.url(i % rig.size()))),
                            "bench-conv-" + i,
                            "bench-bot",
                            "sales",
                            null,
                            null,
                            List.of(),
                            Duration.ofSeconds(60),
                            Duration.ofSeconds(60));
                    sessions.add(client.open(request, bot));
                }
                if (!connected.await(120, TimeUnit.SECONDS)) {
                    throw new AssertionError(connected.getCount() + " of bots " + from + ".." + (to - 1)
                            + " not connected within 120 s (" + failed.get() + " failed)");
                }
            }
        }

        void awaitAssigned() throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (assigned.get() < s.chats()) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError(
                            "only " + assigned.get() + " of " + s.chats() + " chats assigned within 120 s");
                }
                Thread.sleep(50);
            }
        }

        /**
         * {@code count} messages at {@code rate}, then up to the settings' {@code drain} for the last echoes. Measured ({@code
         * measured} not null): the nodes' CPU, the schema's rows and Redis's publishes over the sending, and the
         * echoes per second.
         */
        Phase phase(int rate, int count, ClusterRig measured, Counters counters) throws InterruptedException {
            long[] sent = new long[count];
            Window w = new Window(next, count);
            window = w;
            double[] cpuBefore = measured == null ? null : cpu(measured);
            double generatorBefore = cpu(ProcessHandle.current());
            double machineBefore = ProcessStats.machineBusySeconds();
            Map<String, long[]> rowsBefore = measured == null ? null : counters.rows();
            long publishesBefore = measured == null ? 0 : counters.publishes();
            long start = System.nanoTime();
            long interval = 1_000_000_000L / rate;
            for (int k = 0; k < count; k++) {
                long due = start + k * interval;
                long wait = due - System.nanoTime();
                if (wait > 0) LockSupport.parkNanos(wait);
                int number = w.first + k;
                sent[k] = System.nanoTime();
                sessions.get(number % sessions.size()).send("m " + number);
            }
            long end = System.nanoTime();
            int echoesInPhase = w.echoes.get();
            double[] cpuAfter = measured == null ? null : cpu(measured);
            double generator = cpu(ProcessHandle.current()) - generatorBefore;
            double machine = ProcessStats.machineBusySeconds() - machineBefore;
            Map<String, long[]> rowsAfter = measured == null ? null : counters.rows();
            long publishesAfter = measured == null ? 0 : counters.publishes();
            next = w.first + count;
            long deadline = System.nanoTime() + s.drain().toNanos();
            while (w.received() < count && System.nanoTime() < deadline) Thread.sleep(20);
            List<Long> trips = new ArrayList<>();
            for (int k = 0; k < count; k++) {
                long at = w.echoedAt.get(k);
                if (at != 0) trips.add(at - sent[k]);
            }
            if (measured == null) return null;
            double[] nodeCpu = new double[cpuAfter.length];
            for (int i = 0; i < nodeCpu.length; i++) nodeCpu[i] = cpuAfter[i] - cpuBefore[i];
            Map<String, long[]> rows = Counters.difference(rowsBefore, rowsAfter);
            return new Phase(
                    rate,
                    count,
                    trips.size(),
                    w.wrong.get(),
                    List.copyOf(trips),
                    echoesInPhase / ((end - start) / 1e9),
                    nodeCpu,
                    generator,
                    machine,
                    rows,
                    publishesAfter - publishesBefore);
        }

        /** On the client's listener threads: one echo, matched to its message by number. */
        void echo(String text) {
            long now = System.nanoTime();
            Window w = window;
            Matcher m = ECHO.matcher(text);
            if (!m.matches()) {
                w.wrong.incrementAndGet();
                return;
            }
            int k = Integer.parseInt(m.group(1)) - w.first;
            if (k < 0 || k >= w.echoedAt.length()) return; // a late echo of an earlier phase
            if (w.echoedAt.compareAndSet(k, 0, now)) w.echoes.incrementAndGet();
            else w.wrong.incrementAndGet(); // the same message echoed twice
        }

        /** One bot's listener: counts the connect, hands echoes on. */
        private final class Bot implements LiveAgentListener {
            final long opened;
            final CountDownLatch connected;

            Bot(long opened, CountDownLatch connected) {
                this.opened = opened;
                this.connected = connected;
            }

            @Override
            public void onConnected() {
                connectNanos.add(System.nanoTime() - opened);
                connected.countDown();
            }

            @Override
            public void onAgentMessage(String text) {
                echo(text);
            }

            @Override
            public void onEnded() {
                failed.incrementAndGet();
            }

            @Override
            public void onFailed(LiveAgentFailure failure, List<String> undelivered) {
                if (failed.incrementAndGet() <= 5) {
                    System.err.println("a bot's handoff failed: " + failure + ", undelivered " + undelivered);
                }
                connected.countDown();
            }
        }

        double[] cpu(ClusterRig r) {
            double[] seconds = new double[r.size()];
            for (int i = 0; i < r.size(); i++) seconds[i] = cpu(r.process(i));
            return seconds;
        }

        static double cpu(ProcessHandle process) {
            return process.info().totalCpuDuration().map(Duration::toNanos).orElse(0L) / 1e9;
        }

        @Override
        public void close() {
            client.close();
            agents.forEach(TestAgent::close);
        }
    }

    /** What PostgreSQL and Redis count: the schema's rows written per table, Redis's PUBLISH calls. */
    private static final class Counters implements AutoCloseable {
        private final String schema;
        private final Connection db;
        private final RedisClient redis = RedisClient.create(ClusterRig.REDIS);
        private final StatefulRedisConnection<String, String> redisConnection = redis.connect();

        Counters(String schema) throws SQLException {
            this.schema = schema;
            this.db = DriverManager.getConnection(LocalPostgres.SERVER);
        }

        /** Per table of the schema: rows inserted, rows updated (PostgreSQL's statistics, up to a second late). */
        Map<String, long[]> rows() {
            Map<String, long[]> rows = new HashMap<>();
            try (PreparedStatement s = db.prepareStatement(
                    "SELECT relname, n_tup_ins, n_tup_upd FROM pg_stat_user_tables WHERE schemaname = ?")) {
                s.setString(1, schema);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) rows.put(rs.getString(1), new long[] {rs.getLong(2), rs.getLong(3)});
                }
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
            return rows;
        }

        /** Per table: {@code after - before}. */
        static Map<String, long[]> difference(Map<String, long[]> before, Map<String, long[]> after) {
            Map<String, long[]> rows = new LinkedHashMap<>();
            after.forEach((table, a) -> {
                long[] b = before.getOrDefault(table, new long[2]);
                rows.put(table, new long[] {a[0] - b[0], a[1] - b[1]});
            });
            return rows;
        }

        /** Redis's PUBLISH calls since it started (every client of this Redis). */
        long publishes() {
            Matcher m = Pattern.compile("cmdstat_publish:calls=(\\d+)")
                    .matcher(redisConnection.sync().info("commandstats"));
            return m.find() ? Long.parseLong(m.group(1)) : 0;
        }

        @Override
        public void close() throws SQLException {
            redisConnection.close();
            redis.shutdown(Duration.ZERO, Duration.ofSeconds(2));
            db.close();
        }
    }

    /** Heap after a full GC of each node ({@code jcmd PID GC.class_histogram}: live objects), or -1. */
    private static long[] heaps(ClusterRig rig) {
        long[] heaps = new long[rig.size()];
        for (int i = 0; i < rig.size(); i++)
            heaps[i] = ProcessStats.liveHeap(rig.process(i).pid());
        return heaps;
    }

    private static void print(Phase p, int nodes, Settings s, PrintStream out) {
        out.printf(
                Locale.ROOT,
                "  %d msg/s: sent %d, echoed %d (%d lost, %d wrong); round trip p50 %s, p90 %s, p99 %s, max %s;"
                        + " %.1f echoes/s%n",
                p.rate(),
                p.sent(),
                p.echoed(),
                p.sent() - p.echoed(),
                p.wrong(),
                ms(p.roundTripNanos(), 50),
                ms(p.roundTripNanos(), 90),
                ms(p.roundTripNanos(), 99),
                ms(p.roundTripNanos(), 100),
                p.echoesPerSecond());
        StringBuilder cpu = new StringBuilder();
        for (int i = 0; i < nodes; i++) {
            cpu.append(String.format(Locale.ROOT, " n%d %.2f", i + 1, p.nodeCpuSeconds()[i] / s.seconds()));
        }
        out.printf(
                Locale.ROOT,
                "    desk CPU (cores):%s; %.2f ms of CPU per message, all nodes; the load generator %.2f cores;"
                        + " the machine busy %.2f of %d cores%n",
                cpu,
                p.deskCpuSeconds() * 1e3 / p.sent(),
                p.generatorCpuSeconds() / s.seconds(),
                p.machineBusySeconds() / s.seconds(),
                Runtime.getRuntime().availableProcessors());
        out.printf(
                Locale.ROOT,
                "    per message: PostgreSQL rows (inserted/updated)%s; Redis PUBLISH %.2f (whole server)%n",
                rows(p.rows(), p.sent()),
                p.publishes() / (double) p.sent());
    }

    /** The tables that changed, each with rows inserted and updated per {@code per}. */
    private static String rows(Map<String, long[]> rows, int per) {
        StringBuilder text = new StringBuilder();
        rows.entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .filter(e -> e.getValue()[0] != 0 || e.getValue()[1] != 0)
                .forEach(e -> text.append(String.format(
                        Locale.ROOT,
                        " %s %.2f/%.2f",
                        e.getKey(),
                        e.getValue()[0] / (double) per,
                        e.getValue()[1] / (double) per)));
        return text.toString();
    }

    private static void printNodes(Round r, PrintStream out) {
        for (int i = 0; i < r.nodes(); i++) {
            int sockets = r.chats() / r.nodes() + (i < r.chats() % r.nodes() ? 1 : 0);
            String heap = "";
            if (r.heap() != null && r.heap().empty()[i] >= 0 && r.heap().open()[i] >= 0) {
                long grown = r.heap().open()[i] - r.heap().empty()[i];
                heap = String.format(
                        Locale.ROOT,
                        "heap after GC %.1f MiB empty, %.1f MiB with the chats open (+%.1f KiB per bot socket here,"
                                + " +%.1f KiB per chat of the desk), %.1f MiB after %d messages (%+.2f KiB per message); ",
                        r.heap().empty()[i] / 1048576.0,
                        r.heap().open()[i] / 1048576.0,
                        grown / 1024.0 / sockets,
                        grown / 1024.0 / r.chats(),
                        r.heap().after()[i] / 1048576.0,
                        r.messages(),
                        (r.heap().after()[i] - r.heap().open()[i]) / 1024.0 / Math.max(1, r.messages()));
            }
            out.printf(
                    Locale.ROOT,
                    "  n%d%s, %d bot sockets: %s%d threads, RSS %d MiB%n",
                    i + 1,
                    i == 0 ? " (leader)" : "",
                    sockets,
                    heap,
                    r.threads()[i],
                    r.rssKiB()[i] >> 10);
        }
        if (r.failed() > 0) out.printf("  %d bot(s) failed or ended%n", r.failed());
    }

    /** Medians over the rounds of each cluster size, and their ratio to one node's. */
    static void table(Map<Integer, List<Round>> done, Settings s, PrintStream out) {
        out.printf(
                Locale.ROOT,
                "%n%d open chats, medians of the rounds (min-max); ratio: the median over one node's%n",
                s.chats());
        out.println("| nodes | rate | round trip p50 | round trip p99 | echoes/s | lost | desk CPU per message"
                + " | ratio p50 / p99 / echoes/s / CPU |");
        out.println("|---|---|---|---|---|---|---|---|");
        for (int index = 0; index < s.rates().size(); index++) {
            double[] one = null;
            for (Map.Entry<Integer, List<Round>> e : done.entrySet()) {
                int i = index;
                List<Phase> phases =
                        e.getValue().stream().map(r -> r.phases().get(i)).toList();
                double[] p50 = phases.stream().mapToDouble(p -> p.p(50) / 1e6).toArray();
                double[] p99 = phases.stream().mapToDouble(p -> p.p(99) / 1e6).toArray();
                double[] rate =
                        phases.stream().mapToDouble(Phase::echoesPerSecond).toArray();
                double[] cpu = phases.stream()
                        .mapToDouble(p -> p.deskCpuSeconds() * 1e3 / p.sent())
                        .toArray();
                int lost = phases.stream().mapToInt(p -> p.sent() - p.echoed()).sum();
                double[] medians = {median(p50), median(p99), median(rate), median(cpu)};
                if (e.getKey() == 1) one = medians;
                String ratio = one == null
                        ? "(no 1-node round)"
                        : String.format(
                                Locale.ROOT,
                                "%.2f / %.2f / %.2f / %.2f",
                                medians[0] / one[0],
                                medians[1] / one[1],
                                medians[2] / one[2],
                                medians[3] / one[3]);
                out.printf(
                        Locale.ROOT,
                        "| %d | %d | %s ms | %s ms | %s | %d | %s ms | %s |%n",
                        e.getKey(),
                        s.rates().get(index),
                        range(p50),
                        range(p99),
                        range(rate),
                        lost,
                        range(cpu),
                        ratio);
            }
        }
    }

    private static String range(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        if (sorted.length == 1) return String.format(Locale.ROOT, "%.1f", sorted[0]);
        return String.format(Locale.ROOT, "%.1f (%.1f-%.1f)", median(sorted), sorted[0], sorted[sorted.length - 1]);
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        if (n == 0) return Double.NaN;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private static String ms(java.util.Collection<Long> nanos, double p) {
        List<Long> values = new ArrayList<>(nanos);
        Collections.sort(values);
        return String.format(Locale.ROOT, "%.1f ms", LoadScenario.percentile(values, p) / 1e6);
    }
}
