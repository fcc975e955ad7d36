package dev.handoff.channel.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.inject.Guice;
import dev.handoff.HandoffRuntime;
import dev.handoff.channel.ServedBot;
import dev.handoff.channel.web.ChannelModule;
import dev.handoff.channel.web.ChannelServer;
import dev.handoff.channel.web.ServerSettings;
import dev.handoff.desk.support.Sockets;
import dev.handoff.dialogue.Bot;
import dev.handoff.liveagent.LiveAgentModule;
import dev.handoff.nlp.Interpretation;
import dev.handoff.nlp.NlpModule;
import dev.handoff.nlp.NlpPipeline;
import dev.handoff.nlp.NlpPipelineFactory;
import dev.handoff.nlp.TrainingData;
import dev.handoff.nlp.opennlp.OpenNlpPipelineFactory;
import dev.handoff.translate.lingua.LanguageDetectionModule;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Not a test: concurrent web users of one bot server. Starts the server in this JVM as {@code handoff serve}
 * does (the production modules: the built-in OpenNLP pipeline, lingua, the Socket.IO live-agent client), with
 * a one-language bot without live agent whose every turn says exactly one line (an intent's answer or the
 * fallback), then runs {@code src/test/js/web-load.js} under Node: N conversations over Rasa's socketio
 * channel (websocket, {@code session_request} → {@code session_confirm}), opened in batches and kept open,
 * then for each rate (messages/s in total, over random idle conversations) {@code seconds} of {@code
 * user_uttered} → first {@code bot_uttered}, timed in Node. The turn latency includes the NLP; the NLP's own
 * time is measured here around every {@code interpret} call and printed next to it.
 *
 * <p>Prints, on this side: heap after GC before and with N conversations open, and the difference per
 * conversation; VmRSS; threads; process CPU seconds and garbage collections during each steady phase (after
 * a warm-up of 10 s at 500 messages/s, not measured). Node's own CPU and event-loop
 * delay are printed too: the load generator shares the machine's cores.
 *
 * <pre>
 * mvn -q -o test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt
 * (cd src/test/js &amp;&amp; npm ci)
 * ulimit -n 20000   # each process (this JVM, Node) holds one socket per conversation, plus its own files
 * java -cp "target/classes:target/test-classes:$(cat target/cp.txt)" dev.handoff.channel.bench.WebUsersBenchmark [N] [rates] [seconds] [batch]
 * </pre>
 * Defaults: 10000 conversations, rates 200,1000, 20 s, batches of 500. With too low a limit of open files
 * the server's accepts fail ({@code Too many open files}) and Node reports {@code connect_error}s; worse,
 * a class the server loads lazily then fails to load for good ({@code NoClassDefFoundError}), so raise the
 * limit before the run, not during it.
 */
public final class WebUsersBenchmark {
    static final String BOT =
            """
            id: bench-bot
            languages: [en]
            intents:
              greet: {en: [hello, hi, good morning, good evening]}
              hours: {en: [when are you open, opening hours, what time do you open]}
            responses:
              hello: {en: "Hello! How can I help?"}
              hours: {en: "We are open 08:00 to 17:00."}
              fallback: {en: "Sorry, I did not get that."}
            streams:
              greeting: {trigger: greet, steps: [{say: hello}]}
              opening: {trigger: hours, steps: [{say: hours}]}
            """;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path JS = Path.of("src/test/js");

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        String rates = args.length > 1 ? args[1] : "200,1000";
        int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 20;
        int batch = args.length > 3 ? Integer.parseInt(args[3]) : 500;
        if (!Files.isDirectory(JS.resolve("node_modules/socket.io-client"))) {
            System.err.println("run `npm ci` in " + JS + " first (socket.io-client 3.1.3 from its lock file)");
            System.exit(2);
        }
        TimedNlp nlp = new TimedNlp(new OpenNlpPipelineFactory());
        HandoffRuntime runtime = HandoffRuntime.create(
                List.of(new NlpModule(), new LanguageDetectionModule(), new LiveAgentModule()),
                binder -> binder.bind(NlpPipelineFactory.class).toInstance(nlp));
        Bot bot = runtime.bot(runtime.botLoader().loadOrThrow("bench-bot.yaml", BOT));
        ServerSettings settings = new ServerSettings("127.0.0.1", Sockets.freePort(), List.of());
        ChannelServer server = Guice.createInjector(new ChannelModule(
                        settings,
                        runtime.conversations(),
                        List.of(new ServedBot(bot, ServedBot.DEFAULT_MAX_MESSAGE_LENGTH))))
                .getInstance(ChannelServer.class);
        server.start();

        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        System.out.printf(
                Locale.ROOT,
                "web users: %d conversations (batches of %d), rates %s msg/s for %d s each; %d cores, Java %s,"
                        + " max heap %d MiB, open files limit %s%n",
                n,
                batch,
                rates,
                seconds,
                Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"),
                Runtime.getRuntime().maxMemory() >> 20,
                openFilesLimit());
        long heapBefore = heapAfterGc();
        System.out.printf(
                Locale.ROOT,
                "server started, no conversation: heap after GC %.1f MiB, RSS %d MiB, %d threads%n",
                heapBefore / 1048576.0,
                rssKiB() >> 10,
                threads.getThreadCount());

        Process node = new ProcessBuilder(
                        "node",
                        "web-load.js",
                        server.url().toString(),
                        Integer.toString(n),
                        Integer.toString(batch),
                        Integer.toString(seconds),
                        rates)
                .directory(JS.toFile())
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        Writer toNode = new OutputStreamWriter(node.getOutputStream(), StandardCharsets.UTF_8);
        long cpuAtStart = 0;
        long[] gcAtStart = gc();
        try (BufferedReader fromNode =
                new BufferedReader(new InputStreamReader(node.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = fromNode.readLine()) != null; ) {
                JsonNode event = JSON.readTree(line);
                switch (event.path("event").asText()) {
                    case "opened" -> {
                        System.out.println("node: " + line);
                        long heapOpen = heapAfterGc();
                        int open = server.sessions().size();
                        System.out.printf(
                                Locale.ROOT,
                                "%d conversations open (server sessions %d): heap after GC %.1f MiB (+%.1f KiB per"
                                        + " conversation), RSS %d MiB, %d threads (peak %d)%n",
                                event.path("open").asInt(),
                                open,
                                heapOpen / 1048576.0,
                                (heapOpen - heapBefore) / 1024.0 / Math.max(1, open),
                                rssKiB() >> 10,
                                threads.getThreadCount(),
                                threads.getPeakThreadCount());
                        go(toNode);
                    }
                    case "ready" -> {
                        nlp.reset();
                        gcAtStart = gc();
                        cpuAtStart = os.getProcessCpuTime();
                        go(toNode);
                    }
                    case "warmup" -> System.out.println("node (warm-up, not measured): " + line);
                    case "steady" -> {
                        double cpu = (os.getProcessCpuTime() - cpuAtStart) / 1e9;
                        long[] gcNow = gc();
                        JsonNode lat = event.path("latencyMs");
                        System.out.println("node: " + line);
                        System.out.printf(
                                Locale.ROOT,
                                "steady %d msg/s (achieved %d): turn latency p50 %s p90 %s p99 %s max %s ms over %d"
                                        + " answers; server CPU %.1f s in %.1f s (%.0f %% of one core); GC %d"
                                        + " collections, %d ms; NLP %s; heap used %d MiB, RSS %d MiB, %d threads%n",
                                event.path("rate").asInt(),
                                event.path("achievedRate").asInt(),
                                lat.path("p50").asText(),
                                lat.path("p90").asText(),
                                lat.path("p99").asText(),
                                lat.path("max").asText(),
                                lat.path("count").asInt(),
                                cpu,
                                event.path("seconds").asDouble(),
                                100 * cpu / event.path("seconds").asDouble(),
                                gcNow[0] - gcAtStart[0],
                                gcNow[1] - gcAtStart[1],
                                nlp.summary(),
                                heapUsed() >> 20,
                                rssKiB() >> 10,
                                threads.getThreadCount());
                    }
                    default -> System.out.println("node: " + line);
                }
            }
        }
        int exit = node.waitFor();
        System.out.println("node exited with " + exit);
        server.stop();
        runtime.close();
        System.exit(exit);
    }

    private static void go(Writer toNode) throws IOException {
        toNode.write("go\n");
        toNode.flush();
    }

    /** Collections and milliseconds spent in them, all collectors. */
    private static long[] gc() {
        long count = 0;
        long millis = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            count += Math.max(0, gc.getCollectionCount());
            millis += Math.max(0, gc.getCollectionTime());
        }
        return new long[] {count, millis};
    }

    private static long heapAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(200);
        }
        return heapUsed();
    }

    private static long heapUsed() {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        return memory.getHeapMemoryUsage().getUsed();
    }

    /** VmRSS from /proc/self/status, in KiB (0 where there is no /proc). */
    static long rssKiB() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
        return 0;
    }

    private static String openFilesLimit() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/limits"))) {
                if (line.startsWith("Max open files"))
                    return line.replaceAll("\\s+", " ").substring(15).trim();
            }
        } catch (IOException e) {
            return "?";
        }
        return "?";
    }

    /** The real pipeline, with the time of every {@code interpret} call recorded. */
    static final class TimedNlp implements NlpPipelineFactory {
        private final NlpPipelineFactory real;
        private final ConcurrentLinkedQueue<Long> nanos = new ConcurrentLinkedQueue<>();

        TimedNlp(NlpPipelineFactory real) {
            this.real = real;
        }

        @Override
        public NlpPipeline train(TrainingData data) {
            NlpPipeline pipeline = real.train(data);
            return (language, text) -> {
                long t0 = System.nanoTime();
                Interpretation i = pipeline.interpret(language, text);
                nanos.add(System.nanoTime() - t0);
                return i;
            };
        }

        void reset() {
            nanos.clear();
        }

        String summary() {
            List<Long> sorted = new ArrayList<>(nanos);
            if (sorted.isEmpty()) return "no interpret call";
            sorted.sort(null);
            return String.format(
                    Locale.ROOT,
                    "%d interpret calls, p50 %.0f µs, p99 %.0f µs, max %.1f ms",
                    sorted.size(),
                    at(sorted, 50) / 1e3,
                    at(sorted, 99) / 1e3,
                    at(sorted, 100) / 1e6);
        }

        private static long at(List<Long> sorted, double p) {
            int i = (int) Math.ceil(p / 100 * sorted.size()) - 1;
            return sorted.get(Math.max(0, Math.min(sorted.size() - 1, i)));
        }
    }

    private WebUsersBenchmark() {}
}
