package dev.handoff.conversation.bench;

import com.google.inject.AbstractModule;
import com.google.inject.Module;
import com.google.inject.util.Modules;
import dev.handoff.HandoffRuntime;
import dev.handoff.conversation.ConversationStoreModule;
import dev.handoff.conversation.ConversationStoreSettings;
import dev.handoff.dialogue.Bot;
import dev.handoff.dialogue.TestRuntime;
import dev.handoff.liveagent.FakeLiveAgentClient;
import dev.handoff.routing.Conversations;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Not a test: what storing conversations costs a turn. Runs the same scripted turns (the test bot {@code
 * shop}: a greeting, a menu, a form of two fields; the keyword NLP, so the NLP's own cost is left out) with
 * {@code threads} users at once, in memory (no store), on H2 ({@code WRITE_DELAY=0}) and, given a URL, on
 * PostgreSQL; reports per-turn latency percentiles and turns per second.
 *
 * <pre>java -cp "$CP" dev.handoff.conversation.bench.ConversationStoreBenchmark [turns] [threads] [PG_URL]</pre>
 */
public final class ConversationStoreBenchmark {
    private static final String[] SCRIPT = {"hi", "order", "1", "Soweto", "thandi@example.org"};

    private ConversationStoreBenchmark() {}

    public static void main(String[] args) throws Exception {
        int turns = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : 8;
        Path dir = Files.createTempDirectory("conversation-store-bench");
        run(
                "warm-up (H2)",
                Modules.EMPTY_MODULE,
                ConversationStoreSettings.inDirectory(dir.resolve("warm")),
                turns / 4,
                threads);
        run("in memory", Modules.EMPTY_MODULE, null, turns, threads);
        run(
                "H2, WRITE_DELAY=0",
                Modules.EMPTY_MODULE,
                ConversationStoreSettings.inDirectory(dir.resolve("h2")),
                turns,
                threads);
        if (args.length > 2) {
            run("PostgreSQL", Modules.EMPTY_MODULE, ConversationStoreSettings.of(args[2]), turns, threads);
        }
        System.exit(0);
    }

    private static void run(String name, Module base, ConversationStoreSettings store, int turns, int threads)
            throws Exception {
        Module overrides = store == null
                ? base
                : new AbstractModule() {
                    @Override
                    protected void configure() {
                        install(new ConversationStoreModule(store));
                    }
                };
        try (HandoffRuntime runtime = TestRuntime.with(new FakeLiveAgentClient(), overrides)) {
            Bot bot = runtime.bot(runtime.botLoader().loadOrThrow("shop.yaml", resource("bots/shop.yaml")));
            Conversations conversations = runtime.conversations();
            String run = Long.toString(System.nanoTime(), 36);
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            int perThread = turns / threads;
            long start = System.nanoTime();
            List<Future<long[]>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                results.add(pool.submit(() -> {
                    long[] latencies = new long[perThread];
                    String id = null;
                    for (int i = 0; i < perThread; i++) {
                        if (i % SCRIPT.length == 0) {
                            id = run + "-" + thread + "-" + i;
                            conversations.open(id, bot, "en", (c, r) -> {});
                        }
                        long before = System.nanoTime();
                        conversations.send(id, SCRIPT[i % SCRIPT.length]);
                        latencies[i] = System.nanoTime() - before;
                    }
                    return latencies;
                }));
            }
            long[] all = new long[perThread * threads];
            int n = 0;
            for (Future<long[]> f : results) {
                long[] l = f.get();
                System.arraycopy(l, 0, all, n, l.length);
                n += l.length;
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            pool.shutdown();
            Arrays.sort(all);
            System.out.printf(
                    Locale.ROOT,
                    "%-20s %,d turns, %d threads: p50 %.3f ms, p90 %.3f ms, p99 %.3f ms, max %.1f ms; %,.0f turns/s%n",
                    name,
                    all.length,
                    threads,
                    all[all.length / 2] / 1e6,
                    all[all.length * 9 / 10] / 1e6,
                    all[all.length * 99 / 100] / 1e6,
                    all[all.length - 1] / 1e6,
                    all.length / seconds);
        }
    }

    private static String resource(String path) {
        try (InputStream in = ConversationStoreBenchmark.class.getClassLoader().getResourceAsStream(path)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException | NullPointerException e) {
            throw new AssertionError("missing test resource " + path, e);
        }
    }
}
