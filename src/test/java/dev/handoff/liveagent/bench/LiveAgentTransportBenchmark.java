package dev.handoff.liveagent.bench;

import com.corundumstudio.socketio.Configuration;
import com.corundumstudio.socketio.SocketIONamespace;
import com.corundumstudio.socketio.SocketIOServer;
import com.corundumstudio.socketio.Transport;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.handoff.liveagent.HandoffRequest;
import dev.handoff.liveagent.LiveAgentFailure;
import dev.handoff.liveagent.LiveAgentListener;
import dev.handoff.liveagent.LiveAgentSession;
import dev.handoff.liveagent.LiveAgentUrls;
import dev.handoff.liveagent.TestLiveAgentServer;
import dev.handoff.liveagent.socketio.SocketIoLiveAgentClient;
import dev.handoff.liveagent.socketio.SocketIoSettings;
import dev.handoff.protocol.LiveAgentEvents;
import io.socket.client.IO;
import io.socket.client.Socket;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import javax.net.SocketFactory;
import okhttp3.Dispatcher;
import okhttp3.OkHttpClient;
import org.json.JSONObject;

/**
 * Not a test: the bot side's live-agent transports against the raw socket.io-client-java, in the same run, each in a
 * process of its own, against the same echoing live agent in another process.
 *
 * <p>The live agent ({@link EchoServer}): a netty-socketio server (the desk's Socket.IO server, 2 I/O threads) on
 * 127.0.0.1 speaking PROTOCOL.md exactly: {@code startConversation} on every connection to {@code /live_agent},
 * {@code username} taken, every {@code from_user} answered with a {@code to_user} carrying the same text. It records
 * nothing, so it holds 10,000 connections in little memory. A new one is started for each subject run, always with the
 * same JVM options.
 *
 * <p>The subjects, each in a JVM of its own ({@link SubjectProcess}) per round, so that its RSS ({@code VmRSS} and
 * {@code VmHWM}, from {@code /proc/PID/status}), threads and CPU are its own; every subject gets the same JVM options:
 *
 * <ul>
 *   <li>{@code raw}: socket.io-client-java 2.1.2 used directly, no bridge code: one {@link Socket} per conversation
 *       ({@code forceNew}, websocket, no reconnection), one shared OkHttp client whose dispatcher allows 20,000
 *       requests, with TCP_NODELAY as the bridge sets it (else Nagle's algorithm adds tens of milliseconds to a small
 *       write waiting for an acknowledgement). It does exactly the protocol's steps the bridge does: connect, answer
 *       {@code startConversation} with {@code username}, send {@code from_user}, take {@code to_user}; its listeners
 *       run on the library's event thread.
 *   <li>{@code socketio}: {@link SocketIoLiveAgentClient} on socket.io-client-java ({@code implementation:
 *       socketio}).
 *   <li>{@code netty}: {@link SocketIoLiveAgentClient} on its Netty client ({@code implementation: netty}).
 *   <li>{@code netty-polling} (only when named in {@code --subjects}): the same on HTTP long-polling.
 * </ul>
 *
 * <p>The bridge's subjects run with the defaults (delivery addition on when offered: this server offers none, so
 * PROTOCOL.md exactly, as the raw subject speaks it) and {@code maxConcurrentRequests} 20,000. Each subject process
 * first warms up (20 conversations, one message each, closed again), then runs the scenarios in order, closing every
 * conversation between them:
 *
 * <ol>
 *   <li>{@code connect}: N conversations (default 1,000) opened at once from one thread. Measured: from the first
 *       {@code open} until every one is handed off (connected, {@code startConversation} received and answered with
 *       {@code username}: the bridge's {@code onConnected}), and each conversation's own time from its {@code open},
 *       p50 and p99.
 *   <li>{@code steady}: N conversations (default 2,000) opened in batches of 500 (each awaited); then user messages at
 *       a fixed aggregate rate, open loop (message {@code k} goes to conversation {@code k % N} at its due time, whatever
 *       the echoes do): a warm-up at the highest rate, not measured ({@code --warm-up} seconds and at least one message
 *       per conversation), then {@code --seconds} at each rate (default 200 and 1,000 messages/s). Measured: round trip
 *       from {@code send} to the echo's arrival in the listener, p50 and p99; messages not echoed within 30 s (lost);
 *       the subject process's CPU per message (the sending loop included, the same for every subject); its threads and
 *       RSS.
 *   <li>{@code large}: N conversations (default 10,000) opened in batches of 500, then the same warm-up and one measured
 *       phase at 1,000 messages/s. Measured: the time to open them all; round trip p50/p99; {@code VmHWM} (the RSS
 *       peak) and {@code VmRSS}; threads; heap after a full GC per conversation. Once a batch is open, the subject
 *       projects the threads all N would take from those it took so far: at three threads per conversation the raw
 *       library would take 30,000 for 10,000, about every thread id {@code pid_max} (32,768 by default) gives the
 *       whole machine, and creating them stalls the machine for minutes. If the projection leaves fewer than {@code
 *       --thread-reserve} (4,000) of the machine's thread ids free, or passes {@code vm.max_map_count} with the thread
 *       stacks, it opens no more: the scenario is reported as failed with the reason and the projection, and the run
 *       goes on.
 * </ol>
 *
 * <p>Rounds interleave the subjects ({@code raw, socketio, netty, raw, ...}) so that the machine's drift hits them
 * alike. Each figure in the tables is the median of the rounds (min-max beside it with several rounds), with its ratio
 * to the raw library's median. A subject that cannot do a scenario is shown as failed with its reason. Each child
 * process's whole output goes to {@code target/bench-logs/live-agent-transport/}.
 *
 * <pre>
 * mvn -q test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt
 * java -cp "target/classes:target/test-classes:$(cat target/cp.txt)" dev.handoff.liveagent.bench.LiveAgentTransportBenchmark [options]
 * </pre>
 *
 * Options (defaults in brackets): {@code --connect N} [1000], {@code --steady N} [2000], {@code --rates R,R} [200,1000],
 * {@code --large N} [10000], {@code --large-rate R} [1000], {@code --seconds S} [10], {@code --warm-up S} [5], {@code
 * --rounds N} [3], {@code --subjects raw,socketio,netty} (add {@code netty-polling} for a long-polling line), {@code
 * --scenarios connect,steady,large}, {@code --batch N} [500], {@code --jvm "OPTIONS"} [-Xmx2g] for every subject,
 * {@code --thread-reserve N} [4000], and {@code --smoke}: 20 conversations in each scenario, 20 messages/s for 1 s, one
 * round, C1 only (the test suite's {@code LiveAgentTransportBenchmarkSmokeTest}).
 */
public final class LiveAgentTransportBenchmark {
    static final String BOT = "bench-bot";
    static final List<String> SCENARIOS = List.of("connect", "steady", "large");
    /** Options to a subject process, results back: records as JSON. */
    static final ObjectMapper JSON = new ObjectMapper();

    private LiveAgentTransportBenchmark() {}

    /**
     * What a run does.
     *
     * @param connect conversations opened at once in the {@code connect} scenario
     * @param steady conversations open in the {@code steady} scenario
     * @param rates aggregate messages per second of the {@code steady} scenario, one measured phase each
     * @param large conversations open in the {@code large} scenario
     * @param largeRate aggregate messages per second of the {@code large} scenario
     * @param seconds each measured phase
     * @param warmUp seconds at the highest rate before the first measured phase (and at least one message per
     *     conversation); 0: none
     * @param rounds rounds, each runs every subject once
     * @param subjects {@code raw}, {@code socketio}, {@code netty}, {@code netty-polling}, in this order in each round
     * @param scenarios which of {@link #SCENARIOS} run, in that order
     * @param batch conversations opened at a time in {@code steady} and {@code large}
     * @param jvm the JVM options of every subject process
     * @param serverJvm the JVM options of the live agent's process
     * @param threadReserve thread ids to leave free on the machine
     * @param drainSeconds how long a phase waits for its last echoes
     * @param childTimeoutSeconds how long one subject process may run
     */
    record Options(
            int connect,
            int steady,
            List<Integer> rates,
            int large,
            int largeRate,
            int seconds,
            int warmUp,
            int rounds,
            List<String> subjects,
            List<String> scenarios,
            int batch,
            List<String> jvm,
            List<String> serverJvm,
            int threadReserve,
            int drainSeconds,
            int childTimeoutSeconds) {

        static Options defaults() {
            return new Options(
                    1000,
                    2000,
                    List.of(200, 1000),
                    10_000,
                    1000,
                    10,
                    5,
                    3,
                    List.of("raw", "socketio", "netty"),
                    SCENARIOS,
                    500,
                    List.of("-Xmx2g"),
                    List.of("-Xmx2g"),
                    4000,
                    30,
                    600);
        }

        /** Short: every subject and scenario with 20 conversations, 1 s at 20 msg/s, one round, C1 only. */
        static Options smoke() {
            return new Options(
                    20,
                    20,
                    List.of(20),
                    20,
                    20,
                    1,
                    0,
                    1,
                    List.of("raw", "socketio", "netty"),
                    SCENARIOS,
                    20,
                    List.of("-Xmx256m", "-XX:TieredStopAtLevel=1"),
                    List.of("-Xmx256m", "-XX:TieredStopAtLevel=1"),
                    4000,
                    3,
                    120);
        }

        static Options parse(String[] args) {
            Options o = Arrays.asList(args).contains("--smoke") ? smoke() : defaults();
            for (int i = 0; i < args.length; i++) {
                String name = args[i];
                if (name.equals("--smoke")) continue;
                if (i + 1 >= args.length) throw new IllegalArgumentException(name + " needs a value");
                String v = args[++i];
                o = switch (name) {
                    case "--connect" -> o.with(b -> b.put("connect", Integer.parseInt(v)));
                    case "--steady" -> o.with(b -> b.put("steady", Integer.parseInt(v)));
                    case "--rates" -> o.with(b -> b.put("rates", parseInts(v)));
                    case "--large" -> o.with(b -> b.put("large", Integer.parseInt(v)));
                    case "--large-rate" -> o.with(b -> b.put("largeRate", Integer.parseInt(v)));
                    case "--seconds" -> o.with(b -> b.put("seconds", Integer.parseInt(v)));
                    case "--warm-up" -> o.with(b -> b.put("warmUp", Integer.parseInt(v)));
                    case "--rounds" -> o.with(b -> b.put("rounds", Integer.parseInt(v)));
                    case "--subjects" -> o.with(b -> b.put("subjects", List.of(v.split(","))));
                    case "--scenarios" -> o.with(b -> b.put("scenarios", List.of(v.split(","))));
                    case "--batch" -> o.with(b -> b.put("batch", Integer.parseInt(v)));
                    case "--jvm" -> o.with(b -> b.put("jvm", List.of(v.trim().split("\\s+"))));
                    case "--thread-reserve" -> o.with(b -> b.put("threadReserve", Integer.parseInt(v)));
                    default -> throw new IllegalArgumentException("unknown option " + name);
                };
            }
            for (String s : o.subjects()) {
                if (!List.of("raw", "socketio", "netty", "netty-polling").contains(s)) {
                    throw new IllegalArgumentException(
                            "--subjects: '" + s + "' (known: raw, socketio, netty, netty-polling)");
                }
            }
            for (String s : o.scenarios()) {
                if (!SCENARIOS.contains(s)) {
                    throw new IllegalArgumentException("--scenarios: '" + s + "' (known: " + SCENARIOS + ")");
                }
            }
            return o;
        }

        private static List<Integer> parseInts(String v) {
            return Arrays.stream(v.split(",")).map(Integer::valueOf).toList();
        }

        private Options with(java.util.function.Consumer<Map<String, Object>> change) {
            Map<String, Object> fields = JSON.convertValue(this, new TypeReference<Map<String, Object>>() {});
            change.accept(fields);
            return JSON.convertValue(fields, Options.class);
        }
    }

    /** One measured phase at one rate. Times in milliseconds. */
    record Phase(
            int rate,
            int sent,
            int echoed,
            int wrong,
            double p50,
            double p90,
            double p99,
            double max,
            double cpuMillisPerMessage,
            double sentPerSecond) {}

    /**
     * One scenario of one subject process.
     *
     * @param failure why it could not be done, or {@code null}
     * @param opened conversations handed off
     * @param failed conversations whose handoff failed or that dropped
     * @param openMillis from the first {@code open} until the last conversation was handed off
     * @param connectP50 one conversation's {@code open} to handed off, ms (the {@code connect} scenario)
     * @param heapPerConversation heap after a full GC per open conversation, bytes ({@code large}), or -1
     * @param threads the process's threads with every conversation open
     * @param rssKiB the process's {@code VmRSS} then
     * @param hwmKiB the process's {@code VmHWM} (peak RSS) then
     */
    record Scenario(
            String name,
            String failure,
            int opened,
            int failed,
            double openMillis,
            double connectP50,
            double connectP99,
            double heapPerConversation,
            int threads,
            long rssKiB,
            long hwmKiB,
            List<Phase> phases) {
        boolean ok() {
            return failure == null;
        }

        static Scenario failed(String name, String failure) {
            return new Scenario(name, failure, 0, 0, 0, 0, 0, -1, 0, 0, 0, List.of());
        }
    }

    /** Every subject's scenarios, per round, in the order run. */
    record Report(Map<String, List<Map<String, Scenario>>> runs) {}

    public static void main(String[] args) throws Exception {
        Options options = Options.parse(args);
        run(options, System.out);
        System.exit(0);
    }

    /** Runs the rounds and prints each subject's results, then the tables. */
    static Report run(Options o, PrintStream out) throws Exception {
        out.printf(
                Locale.ROOT,
                "live-agent transports: %s; connect %d at once; steady %d open at %s msg/s; large %d open at %d msg/s;"
                        + " %d s per phase after %d s of warm-up; %d round(s); subjects %s; subject JVM %s;"
                        + " %d cores, Java %s, load average %s%n",
                o.subjects(),
                o.connect(),
                o.steady(),
                o.rates(),
                o.large(),
                o.largeRate(),
                o.seconds(),
                o.warmUp(),
                o.rounds(),
                o.subjects(),
                String.join(" ", o.jvm()),
                Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"),
                loadAverage());
        Path logs = Path.of("target", "bench-logs", "live-agent-transport");
        Files.createDirectories(logs);
        Map<String, List<Map<String, Scenario>>> runs = new LinkedHashMap<>();
        for (int round = 1; round <= o.rounds(); round++) {
            for (String subject : o.subjects()) {
                out.printf(Locale.ROOT, "%nround %d, %s, load average %s%n", round, subject, loadAverage());
                Map<String, Scenario> results =
                        runSubject(subject, o, logs.resolve("round" + round + "-" + subject + ".log"), out);
                runs.computeIfAbsent(subject, s -> new ArrayList<>()).add(results);
            }
        }
        tables(runs, o, out);
        return new Report(runs);
    }

    /** One subject process against a new live agent; its results by scenario (every scenario, failed if not done). */
    private static Map<String, Scenario> runSubject(String subject, Options o, Path log, PrintStream out)
            throws IOException, InterruptedException {
        Map<String, Scenario> results = new LinkedHashMap<>();
        int port = TestLiveAgentServer.freePort();
        Process server = null;
        Process child = null;
        try (PrintWriter logFile = new PrintWriter(Files.newBufferedWriter(log, StandardCharsets.UTF_8), true)) {
            server = java(
                    o.serverJvm(),
                    EchoServer.class,
                    List.of(Integer.toString(port)),
                    log.resolveSibling(log.getFileName().toString().replace(".log", "-server.log")));
            BufferedReader serverOut =
                    new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
            String ready = serverOut.readLine();
            if (ready == null || !ready.startsWith("listening")) {
                throw new IOException("the live agent did not start: " + ready);
            }
            child = java(
                    o.jvm(),
                    SubjectProcess.class,
                    List.of(subject, "http://127.0.0.1:" + port, JSON.writeValueAsString(o)),
                    log.resolveSibling(log.getFileName().toString().replace(".log", "-stderr.log")));
            Process running = child;
            Thread killer = new Thread(
                    () -> {
                        try {
                            if (!running.waitFor(o.childTimeoutSeconds(), TimeUnit.SECONDS)) {
                                running.destroyForcibly();
                            }
                        } catch (InterruptedException e) {
                            // the child ended in time
                        }
                    },
                    "bench-child-timeout");
            killer.setDaemon(true);
            killer.start();
            BufferedReader childOut =
                    new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
            for (String line; (line = childOut.readLine()) != null; ) {
                logFile.println(line);
                if (line.startsWith("RESULT ")) {
                    Scenario s = JSON.readValue(line.substring("RESULT ".length()), Scenario.class);
                    results.put(s.name(), s);
                } else if (line.startsWith("# ")) {
                    out.println("  " + line.substring(2));
                }
            }
            int exit = child.waitFor();
            killer.interrupt();
            for (String scenario : o.scenarios()) {
                if (!results.containsKey(scenario)) {
                    String why = "the subject process ended (exit " + exit + ") before it; see " + log;
                    out.printf("  %s: failed: %s%n", scenario, why);
                    results.put(scenario, Scenario.failed(scenario, why));
                }
            }
            return results;
        } finally {
            if (child != null) child.destroyForcibly().waitFor();
            if (server != null) {
                server.destroy();
                if (!server.waitFor(10, TimeUnit.SECONDS))
                    server.destroyForcibly().waitFor();
            }
        }
    }

    private static Process java(List<String> jvm, Class<?> main, List<String> args, Path stderr) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvm);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(main.getName());
        command.addAll(args);
        return new ProcessBuilder(command)
                .redirectError(ProcessBuilder.Redirect.to(stderr.toFile()))
                .start();
    }

    // ---- the live agent ----

    /**
     * The live agent's process: {@code EchoServer PORT}. Prints {@code listening} once it accepts connections and runs
     * until killed.
     */
    static final class EchoServer {
        public static void main(String[] args) throws Exception {
            Configuration config = new Configuration();
            config.setHostname("127.0.0.1");
            config.setPort(Integer.parseInt(args[0]));
            config.setTransports(Transport.WEBSOCKET, Transport.POLLING);
            config.setBossThreads(1);
            config.setWorkerThreads(2);
            config.getSocketConfig().setReuseAddress(true);
            config.getSocketConfig().setTcpNoDelay(true);
            config.getSocketConfig().setAcceptBackLog(4096);
            SocketIOServer server = new SocketIOServer(config);
            SocketIONamespace namespace = server.addNamespace(LiveAgentEvents.NAMESPACE);
            namespace.addConnectListener(client -> client.sendEvent(LiveAgentEvents.START_CONVERSATION));
            namespace.addEventListener(LiveAgentEvents.USERNAME, JsonNode.class, (client, payload, ack) -> {});
            namespace.addEventListener(LiveAgentEvents.FROM_USER, JsonNode.class, (client, payload, ack) -> {
                if (payload != null && payload.hasNonNull("message")) {
                    client.sendEvent(
                            LiveAgentEvents.TO_USER,
                            Map.of("message", payload.get("message").asText()));
                }
            });
            server.start();
            System.out.println("listening");
            System.out.flush();
            Thread.currentThread().join();
        }
    }

    // ---- a subject's process ----

    /**
     * A subject's process: {@code SubjectProcess SUBJECT URL OPTIONS-JSON}. Prints progress lines ({@code # ...}) and
     * one {@code RESULT {json}} line per scenario, then halts.
     */
    static final class SubjectProcess {
        public static void main(String[] args) throws Exception {
            String subject = args[0];
            URI url = URI.create(args[1]);
            Options o = JSON.readValue(args[2], Options.class);
            try (Conversations conversations = Conversations.of(subject, url)) {
                Runner runner = new Runner(conversations, o);
                runner.warmUp();
                for (String scenario : o.scenarios()) {
                    Scenario result;
                    try {
                        result = switch (scenario) {
                            case "connect" -> runner.connect();
                            case "steady" -> runner.steady();
                            default -> runner.large();
                        };
                    } catch (Exception | Error e) {
                        result = Scenario.failed(scenario, e.toString());
                    }
                    System.out.println("RESULT " + JSON.writeValueAsString(result));
                    System.out.flush();
                    conversations.closeAll();
                    Thread.sleep(500); // let the closes go out before the next scenario's connects
                }
            }
            System.out.flush();
            Runtime.getRuntime().halt(0); // 10,000 sockets: the kernel closes them faster than the libraries
        }
    }

    /** The conversations of one scenario: when each was opened and handed off, failures, and the phase's echoes. */
    static final class Load {
        final long[] openedAt;
        final AtomicLongArray handedOffAt;
        final AtomicInteger handedOff = new AtomicInteger();
        final AtomicInteger failed = new AtomicInteger();
        final ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        volatile Window window = new Window(0, 0);
        volatile boolean closing;

        Load(int conversations) {
            openedAt = new long[conversations];
            handedOffAt = new AtomicLongArray(conversations);
        }

        void handedOff(int i) {
            if (handedOffAt.compareAndSet(i, 0, System.nanoTime())) handedOff.incrementAndGet();
        }

        void failed(int i, String reason) {
            if (closing) return;
            failed.incrementAndGet();
            if (failures.size() < 5) failures.add("conversation " + i + ": " + reason);
        }

        /** On the subject's listener thread: message {@code "m K"} echoed. */
        void echo(String text) {
            long now = System.nanoTime();
            Window w = window;
            int k;
            try {
                k = Integer.parseInt(text.substring(2)) - w.first;
            } catch (RuntimeException e) {
                w.wrong.incrementAndGet();
                return;
            }
            if (k < 0 || k >= w.echoedAt.length()) return; // a late echo of an earlier phase
            if (w.echoedAt.compareAndSet(k, 0, now)) w.echoes.incrementAndGet();
            else w.wrong.incrementAndGet();
        }

        int settled() {
            return handedOff.get() + failed.get();
        }
    }

    /** One phase's messages {@code first..first+count-1}: when each was sent and echoed. */
    static final class Window {
        final int first;
        final long[] sentAt;
        final AtomicLongArray echoedAt;
        final AtomicInteger echoes = new AtomicInteger();
        final AtomicInteger wrong = new AtomicInteger();

        Window(int first, int count) {
            this.first = first;
            this.sentAt = new long[count];
            this.echoedAt = new AtomicLongArray(count);
        }
    }

    /** The subject's conversations: opens, sends, closes. */
    interface Conversations extends AutoCloseable {
        /** Opens conversation {@code index} of {@code load}, which hears of its handoff, failure and echoes. */
        void open(Load load, int index, String conversationId);

        /** Sends a user message on conversation {@code index} (any thread). */
        void send(int index, String text);

        /** Closes every open conversation. */
        void closeAll();

        @Override
        void close();

        static Conversations of(String subject, URI url) {
            return switch (subject) {
                case "raw" -> new Raw(url);
                case "socketio" -> new Bridge(
                        url, SocketIoSettings.Implementation.SOCKETIO, SocketIoSettings.WEBSOCKET);
                case "netty" -> new Bridge(url, SocketIoSettings.Implementation.NETTY, SocketIoSettings.WEBSOCKET);
                case "netty-polling" -> new Bridge(
                        url, SocketIoSettings.Implementation.NETTY, SocketIoSettings.POLLING);
                default -> throw new IllegalArgumentException("unknown subject " + subject);
            };
        }
    }

    /** socket.io-client-java used directly: the protocol's steps, nothing of the bridge. */
    static final class Raw implements Conversations {
        private final URI namespace;
        private final OkHttpClient http;
        private final List<Socket> sockets = new ArrayList<>();
        private final List<String> ids = new ArrayList<>();
        private Load load;

        Raw(URI url) {
            this.namespace = URI.create(url + LiveAgentEvents.NAMESPACE);
            Dispatcher dispatcher = new Dispatcher();
            dispatcher.setMaxRequests(20_000);
            dispatcher.setMaxRequestsPerHost(20_000);
            this.http = new OkHttpClient.Builder()
                    .dispatcher(dispatcher)
                    .socketFactory(new NoDelay())
                    .readTimeout(1, TimeUnit.MINUTES)
                    .build();
        }

        @Override
        public synchronized void open(Load load, int index, String conversationId) {
            this.load = load;
            IO.Options options = IO.Options.builder()
                    .setForceNew(true)
                    .setMultiplex(false)
                    .setReconnection(false)
                    .setTimeout(60_000)
                    .setTransports(new String[] {SocketIoSettings.WEBSOCKET})
                    .build();
            options.callFactory = http;
            options.webSocketFactory = http;
            Socket socket = IO.socket(namespace, options);
            socket.on(LiveAgentEvents.START_CONVERSATION, args -> {
                socket.emit(
                        LiveAgentEvents.USERNAME,
                        new JSONObject(Map.of("ConversationID", conversationId, "BotID", BOT)));
                load.handedOff(index);
            });
            socket.on(LiveAgentEvents.TO_USER, args -> {
                if (args.length > 0 && args[0] instanceof JSONObject message) {
                    load.echo(message.optString("message"));
                }
            });
            socket.on(Socket.EVENT_CONNECT_ERROR, args -> load.failed(index, "connect error " + first(args)));
            socket.on(Socket.EVENT_DISCONNECT, args -> load.failed(index, "disconnected: " + first(args)));
            while (sockets.size() <= index) {
                sockets.add(null);
                ids.add(null);
            }
            sockets.set(index, socket);
            ids.set(index, conversationId);
            socket.connect();
        }

        @Override
        public void send(int index, String text) {
            Socket socket;
            String id;
            synchronized (this) {
                socket = sockets.get(index);
                id = ids.get(index);
            }
            socket.emit(
                    LiveAgentEvents.FROM_USER,
                    new JSONObject(Map.of("message", text, "ConversationID", id, "BotID", BOT)));
        }

        @Override
        public synchronized void closeAll() {
            if (load != null) load.closing = true;
            sockets.forEach(Socket::close);
            sockets.clear();
            ids.clear();
        }

        @Override
        public void close() {
            closeAll();
        }

        private static Object first(Object[] args) {
            return args.length > 0 ? args[0] : null;
        }
    }

    /** TCP_NODELAY on every socket, as the bridge's HTTP client has it. */
    static final class NoDelay extends SocketFactory {
        private final SocketFactory plain = SocketFactory.getDefault();

        private static java.net.Socket noDelay(java.net.Socket socket) throws IOException {
            socket.setTcpNoDelay(true);
            return socket;
        }

        @Override
        public java.net.Socket createSocket() throws IOException {
            return noDelay(plain.createSocket());
        }

        @Override
        public java.net.Socket createSocket(String host, int port) throws IOException {
            return noDelay(plain.createSocket(host, port));
        }

        @Override
        public java.net.Socket createSocket(String host, int port, InetAddress localHost, int localPort)
                throws IOException {
            return noDelay(plain.createSocket(host, port, localHost, localPort));
        }

        @Override
        public java.net.Socket createSocket(InetAddress host, int port) throws IOException {
            return noDelay(plain.createSocket(host, port));
        }

        @Override
        public java.net.Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
                throws IOException {
            return noDelay(plain.createSocket(address, port, localAddress, localPort));
        }
    }

    /** The project's live-agent client, as a bot runs it. */
    static final class Bridge implements Conversations {
        private final URI url;
        private final SocketIoLiveAgentClient client;
        private final List<LiveAgentSession> sessions = new ArrayList<>();
        private Load load;

        Bridge(URI url, SocketIoSettings.Implementation implementation, String transport) {
            this.url = url;
            this.client = new SocketIoLiveAgentClient(SocketIoSettings.defaults()
                    .withImplementation(implementation)
                    .withTransports(List.of(transport))
                    .withMaxConcurrentRequests(20_000));
        }

        @Override
        public synchronized void open(Load load, int index, String conversationId) {
            this.load = load;
            LiveAgentSession session = client.open(
                    new HandoffRequest(
                            LiveAgentUrls.of(url),
                            conversationId,
                            BOT,
                            null,
                            null,
                            null,
                            List.of(),
                            Duration.ofSeconds(60),
                            Duration.ofSeconds(60)),
                    new LiveAgentListener() {
                        @Override
                        public void onConnected() {
                            load.handedOff(index);
                        }

                        @Override
                        public void onAgentMessage(String text) {
                            load.echo(text);
                        }

                        @Override
                        public void onEnded() {
                            load.failed(index, "ended");
                        }

                        @Override
                        public void onFailed(LiveAgentFailure failure, List<String> undelivered) {
                            load.failed(index, failure + ", undelivered " + undelivered);
                        }
                    });
            while (sessions.size() <= index) sessions.add(null);
            sessions.set(index, session);
        }

        @Override
        public void send(int index, String text) {
            LiveAgentSession session;
            synchronized (this) {
                session = sessions.get(index);
            }
            session.send(text);
        }

        @Override
        public synchronized void closeAll() {
            if (load != null) load.closing = true;
            sessions.forEach(LiveAgentSession::close);
            sessions.clear();
        }

        @Override
        public void close() {
            closeAll();
            client.close();
        }
    }

    /** A subject process's scenarios. Runs on the process's main thread, which also sends every message. */
    static final class Runner {
        private final Conversations conversations;
        private final Options o;
        private int next; // the next message's number
        /** The process's threads after the warm-up, with no conversation open. */
        private int base;
        /** The most threads per open conversation seen in an earlier scenario of this process, or 0. */
        private double threadsPerConversation;

        Runner(Conversations conversations, Options o) {
            this.conversations = conversations;
            this.o = o;
        }

        /** 20 conversations, one message each, closed: classes loaded, the first JIT done. */
        void warmUp() throws InterruptedException {
            Load load = new Load(20);
            String failure = openBatch(load, "warm-up", 0, 20, Duration.ofSeconds(60));
            if (failure != null) throw new IllegalStateException("warm-up: " + failure);
            phase(load, 20, 100, 20, false);
            conversations.closeAll();
            Thread.sleep(300);
            base = settledThreads();
        }

        Scenario connect() throws InterruptedException {
            int n = o.connect();
            Load load = new Load(n);
            long start = System.nanoTime();
            for (int i = 0; i < n; i++) {
                load.openedAt[i] = System.nanoTime();
                conversations.open(load, i, "connect-" + i);
            }
            await(load, n, Duration.ofSeconds(120));
            long last = 0;
            long[] each = new long[load.handedOff.get()];
            int e = 0;
            for (int i = 0; i < n; i++) {
                long at = load.handedOffAt.get(i);
                if (at == 0) continue;
                last = Math.max(last, at);
                if (e < each.length) each[e++] = at - load.openedAt[i];
            }
            Arrays.sort(each, 0, e);
            long[] sorted = Arrays.copyOf(each, e);
            String failure = load.handedOff.get() < n
                    ? (n - load.handedOff.get()) + " of " + n + " not handed off: " + load.failures
                    : null;
            seen(n);
            Scenario s = new Scenario(
                    "connect",
                    failure,
                    load.handedOff.get(),
                    load.failed.get(),
                    (last - start) / 1e6,
                    percentile(sorted, 50) / 1e6,
                    percentile(sorted, 99) / 1e6,
                    -1,
                    (int) status("Threads"),
                    status("VmRSS"),
                    status("VmHWM"),
                    List.of());
            say(
                    "connect: %d of %d handed off in %.0f ms (each: p50 %.1f ms, p99 %.1f ms), %d failed; %d threads, RSS %d MiB",
                    s.opened(),
                    n,
                    s.openMillis(),
                    s.connectP50(),
                    s.connectP99(),
                    s.failed(),
                    s.threads(),
                    s.rssKiB() >> 10);
            return s;
        }

        Scenario steady() throws InterruptedException {
            return open("steady", o.steady(), o.rates(), false);
        }

        Scenario large() throws InterruptedException {
            return open("large", o.large(), List.of(o.largeRate()), true);
        }

        /** N conversations opened in batches, then the phases; {@code heap}: heap after GC per conversation too. */
        private Scenario open(String name, int n, List<Integer> rates, boolean heap) throws InterruptedException {
            long heapBefore = heap ? heapAfterGc() : 0;
            Load load = new Load(n);
            long start = System.nanoTime();

            for (int from = 0; from < n; from += o.batch()) {
                int to = Math.min(n, from + o.batch());
                String tooMany = threadLimit(from, n);
                String failure = tooMany != null ? tooMany : openBatch(load, name, from, to, Duration.ofSeconds(120));
                if (failure != null) {
                    say("%s: failed with %d open: %s", name, load.handedOff.get(), failure);
                    return new Scenario(
                            name,
                            failure,
                            load.handedOff.get(),
                            load.failed.get(),
                            (System.nanoTime() - start) / 1e6,
                            0,
                            0,
                            -1,
                            (int) status("Threads"),
                            status("VmRSS"),
                            status("VmHWM"),
                            List.of());
                }
            }
            double openMillis = (System.nanoTime() - start) / 1e6;
            int threads = (int) status("Threads");
            seen(n);
            double perConversation = heap ? (heapAfterGc() - heapBefore) / (double) n : -1;
            say(
                    "%s: %d open in %.0f ms; %d threads%s",
                    name,
                    n,
                    openMillis,
                    threads,
                    heap
                            ? String.format(Locale.ROOT, ", %.1f KiB of heap per conversation", perConversation / 1024)
                            : "");
            int top = rates.stream().mapToInt(Integer::intValue).max().orElseThrow();
            if (o.warmUp() > 0) phase(load, n, top, Math.max(top * o.warmUp(), n), false);
            List<Phase> phases = new ArrayList<>();
            for (int rate : rates) phases.add(phase(load, n, rate, rate * o.seconds(), true));
            Scenario s = new Scenario(
                    name,
                    load.failed.get() > 0 ? load.failed.get() + " conversation(s) dropped: " + load.failures : null,
                    n,
                    load.failed.get(),
                    openMillis,
                    0,
                    0,
                    perConversation,
                    Math.max(threads, (int) status("Threads")),
                    status("VmRSS"),
                    status("VmHWM"),
                    phases);
            say("%s: %d threads, RSS %d MiB, peak %d MiB", name, s.threads(), s.rssKiB() >> 10, s.hwmKiB() >> 10);
            return s;
        }

        /** Opens conversations {@code from..to-1} and waits for them; the failure, or {@code null}. */
        private String openBatch(Load load, String name, int from, int to, Duration timeout)
                throws InterruptedException {
            for (int i = from; i < to; i++) {
                load.openedAt[i] = System.nanoTime();
                conversations.open(load, i, name + "-" + i);
            }
            await(load, to, timeout);
            if (load.failed.get() > 0) return load.failed.get() + " failed: " + load.failures;
            if (load.handedOff.get() < to) {
                return (to - load.handedOff.get()) + " not handed off within " + timeout.toSeconds() + " s";
            }
            return null;
        }

        /** Threads per conversation with {@code open} open, kept if the most so far. */
        private void seen(int open) {
            threadsPerConversation =
                    Math.max(threadsPerConversation, Math.max(0, status("Threads") - base) / (double) open);
        }

        /**
         * Why the {@code n} conversations, {@code open} of them open, would take more threads than the machine should
         * give, or {@code null}. Projected from the threads per conversation of an earlier scenario of this process
         * (a closed conversation's threads may stay in a pool and serve the next ones, so the count now says little),
         * else from those the open ones took (none open: not checked; a batch of 500 takes at most 1,500): fewer than
         * {@code threadReserve} thread ids left free on the machine ({@code pid_max}, {@code threads-max}), or the
         * thread stacks' mappings (two each) past {@code vm.max_map_count}. Found once the first batch is open, so
         * that a subject that cannot fit stops before it takes the machine's thread ids from everybody else.
         */
        private String threadLimit(int open, int n) {
            if (open == 0) return null;
            int threads = (int) status("Threads");
            double perConversation =
                    threadsPerConversation > 0 ? threadsPerConversation : Math.max(0, threads - base) / (double) open;
            long adding = Math.max(0, Math.round(base + perConversation * n) - threads);
            long ids = Math.min(readLong("/proc/sys/kernel/pid_max"), readLong("/proc/sys/kernel/threads-max"));
            long inUse = machineThreads();
            long maps = readLong("/proc/sys/vm/max_map_count");
            long mapped = lines("/proc/self/maps");
            String stopped = String.format(
                    Locale.ROOT,
                    "stopped at %,d open: %,d threads (%.2f per conversation), RSS %,d MiB; %,d conversations would"
                            + " take about %,d threads",
                    open,
                    threads,
                    perConversation,
                    status("VmRSS") >> 10,
                    n,
                    threads + adding);
            if (ids > 0 && inUse > 0 && inUse + adding > ids - o.threadReserve()) {
                return String.format(
                        Locale.ROOT,
                        "%s, the machine %,d of its %,d thread ids (%,d in use, %,d kept free)",
                        stopped,
                        inUse + adding,
                        ids,
                        inUse,
                        o.threadReserve());
            }
            if (maps > 0 && mapped > 0 && mapped + 2 * adding > maps - 1000) {
                return String.format(
                        Locale.ROOT,
                        "%s, and %,d memory mappings, past vm.max_map_count %,d",
                        stopped,
                        mapped + 2 * adding,
                        maps);
            }
            return null;
        }

        /**
         * {@code count} messages at {@code rate}, open loop, over conversations {@code 0..n-1}; then up to the
         * drain for the last echoes. Measured: round trip, the process's CPU.
         */
        private Phase phase(Load load, int n, int rate, int count, boolean measured) throws InterruptedException {
            Window w = new Window(next, count);
            load.window = w;
            double cpuBefore = cpu();
            long start = System.nanoTime();
            long interval = 1_000_000_000L / rate;
            for (int k = 0; k < count; k++) {
                long due = start + k * interval;
                long wait = due - System.nanoTime();
                if (wait > 0) LockSupport.parkNanos(wait);
                int number = w.first + k;
                w.sentAt[k] = System.nanoTime();
                conversations.send(number % n, "m " + number);
            }
            long end = System.nanoTime();
            double cpu = cpu() - cpuBefore;
            next = w.first + count;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(o.drainSeconds());
            while (w.echoes.get() < count && System.nanoTime() < deadline) Thread.sleep(20);
            long[] trips = new long[count];
            int echoed = 0;
            for (int k = 0; k < count; k++) {
                long at = w.echoedAt.get(k);
                if (at != 0) trips[echoed++] = at - w.sentAt[k];
            }
            long[] sorted = Arrays.copyOf(trips, echoed);
            Arrays.sort(sorted);
            Phase p = new Phase(
                    rate,
                    count,
                    echoed,
                    w.wrong.get(),
                    percentile(sorted, 50) / 1e6,
                    percentile(sorted, 90) / 1e6,
                    percentile(sorted, 99) / 1e6,
                    percentile(sorted, 100) / 1e6,
                    cpu * 1e3 / count,
                    count / ((end - start) / 1e9));
            if (measured) {
                say(
                        "  %d msg/s (sent at %.0f/s): %d sent, %d echoed, %d wrong; round trip p50 %.1f ms, p90 %.1f ms,"
                                + " p99 %.1f ms, max %.1f ms; %.3f ms of CPU per message",
                        rate,
                        p.sentPerSecond(),
                        p.sent(),
                        p.echoed(),
                        p.wrong(),
                        p.p50(),
                        p.p90(),
                        p.p99(),
                        p.max(),
                        p.cpuMillisPerMessage());
            }
            return p;
        }

        /** The process's threads once those of the last scenario's conversations are gone (at most 5 s). */
        private static int settledThreads() throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            long threads = status("Threads");
            while (System.nanoTime() < deadline) {
                Thread.sleep(200);
                long now = status("Threads");
                if (now >= threads) break;
                threads = now;
            }
            return (int) threads;
        }

        private static void await(Load load, int count, Duration timeout) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (load.settled() < count && System.nanoTime() < deadline) Thread.sleep(5);
        }

        private static void say(String format, Object... args) {
            System.out.println("# " + String.format(Locale.ROOT, format, args));
            System.out.flush();
        }
    }

    // ---- measurement ----

    /** The process's CPU time, in seconds. */
    static double cpu() {
        return ProcessHandle.current()
                        .info()
                        .totalCpuDuration()
                        .map(Duration::toNanos)
                        .orElse(0L)
                / 1e9;
    }

    static long heapAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100); // let the collector settle; measurement only
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** A number from {@code /proc/self/status} ({@code Threads}, or {@code VmRSS}/{@code VmHWM} in KiB), or -1. */
    static long status(String key) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith(key + ":")) return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        } catch (IOException | NumberFormatException e) {
            // not Linux
        }
        return -1;
    }

    /** Every thread of the machine ({@code /proc/loadavg}'s fourth field, {@code running/total}), or -1. */
    static long machineThreads() {
        try {
            String[] parts = Files.readAllLines(Path.of("/proc/loadavg")).get(0).split(" ");
            return Long.parseLong(parts[3].substring(parts[3].indexOf('/') + 1));
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private static long readLong(String file) {
        try {
            return Long.parseLong(Files.readAllLines(Path.of(file)).get(0).trim());
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private static long lines(String file) {
        try (var lines = Files.lines(Path.of(file))) {
            return lines.count();
        } catch (IOException | java.io.UncheckedIOException e) {
            return -1;
        }
    }

    static long percentile(long[] sorted, double p) {
        if (sorted.length == 0) return 0;
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(index, sorted.length - 1))];
    }

    private static String loadAverage() {
        try {
            String[] parts = Files.readAllLines(Path.of("/proc/loadavg")).get(0).split(" ");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (IOException e) {
            return "unknown";
        }
    }

    // ---- the tables ----

    static void tables(Map<String, List<Map<String, Scenario>>> runs, Options o, PrintStream out) {
        out.printf(
                Locale.ROOT,
                "%nMedians of %d round(s) (min-max with several); ratio: the median over the raw library's (lower is"
                        + " better); each subject in a process of its own, JVM %s%n",
                o.rounds(),
                String.join(" ", o.jvm()));
        if (o.scenarios().contains("connect")) {
            out.printf(Locale.ROOT, "%n%,d conversations opened at once (websocket unless named)%n%n", o.connect());
            out.println("| subject | all handed off | each p50 | each p99 | failed | threads | ratio all / p99 |");
            out.println("|---|---|---|---|---|---|---|");
            for (String subject : runs.keySet()) {
                List<Scenario> done = done(runs, subject, "connect");
                if (done.isEmpty()) {
                    failedRow(runs, subject, "connect", 5, out);
                    continue;
                }
                double[] all = values(done, Scenario::openMillis);
                double[] p99 = values(done, Scenario::connectP99);
                List<Scenario> raw = done(runs, "raw", "connect");
                out.printf(
                        Locale.ROOT,
                        "| %s | %s ms | %s ms | %s ms | %d | %s | %s |%n",
                        subject,
                        range(all),
                        range(values(done, Scenario::connectP50)),
                        range(p99),
                        done.stream().mapToInt(Scenario::failed).sum(),
                        range0(values(done, s -> (double) s.threads())),
                        ratios(raw, List.of(all, p99), List.of(Scenario::openMillis, Scenario::connectP99)));
            }
        }
        if (o.scenarios().contains("steady")) {
            out.printf(Locale.ROOT, "%n%,d conversations open, messages at a steady aggregate rate%n%n", o.steady());
            out.println("| subject | rate | round trip p50 | round trip p99 | lost | CPU per message | threads | RSS"
                    + " | ratio p50 / p99 / CPU |");
            out.println("|---|---|---|---|---|---|---|---|---|");
            for (int index = 0; index < o.rates().size(); index++) {
                int i = index;
                for (String subject : runs.keySet()) {
                    List<Scenario> done = done(runs, subject, "steady");
                    if (done.isEmpty()) {
                        failedRow(runs, subject, "steady", 7, out);
                        continue;
                    }
                    phaseRow(subject, o.rates().get(i), done, done(runs, "raw", "steady"), i, out);
                }
            }
        }
        if (o.scenarios().contains("large")) {
            out.printf(Locale.ROOT, "%n%,d conversations open, %,d messages/s aggregate%n%n", o.large(), o.largeRate());
            out.println("| subject | opened in | round trip p50 | round trip p99 | lost | RSS peak | RSS | threads"
                    + " | heap per conversation | ratio p99 / RSS peak / threads |");
            out.println("|---|---|---|---|---|---|---|---|---|---|");
            for (String subject : runs.keySet()) {
                List<Scenario> done = done(runs, subject, "large");
                if (done.isEmpty()) {
                    failedRow(runs, subject, "large", 8, out);
                    continue;
                }
                List<Scenario> raw = done(runs, "raw", "large");
                Function<Scenario, Double> p99 = s -> s.phases().get(0).p99();
                Function<Scenario, Double> hwm = s -> s.hwmKiB() / 1024.0;
                Function<Scenario, Double> threads = s -> (double) s.threads();
                out.printf(
                        Locale.ROOT,
                        "| %s | %s s | %s ms | %s ms | %d | %s MiB | %s MiB | %s | %s KiB | %s |%n",
                        subject,
                        range(values(done, s -> s.openMillis() / 1e3)),
                        range(values(done, s -> s.phases().get(0).p50())),
                        range(values(done, p99)),
                        done.stream()
                                .mapToInt(s -> s.phases().get(0).sent()
                                        - s.phases().get(0).echoed())
                                .sum(),
                        range0(values(done, hwm)),
                        range0(values(done, s -> s.rssKiB() / 1024.0)),
                        range0(values(done, threads)),
                        range(values(done, s -> s.heapPerConversation() / 1024)),
                        ratios(
                                raw,
                                List.of(values(done, p99), values(done, hwm), values(done, threads)),
                                List.of(p99, hwm, threads)));
            }
        }
        targets(runs, o, out);
    }

    /** Issue 14's targets, for each subject of the bridge: met or missed, on these medians. */
    private static void targets(Map<String, List<Map<String, Scenario>>> runs, Options o, PrintStream out) {
        out.printf("%nTargets (medians; indicative on a loaded machine)%n");
        for (String subject : runs.keySet()) {
            if (subject.equals("raw")) continue;
            List<String> verdicts = new ArrayList<>();
            List<Scenario> connect = done(runs, subject, "connect");
            if (o.scenarios().contains("connect")) {
                verdicts.add(
                        connect.isEmpty()
                                ? "connect " + o.connect() + ": failed"
                                : verdict(
                                        "connect " + o.connect() + " <= 5 s",
                                        median(values(connect, s -> s.openMillis() / 1e3)),
                                        5,
                                        "s"));
            }
            List<Scenario> large = done(runs, subject, "large");
            if (o.scenarios().contains("large")) {
                if (large.isEmpty()) {
                    verdicts.add("large " + o.large() + ": failed");
                } else {
                    verdicts.add(verdict(
                            o.large() + " open: RSS peak <= 1024 MiB",
                            median(values(large, s -> s.hwmKiB() / 1024.0)),
                            1024,
                            "MiB"));
                    verdicts.add(verdict(
                            "p99 <= 50 ms at " + o.largeRate() + " msg/s",
                            median(values(large, s -> s.phases().get(0).p99())),
                            50,
                            "ms"));
                }
            }
            List<Scenario> steady = done(runs, subject, "steady");
            List<Scenario> raw = done(runs, "raw", "steady");
            if (o.scenarios().contains("steady") && !steady.isEmpty() && !raw.isEmpty()) {
                for (int i = 0; i < o.rates().size(); i++) {
                    int index = i;
                    double ratio = median(
                                    values(steady, s -> s.phases().get(index).p99()))
                            / median(values(raw, s -> s.phases().get(index).p99()));
                    verdicts.add(verdict(
                            "p99 at " + o.steady() + " open, " + o.rates().get(i) + " msg/s <= 1.1x raw",
                            ratio,
                            1.1,
                            "x"));
                }
            }
            out.printf("- %s: %s%n", subject, String.join("; ", verdicts));
        }
    }

    private static String verdict(String target, double value, double limit, String unit) {
        return String.format(Locale.ROOT, "%s: %.2f %s, %s", target, value, unit, value <= limit ? "met" : "MISSED");
    }

    private static void phaseRow(
            String subject, int rate, List<Scenario> done, List<Scenario> raw, int i, PrintStream out) {
        Function<Scenario, Double> p50 = s -> s.phases().get(i).p50();
        Function<Scenario, Double> p99 = s -> s.phases().get(i).p99();
        Function<Scenario, Double> cpu = s -> s.phases().get(i).cpuMillisPerMessage();
        out.printf(
                Locale.ROOT,
                "| %s | %d msg/s | %s ms | %s ms | %d | %s ms | %s | %s MiB | %s |%n",
                subject,
                rate,
                range(values(done, p50)),
                range(values(done, p99)),
                done.stream()
                        .mapToInt(s ->
                                s.phases().get(i).sent() - s.phases().get(i).echoed())
                        .sum(),
                range3(values(done, cpu)),
                range0(values(done, s -> (double) s.threads())),
                range0(values(done, s -> s.rssKiB() / 1024.0)),
                ratios(raw, List.of(values(done, p50), values(done, p99), values(done, cpu)), List.of(p50, p99, cpu)));
    }

    private static void failedRow(
            Map<String, List<Map<String, Scenario>>> runs,
            String subject,
            String scenario,
            int cells,
            PrintStream out) {
        String why = runs.get(subject).stream()
                .map(r -> r.get(scenario))
                .filter(s -> s != null && !s.ok())
                .map(Scenario::failure)
                .findFirst()
                .orElse("not run");
        StringBuilder row = new StringBuilder("| " + subject + " | failed: " + why.replace('|', '/'));
        for (int i = 0; i < cells; i++) row.append(" | -");
        out.println(row.append(" |"));
    }

    /** The scenario's results of the subject's rounds that completed. */
    private static List<Scenario> done(Map<String, List<Map<String, Scenario>>> runs, String subject, String name) {
        return runs.getOrDefault(subject, List.of()).stream()
                .map(r -> r.get(name))
                .filter(s -> s != null && s.ok())
                .toList();
    }

    private static double[] values(List<Scenario> scenarios, Function<Scenario, Double> value) {
        return scenarios.stream().mapToDouble(value::apply).toArray();
    }

    private static String ratios(List<Scenario> raw, List<double[]> mine, List<Function<Scenario, Double>> values) {
        if (raw.isEmpty()) return "(raw failed)";
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < mine.size(); i++) {
            parts.add(String.format(Locale.ROOT, "%.2f", median(mine.get(i)) / median(values(raw, values.get(i)))));
        }
        return String.join(" / ", parts);
    }

    private static String range(double[] values) {
        return range(values, "%.1f");
    }

    private static String range0(double[] values) {
        return range(values, "%.0f");
    }

    private static String range3(double[] values) {
        return range(values, "%.3f");
    }

    private static String range(double[] values, String format) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        String m = String.format(Locale.ROOT, format, median(sorted));
        if (sorted.length == 1) return m;
        return m + " (" + String.format(Locale.ROOT, format, sorted[0]) + "-"
                + String.format(Locale.ROOT, format, sorted[sorted.length - 1]) + ")";
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        if (n == 0) return Double.NaN;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
