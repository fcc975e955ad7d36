package dev.handoff.desk.bench;

import dev.handoff.cli.Main;
import dev.handoff.desk.api.AgentEvents;
import dev.handoff.desk.support.LocalPostgres;
import dev.handoff.desk.support.Sockets;
import io.socket.client.Socket;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.json.JSONException;
import org.json.JSONObject;

/**
 * Not a test: the desk at scale against a bare netty-socketio server under the same load (issue 14: 20,000 open
 * conversations and 200 agents on 2 cores, 1,000 user messages/s). Each round starts, as processes of their own with
 * the same JVM options, one server of each kind in turn (rounds interleaved, so that the machine's load drifts over
 * all alike): a real {@code handoff desk} (the CLI's command, one process, no cluster) with an H2 file database; the
 * same with PostgreSQL, in a schema made for the round and dropped after it; and {@link BareEchoServer}, the same
 * library relaying the same events with no storage and no desk logic.
 *
 * <p>Per round: {@code agents} agents sign in (socket.io-client-java, in this process), each echoing every user
 * message of its chats ({@code "echo: " + text}); then N bots hand off, spread over {@link ScaleLoadGenerator}
 * processes (10,000 bots each at most, the project's live-agent client, Netty implementation, delivery addition),
 * each process opening its bots in batches, each batch awaited. Measured: the time until every chat is handed off
 * and assigned to an agent; each server's heap after a full GC ({@code jcmd GC.class_histogram}) and RSS with no
 * chat and with the N open, hence per open chat; then, open loop at {@code rate} user messages per second over all
 * bots (each process its share), a warm-up (at least one message per chat) and {@code seconds} measured: the round
 * trip user → agent → user (from the bot's {@code send} to the agent's echo in the bot's listener, both in the same
 * process), messages lost (not echoed within the drain), the server's CPU per message, the load's own CPU and the
 * machine's busy cores. Then the medians of the rounds per kind, and each desk's ratio to the bare server's.
 *
 * <p>File descriptors: a process may hold no more sockets than its open-file limit (a JVM raises its soft limit to
 * the hard one). The server holds N + agents sockets plus its files, so N is capped at the hard limit minus the agents
 * minus {@value #SPARE_DESCRIPTORS}, and the run says so.
 *
 * <pre>
 * mvn -q test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt
 * java -cp "target/classes:target/test-classes:$(cat target/cp.txt)" dev.handoff.desk.bench.DeskScaleBenchmark [N] [rate] [seconds] [rounds] [kinds] [warm-up] [agents]
 * </pre>
 *
 * Defaults: 20000 chats (capped as above), 1000 messages/s, 30 s, 3 rounds, kinds {@code h2,pg,bare}, 10 s of warm-up
 * (at least N / rate), 200 agents. Servers run with {@link #SERVER_JVM}, the options README "Run the desk" gives a
 * busy desk ({@code -Xmx1g -XX:MaxGCPauseMillis=10}; the bare server too), plus whatever the system property {@code
 * bench.serverJvm} adds; load processes with {@code -Xmx1g}. Needs the machine's
 * PostgreSQL for {@code pg} and the JDK's {@code jcmd} for the heap. Everything runs on one machine: the load shares
 * its cores with the server.
 */
public final class DeskScaleBenchmark {
    /** Descriptors a server keeps beside its sockets: jars, database files, epoll, pipes, log. */
    static final int SPARE_DESCRIPTORS = 300;
    /** Bots per load process at most. */
    static final int PER_GENERATOR = 10_000;

    /**
     * A busy desk's JVM options (README "Run the desk"): G1 aiming at 10 ms pauses. With its default (200 ms) the
     * desk's young collections took 30 to 45 ms each, about one a second under this load, and set the p99.
     */
    static final List<String> SERVER_JVM = List.of("-Xmx1g", "-XX:MaxGCPauseMillis=10");

    static final List<String> GENERATOR_JVM = List.of("-Xmx1g");

    /** The server under load. */
    enum Kind {
        H2("h2", "desk, H2"),
        POSTGRES("pg", "desk, PostgreSQL"),
        BARE("bare", "bare netty-socketio");

        final String id;
        final String title;

        Kind(String id, String title) {
            this.id = id;
            this.title = title;
        }

        static Kind of(String id) {
            for (Kind k : values()) if (k.id.equals(id)) return k;
            throw new IllegalArgumentException("unknown kind '" + id + "' (known: h2, pg, bare)");
        }

        boolean desk() {
            return this != BARE;
        }
    }

    /**
     * What one round does.
     *
     * @param chats        open chats (one bot connection each)
     * @param agents       agents, each with room for twice its share of the chats
     * @param rate         aggregate user messages per second, open loop
     * @param seconds      the measured phase
     * @param warmUp       seconds at {@code rate} before it, not measured (at least one message per chat)
     * @param serverJvm    the server's JVM options (the desk's and the bare server's alike)
     * @param generatorJvm each load process's JVM options
     * @param perGenerator bots per load process at most
     * @param batch        bots a load process hands off at once, each batch awaited
     * @param measureHeap  whether to take the server's heap after a full GC ({@code jcmd})
     * @param drain        how long a phase waits for its last echoes
     */
    record Settings(
            int chats,
            int agents,
            int rate,
            int seconds,
            int warmUp,
            List<String> serverJvm,
            List<String> generatorJvm,
            int perGenerator,
            int batch,
            boolean measureHeap,
            Duration drain) {}

    /** One round with one server. Heap in bytes (-1: not measured), RSS in KiB, round trips sorted. */
    record Round(
            Kind kind,
            int chats,
            int opened,
            int failed,
            long openMillis,
            int warmSent,
            int warmEchoed,
            int sent,
            int echoed,
            int wrong,
            List<Long> trips,
            double serverCpuSeconds,
            double loadCpuSeconds,
            double machineBusySeconds,
            double phaseSeconds,
            double sendSeconds,
            long heapEmpty,
            long heapOpen,
            long rssEmpty,
            long rssOpen,
            long rssAfter,
            int threads,
            long lateMaxMillis) {
        double p(double percentile) {
            if (trips.isEmpty()) return Double.NaN;
            int index = (int) Math.ceil(percentile / 100.0 * trips.size()) - 1;
            return trips.get(Math.max(0, Math.min(index, trips.size() - 1))) / 1e6;
        }

        int lost() {
            return sent - echoed;
        }

        double cpuPerMessageMillis() {
            return serverCpuSeconds * 1e3 / Math.max(1, sent);
        }

        double heapPerChatKiB() {
            return heapEmpty < 0 || heapOpen < 0 ? Double.NaN : (heapOpen - heapEmpty) / 1024.0 / chats;
        }

        double rssPerChatKiB() {
            return rssEmpty < 0 || rssOpen < 0 ? Double.NaN : (rssOpen - rssEmpty) / (double) chats;
        }
    }

    private DeskScaleBenchmark() {}

    /**
     * The servers' JVM options: {@link #SERVER_JVM} and whatever the system property {@code bench.serverJvm} adds
     * (space-separated), for example a profiler agent.
     */
    static List<String> serverJvm() {
        String extra = System.getProperty("bench.serverJvm", "").strip();
        if (extra.isEmpty()) {
            return SERVER_JVM;
        }
        List<String> all = new ArrayList<>(SERVER_JVM);
        all.addAll(Arrays.asList(extra.split("\\s+")));
        return List.copyOf(all);
    }

    public static void main(String[] args) throws Exception {
        int asked = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        int rate = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
        int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 30;
        int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 3;
        List<Kind> kinds = args.length > 4
                ? Arrays.stream(args[4].split(",")).map(Kind::of).toList()
                : List.of(Kind.H2, Kind.POSTGRES, Kind.BARE);
        int warmUp = args.length > 5 ? Integer.parseInt(args[5]) : 10;
        int agents = args.length > 6 ? Integer.parseInt(args[6]) : 200;
        PrintStream out = System.out;
        long[] limit = openFileLimit();
        int chats = capped(asked, agents, limit, out);
        Settings s = new Settings(
                chats,
                agents,
                rate,
                seconds,
                warmUp,
                serverJvm(),
                GENERATOR_JVM,
                Math.min(PER_GENERATOR, (int) Math.max(1000, limit[1] - SPARE_DESCRIPTORS)),
                100,
                true,
                Duration.ofSeconds(30));
        out.printf(
                Locale.ROOT,
                "desk at scale: %d open chats, %d agents, %d msg/s for %d s after a warm-up of %d s (at least one"
                        + " message per chat), %d round(s) of %s; servers %s, load %d process(es) %s; %d cores, Java"
                        + " %s, load average %s%n",
                chats,
                agents,
                rate,
                seconds,
                warmUp,
                rounds,
                kinds.stream().map(k -> k.id).toList(),
                String.join(" ", s.serverJvm()),
                generators(s).size(),
                String.join(" ", s.generatorJvm()),
                Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"),
                ProcessStats.loadAverage());
        Map<Kind, List<Round>> done = new LinkedHashMap<>();
        for (int round = 1; round <= rounds; round++) {
            for (Kind kind : kinds) {
                out.printf(
                        Locale.ROOT,
                        "%nround %d, %s, load average %s%n",
                        round,
                        kind.title,
                        ProcessStats.loadAverage());
                try {
                    done.computeIfAbsent(kind, k -> new ArrayList<>()).add(round(kind, s, out));
                } catch (Exception | AssertionError e) {
                    out.printf("round %d with %s failed: %s%n", round, kind.title, e);
                    e.printStackTrace(out);
                }
            }
        }
        table(done, s, out);
        System.exit(0);
    }

    /**
     * The largest N a server can hold: {@code asked}, or fewer when the hard open-file limit ({@code limit[1]}, which
     * a JVM raises its soft limit to) leaves no room for N sockets beside the agents' and its files; printed.
     */
    static int capped(int asked, int agents, long[] limit, PrintStream out) {
        if (limit[1] <= 0) {
            out.printf(Locale.ROOT, "open-file limit unknown; N = %d as asked%n", asked);
            return asked;
        }
        long room = limit[1] - agents - SPARE_DESCRIPTORS;
        if (asked <= room) {
            out.printf(
                    Locale.ROOT,
                    "open-file limit %d (soft %d): N = %d fits (%d agents, %d spare)%n",
                    limit[1],
                    limit[0],
                    asked,
                    agents,
                    SPARE_DESCRIPTORS);
            return asked;
        }
        int n = (int) Math.max(1, room);
        out.printf(
                Locale.ROOT,
                "N CAPPED: %d asked, %d measured: the server process may hold %d file descriptors (hard open-file"
                        + " limit; soft %d), less %d agents' sockets and %d for its files%n",
                asked,
                n,
                limit[1],
                limit[0],
                agents,
                SPARE_DESCRIPTORS);
        return n;
    }

    /** This process's open-file limit, {@code {soft, hard}} ({@code /proc/self/limits}; -1 when unknown). */
    static long[] openFileLimit() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/limits"))) {
                if (line.startsWith("Max open files")) {
                    String[] f =
                            line.substring("Max open files".length()).trim().split("\\s+");
                    return new long[] {number(f[0]), number(f[1])};
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux
        }
        return new long[] {-1, -1};
    }

    private static long number(String text) {
        return text.equals("unlimited") ? Long.MAX_VALUE : Long.parseLong(text);
    }

    /** How many bots each load process holds: N spread evenly over as few processes as the limit allows. */
    static List<Integer> generators(Settings s) {
        int processes = Math.max(1, (s.chats() + s.perGenerator() - 1) / s.perGenerator());
        List<Integer> counts = new ArrayList<>();
        for (int i = 0; i < processes; i++) counts.add(s.chats() / processes + (i < s.chats() % processes ? 1 : 0));
        return counts;
    }

    /** One round: a new server of {@code kind}, its agents and bots, the phases; closes everything it started. */
    static Round round(Kind kind, Settings s, PrintStream out) throws Exception {
        long started = System.nanoTime();
        List<Integer> counts = generators(s);
        try (Server server = Server.start(kind, s);
                Agents agents = new Agents(server.url(), s.agents());
                Load load = new Load(server.url(), counts, s.generatorJvm(), server.name())) {
            out.printf(
                    Locale.ROOT,
                    "  server up in %.1f s, %d agents signed in; logs %s%n",
                    (System.nanoTime() - started) / 1e9,
                    s.agents(),
                    server.log().getParent());
            Thread.sleep(1000);
            long heapEmpty = s.measureHeap() ? ProcessStats.liveHeap(server.pid()) : -1;
            long rssEmpty = ProcessStats.status(server.pid(), "VmRSS");
            long openStart = System.nanoTime();
            List<String[]> opened = load.all("open " + s.batch(), Duration.ofMinutes(30));
            int connected =
                    opened.stream().mapToInt(f -> Integer.parseInt(f[1])).sum();
            int failed = opened.stream().mapToInt(f -> Integer.parseInt(f[2])).sum();
            agents.awaitAssigned(connected, Duration.ofMinutes(5));
            long openMillis = (System.nanoTime() - openStart) / 1_000_000;
            out.printf(
                    Locale.ROOT,
                    "  %d of %d chats handed off and assigned in %.1f s (%d failed)%n",
                    connected,
                    s.chats(),
                    openMillis / 1e3,
                    failed);
            if (connected < s.chats()) throw new AssertionError(connected + " of " + s.chats() + " chats opened");
            Thread.sleep(1000);
            long heapOpen = s.measureHeap() ? ProcessStats.liveHeap(server.pid()) : -1;
            long rssOpen = ProcessStats.status(server.pid(), "VmRSS");
            if (heapOpen >= 0) {
                out.printf(
                        Locale.ROOT,
                        "  heap after GC %.1f MiB with no chat, %.1f MiB with %d open: %.2f KiB per open chat;"
                                + " RSS %d -> %d MiB (%.2f KiB per chat)%n",
                        heapEmpty / 1048576.0,
                        heapOpen / 1048576.0,
                        s.chats(),
                        (heapOpen - heapEmpty) / 1024.0 / s.chats(),
                        rssEmpty >> 10,
                        rssOpen >> 10,
                        (rssOpen - rssEmpty) / (double) s.chats());
            }
            // at least one message per chat: each chat's first message and answer are behind
            int warmMessages = Math.max(s.rate() * s.warmUp(), s.chats());
            Phase warm = load.phase(s.chats(), s.rate(), warmMessages, s.drain(), server.pid());
            out.printf(
                    Locale.ROOT,
                    "  warm-up: %d messages, %d echoed (the rest is late or lost), round trip p50 %.1f ms, p99 %.1f ms%n",
                    warm.sent(),
                    warm.echoed(),
                    warm.p(50),
                    warm.p(99));
            Phase p = load.phase(s.chats(), s.rate(), s.rate() * s.seconds(), s.drain(), server.pid());
            long rssAfter = ProcessStats.status(server.pid(), "VmRSS");
            int threads = (int) ProcessStats.status(server.pid(), "Threads");
            Round r = new Round(
                    kind,
                    s.chats(),
                    connected,
                    failed,
                    openMillis,
                    warm.sent(),
                    warm.echoed(),
                    p.sent(),
                    p.echoed(),
                    p.wrong(),
                    p.trips(),
                    p.serverCpu(),
                    p.loadCpu(),
                    p.machineBusy(),
                    p.seconds(),
                    p.sendSeconds(),
                    heapEmpty,
                    heapOpen,
                    rssEmpty,
                    rssOpen,
                    rssAfter,
                    threads,
                    p.lateMaxMillis());
            print(r, out);
            return r;
        }
    }

    /** One phase over every load process. */
    record Phase(
            int sent,
            int echoed,
            int wrong,
            List<Long> trips,
            double serverCpu,
            double loadCpu,
            double machineBusy,
            double seconds,
            double sendSeconds,
            long lateMaxMillis) {
        double p(double percentile) {
            if (trips.isEmpty()) return Double.NaN;
            int index = (int) Math.ceil(percentile / 100.0 * trips.size()) - 1;
            return trips.get(Math.max(0, Math.min(index, trips.size() - 1))) / 1e6;
        }
    }

    private static void print(Round r, PrintStream out) {
        out.printf(
                Locale.ROOT,
                "  %d msg/s: sent %d in %.1f s, echoed %d (%d lost, %d wrong); round trip p50 %.1f ms, p90 %.1f ms,"
                        + " p99 %.1f ms, max %.1f ms; the load's sender late by %d ms at worst%n",
                Math.round(r.sent() / r.sendSeconds()),
                r.sent(),
                r.sendSeconds(),
                r.echoed(),
                r.lost(),
                r.wrong(),
                r.p(50),
                r.p(90),
                r.p(99),
                r.p(100),
                r.lateMaxMillis());
        out.printf(
                Locale.ROOT,
                "  over the %.1f s of sending and drain: server CPU %.2f cores, %.3f ms per message; the load %.2f cores;"
                        + " the machine busy %.2f of %d cores; server %d threads, RSS %d MiB after%n",
                r.phaseSeconds(),
                r.serverCpuSeconds() / r.phaseSeconds(),
                r.cpuPerMessageMillis(),
                r.loadCpuSeconds() / r.phaseSeconds(),
                r.machineBusySeconds() / r.phaseSeconds(),
                Runtime.getRuntime().availableProcessors(),
                r.threads(),
                r.rssAfter() >> 10);
    }

    /** Medians over the rounds of each kind (min–max), each desk's ratio to the bare server's median. */
    static void table(Map<Kind, List<Round>> done, Settings s, PrintStream out) {
        out.printf(
                Locale.ROOT,
                "%n%d open chats, %d agents, %d msg/s for %d s; medians of the rounds (min-max); ratio: over the bare"
                        + " server's median%n",
                s.chats(),
                s.agents(),
                s.rate(),
                s.seconds());
        out.println("| server | rounds | open N chats | round trip p50 | round trip p99 | lost | server CPU per message"
                + " | heap per open chat | RSS per open chat | heap with N open |");
        out.println("|---|---|---|---|---|---|---|---|---|---|");
        List<Round> bare = done.getOrDefault(Kind.BARE, List.of());
        double bareP50 = median(bare, r -> r.p(50));
        double bareP99 = median(bare, r -> r.p(99));
        double bareCpu = median(bare, Round::cpuPerMessageMillis);
        double bareHeap = median(bare, Round::heapPerChatKiB);
        double bareOpen = median(bare, r -> r.openMillis() / 1e3);
        for (Map.Entry<Kind, List<Round>> e : done.entrySet()) {
            List<Round> rounds = e.getValue();
            boolean ratio = e.getKey().desk() && !bare.isEmpty();
            out.printf(
                    Locale.ROOT,
                    "| %s | %d | %s s%s | %s ms%s | %s ms%s | %d | %s ms%s | %s KiB%s | %s KiB | %s MiB |%n",
                    e.getKey().title,
                    rounds.size(),
                    range(rounds, r -> r.openMillis() / 1e3),
                    ratio ? times(median(rounds, r -> r.openMillis() / 1e3), bareOpen) : "",
                    range(rounds, r -> r.p(50)),
                    ratio ? times(median(rounds, r -> r.p(50)), bareP50) : "",
                    range(rounds, r -> r.p(99)),
                    ratio ? times(median(rounds, r -> r.p(99)), bareP99) : "",
                    rounds.stream().mapToInt(Round::lost).sum(),
                    range(rounds, Round::cpuPerMessageMillis),
                    ratio ? times(median(rounds, Round::cpuPerMessageMillis), bareCpu) : "",
                    range(rounds, Round::heapPerChatKiB),
                    ratio ? times(median(rounds, Round::heapPerChatKiB), bareHeap) : "",
                    range(rounds, Round::rssPerChatKiB),
                    range(rounds, r -> r.heapOpen() / 1048576.0));
        }
        for (Map.Entry<Kind, List<Round>> e : done.entrySet()) {
            if (!e.getKey().desk()) continue;
            double p50 = median(e.getValue(), r -> r.p(50));
            double p99 = median(e.getValue(), r -> r.p(99));
            out.printf(
                    Locale.ROOT,
                    "%s: p99 %.1f ms %s 50 ms; p50 %.1f ms is %s the bare server's (target: at most 1.5x)%n",
                    e.getKey().title,
                    p99,
                    p99 <= 50 ? "<=" : ">",
                    p50,
                    bare.isEmpty() ? "not compared with" : String.format(Locale.ROOT, "%.2fx", p50 / bareP50));
        }
    }

    private static String times(double value, double base) {
        return Double.isNaN(value) || Double.isNaN(base) || base == 0
                ? ""
                : String.format(Locale.ROOT, " (x%.2f)", value / base);
    }

    private static double median(List<Round> rounds, java.util.function.ToDoubleFunction<Round> f) {
        double[] v = rounds.stream().mapToDouble(f).sorted().toArray();
        int n = v.length;
        if (n == 0) return Double.NaN;
        return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    }

    private static String range(List<Round> rounds, java.util.function.ToDoubleFunction<Round> f) {
        double[] v = rounds.stream().mapToDouble(f).sorted().toArray();
        if (v.length == 0) return "-";
        if (v.length == 1) return String.format(Locale.ROOT, "%.1f", v[0]);
        return String.format(Locale.ROOT, "%.1f (%.1f-%.1f)", median(rounds, f), v[0], v[v.length - 1]);
    }

    /** The server under load, as a process of its own; closing it kills it and drops what it stored. */
    private static final class Server implements AutoCloseable {
        private final String name;
        private final Kind kind;
        private final int port;
        private final Path log;
        private final Path data;
        private LocalPostgres.Schema schema;
        private Process process;

        private Server(String name, Kind kind, int port, Path log, Path data) {
            this.name = name;
            this.kind = kind;
            this.port = port;
            this.log = log;
            this.data = data;
        }

        static Server start(Kind kind, Settings s) throws IOException, InterruptedException {
            Path dir = Path.of("target", "desk-scale").toAbsolutePath();
            Files.createDirectories(dir);
            String name = kind.id + "-" + UUID.randomUUID().toString().substring(0, 8);
            int port = Sockets.freePort();
            Server server = new Server(name, kind, port, dir.resolve(name + ".log"), dir.resolve(name + "-data"));
            try {
                List<String> command = new ArrayList<>();
                command.add(ProcessStats.java());
                command.addAll(s.serverJvm());
                command.add("-cp");
                command.add(System.getProperty("java.class.path"));
                if (kind.desk()) {
                    String db;
                    if (kind == Kind.POSTGRES) {
                        server.schema = LocalPostgres.freshSchema();
                        db = "db: '" + server.schema.url() + "'";
                    } else {
                        db = "dataDir: '" + server.data + "'";
                    }
                    Path config = dir.resolve(name + ".yaml");
                    Files.writeString(config, yaml(port, db, s));
                    command.addAll(List.of(Main.class.getName(), "desk", "--config", config.toString()));
                } else {
                    command.addAll(List.of(BareEchoServer.class.getName(), Integer.toString(port)));
                }
                server.process = new ProcessBuilder(command)
                        .redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.appendTo(server.log.toFile()))
                        .start();
                server.awaitListening(Duration.ofSeconds(90));
                return server;
            } catch (IOException | InterruptedException | RuntimeException | Error e) {
                server.close();
                throw e;
            }
        }

        /**
         * The desk's configuration for the load: one department, the agents with room for twice their share of the
         * chats, auto-assign, no queue auto-reply, timers that archive nothing during the run, and security limits
         * that let one address open every chat at once (the desk's own defaults otherwise: heartbeat, write queue).
         */
        static String yaml(int port, String db, Settings s) {
            int maxChats = 2 * ((s.chats() + s.agents() - 1) / s.agents()) + 1;
            StringBuilder agents = new StringBuilder();
            for (int j = 1; j <= s.agents(); j++) {
                agents.append("  - {name: agent%d, token: agent%d-token, departments: [sales], maxChats: %d}\n"
                        .formatted(j, j, maxChats));
            }
            return """
                    host: 127.0.0.1
                    port: %d
                    %s
                    departments: [sales]
                    autoAssign: true
                    autoReply: {every: 0s}
                    sla: 24h
                    idleArchive: 24h
                    disconnectGrace: 1h
                    agents:
                    %ssecurity:
                      limits:
                        connectionsPerAddress: 1000000
                        unidentifiedPerAddress: 1000000
                        keylessChatsPerMinute: 1000000
                        eventsPerSecond: 100000
                        eventBurst: 1000000
                    """
                    .formatted(port, db, agents);
        }

        private void awaitListening(Duration within) throws InterruptedException {
            long deadline = System.nanoTime() + within.toNanos();
            while (!listening()) {
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    throw new AssertionError(kind.title + " on port " + port + " did not start; see " + log);
                }
                Thread.sleep(100);
            }
        }

        private boolean listening() {
            try (java.net.Socket socket = new java.net.Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
                return true;
            } catch (IOException e) {
                return false;
            }
        }

        String url() {
            return "http://127.0.0.1:" + port;
        }

        String name() {
            return name;
        }

        Path log() {
            return log;
        }

        long pid() {
            return process.pid();
        }

        @Override
        public void close() {
            if (process != null) {
                process.destroyForcibly();
                try {
                    process.waitFor(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            if (schema != null) schema.close();
            if (Files.exists(data)) {
                try (Stream<Path> files = Files.walk(data)) {
                    files.sorted(Comparator.reverseOrder())
                            .forEach(f -> f.toFile().delete());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
    }

    /**
     * The agents, in this process (socket.io-client-java, one connection each): each echoes every live user message
     * of its chats on its event thread and counts the chats assigned to it; nothing else they get is kept.
     */
    private static final class Agents implements AutoCloseable {
        private final List<Socket> sockets = new ArrayList<>();
        private final AtomicInteger assigned = new AtomicInteger();

        Agents(String url, int count) throws InterruptedException {
            CountDownLatch signedIn = new CountDownLatch(count);
            for (int j = 1; j <= count; j++) {
                Socket socket = Sockets.socket(url + AgentEvents.NAMESPACE, Map.of("token", "agent" + j + "-token"));
                socket.on(AgentEvents.SIGNED_IN, a -> signedIn.countDown());
                socket.on(AgentEvents.ASSIGNED, a -> assigned.incrementAndGet());
                socket.on(AgentEvents.MESSAGE, a -> {
                    if (a.length == 0 || !(a[0] instanceof JSONObject m)) return;
                    if (!"user".equals(m.optString("sender")) || m.optBoolean("history")) return;
                    try {
                        socket.emit(
                                AgentEvents.SEND,
                                new JSONObject()
                                        .put("chatId", m.optString("chatId"))
                                        .put("text", "echo: " + m.optString("text")));
                    } catch (JSONException e) {
                        throw new IllegalStateException(e);
                    }
                });
                sockets.add(socket);
                socket.connect();
            }
            try {
                if (!signedIn.await(60, TimeUnit.SECONDS)) {
                    throw new AssertionError(signedIn.getCount() + " of " + count + " agents not signed in in 60 s");
                }
            } catch (InterruptedException | AssertionError e) {
                close();
                throw e;
            }
        }

        void awaitAssigned(int chats, Duration within) throws InterruptedException {
            long deadline = System.nanoTime() + within.toNanos();
            while (assigned.get() < chats) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError(
                            "only " + assigned.get() + " of " + chats + " chats assigned in " + within);
                }
                Thread.sleep(20);
            }
        }

        @Override
        public void close() {
            for (Socket socket : sockets) {
                socket.disconnect();
                socket.close();
            }
        }
    }

    /** The load processes ({@link ScaleLoadGenerator}), driven together. */
    private static final class Load implements AutoCloseable {
        private final List<Process> processes = new ArrayList<>();
        private final List<Writer> commands = new ArrayList<>();
        private final List<BlockingQueue<String>> answers = new ArrayList<>();
        private final List<Integer> counts;
        private final Path dir;
        private final String name;
        private int phases;

        Load(String url, List<Integer> counts, List<String> jvm, String name) throws IOException {
            this.counts = counts;
            this.name = name;
            this.dir = Path.of("target", "desk-scale").toAbsolutePath();
            try {
                for (int i = 0; i < counts.size(); i++) {
                    List<String> command = new ArrayList<>();
                    command.add(ProcessStats.java());
                    command.addAll(jvm);
                    command.addAll(List.of(
                            "-cp",
                            System.getProperty("java.class.path"),
                            ScaleLoadGenerator.class.getName(),
                            url,
                            "bench-" + name + "-g" + i + "-",
                            Integer.toString(counts.get(i))));
                    Process p = new ProcessBuilder(command)
                            .redirectError(
                                    ProcessBuilder.Redirect.appendTo(dir.resolve(name + "-load" + (i + 1) + ".log")
                                            .toFile()))
                            .start();
                    processes.add(p);
                    commands.add(new java.io.OutputStreamWriter(p.getOutputStream(), StandardCharsets.UTF_8));
                    BlockingQueue<String> queue = new LinkedBlockingQueue<>();
                    answers.add(queue);
                    Thread reader = new Thread(
                            () -> {
                                try (BufferedReader in = new BufferedReader(
                                        new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                                    for (String line; (line = in.readLine()) != null; ) {
                                        if (line.startsWith("@gen ")) queue.add(line.substring(5));
                                    }
                                } catch (IOException e) {
                                    // the process ended
                                }
                            },
                            "load-" + (i + 1) + "-answers");
                    reader.setDaemon(true);
                    reader.start();
                }
            } catch (IOException | RuntimeException e) {
                close();
                throw e;
            }
        }

        /** Sends {@code command} to every process at once and returns each one's answer, split into fields. */
        List<String[]> all(String command, Duration within) throws IOException, InterruptedException {
            return all(i -> command, within);
        }

        private List<String[]> all(java.util.function.IntFunction<String> command, Duration within)
                throws IOException, InterruptedException {
            for (int i = 0; i < commands.size(); i++) {
                commands.get(i).write(command.apply(i) + "\n");
                commands.get(i).flush();
            }
            long deadline = System.nanoTime() + within.toNanos();
            List<String[]> result = new ArrayList<>();
            for (int i = 0; i < answers.size(); i++) {
                String line = answers.get(i).poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (line == null) {
                    throw new AssertionError("load process " + (i + 1) + " did not answer '" + command.apply(i)
                            + "' within " + within + (processes.get(i).isAlive() ? "" : " (it ended)"));
                }
                result.add(line.split(" "));
            }
            return result;
        }

        /**
         * {@code messages} user messages at {@code rate} per second over all processes, each its share of both; the
         * server's CPU, the load's and the machine's from the first command to the last answer.
         */
        Phase phase(int chats, int rate, int messages, Duration drain, long serverPid)
                throws IOException, InterruptedException {
            int phase = ++phases;
            List<Path> files = new ArrayList<>();
            List<String> each = new ArrayList<>();
            int assignedMessages = 0;
            for (int i = 0; i < counts.size(); i++) {
                int share = i == counts.size() - 1
                        ? messages - assignedMessages
                        : (int) ((long) messages * counts.get(i) / chats);
                assignedMessages += share;
                Path file = dir.resolve(name + "-load" + (i + 1) + "-phase" + phase + ".txt");
                files.add(file);
                each.add(String.format(
                        Locale.ROOT,
                        "phase %.4f %d %d %s",
                        rate * (double) counts.get(i) / chats,
                        share,
                        drain.toSeconds(),
                        file));
            }
            double serverBefore = ProcessStats.cpuSeconds(serverPid);
            double loadBefore = loadCpu();
            double machineBefore = ProcessStats.machineBusySeconds();
            long start = System.nanoTime();
            List<String[]> done =
                    all(each::get, Duration.ofSeconds(messages / Math.max(1, rate) + drain.toSeconds() + 120));
            double seconds = (System.nanoTime() - start) / 1e9;
            double server = ProcessStats.cpuSeconds(serverPid) - serverBefore;
            double load = loadCpu() - loadBefore;
            double machine = ProcessStats.machineBusySeconds() - machineBefore;
            List<Long> trips = new ArrayList<>();
            for (Path file : files) {
                for (String line : Files.readAllLines(file)) if (!line.isEmpty()) trips.add(Long.parseLong(line));
                Files.deleteIfExists(file);
            }
            trips.sort(null);
            return new Phase(
                    done.stream().mapToInt(f -> Integer.parseInt(f[1])).sum(),
                    done.stream().mapToInt(f -> Integer.parseInt(f[2])).sum(),
                    done.stream().mapToInt(f -> Integer.parseInt(f[3])).sum(),
                    List.copyOf(trips),
                    server,
                    load,
                    machine,
                    seconds,
                    done.stream().mapToLong(f -> Long.parseLong(f[5])).max().orElse(0) / 1e3,
                    done.stream().mapToLong(f -> Long.parseLong(f[4])).max().orElse(0));
        }

        /** The load's CPU seconds: its processes' and this one's (the agents, mostly). */
        private double loadCpu() {
            return ProcessStats.cpuSeconds(ProcessHandle.current().pid())
                    + processes.stream()
                            .mapToDouble(p -> ProcessStats.cpuSeconds(p.pid()))
                            .sum();
        }

        @Override
        public void close() {
            for (int i = 0; i < processes.size(); i++) {
                try {
                    commands.get(i).write("quit\n");
                    commands.get(i).flush();
                } catch (IOException | IndexOutOfBoundsException e) {
                    // gone already
                }
            }
            for (Process p : processes) {
                try {
                    if (!p.waitFor(20, TimeUnit.SECONDS)) p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }
}
