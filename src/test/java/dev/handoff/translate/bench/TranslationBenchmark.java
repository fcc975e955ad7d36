package dev.handoff.translate.bench;

import dev.handoff.desk.api.AgentEvents;
import dev.handoff.desk.config.DeskConfig;
import dev.handoff.desk.server.DeskService;
import dev.handoff.desk.support.TestAgent;
import dev.handoff.desk.support.TestBot;
import dev.handoff.desk.support.TestDesks;
import dev.handoff.translate.Translation;
import dev.handoff.translate.TranslationChain;
import dev.handoff.translate.TranslationRequest;
import dev.handoff.translate.Translator;
import dev.handoff.translate.Translators;
import dev.handoff.translate.apertium.ApertiumTranslator;
import dev.handoff.translate.apertium.LocalApy;
import dev.handoff.translate.lingua.LinguaDetector;
import dev.handoff.translate.memory.TranslationMemory;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import org.json.JSONObject;

/**
 * Not a test: what translation costs, side by side in one run on one machine.
 *
 * <ol>
 *   <li><b>Through a real desk</b> (H2, real Socket.IO, a bot in delivery mode, an agent whose language is
 *       English): the latency of a user message until the agent receives it, and of an agent message until the
 *       user's bot receives it, for a chat in English (nothing to translate: the baseline), a chat in Spanish
 *       translated by a warm local Apertium APY, and a chat in Spanish whose every text is in the translation
 *       memory. Every message is a new text (no cache hit flatters the engine).
 *   <li><b>The batch path</b>: a 50-message history (es → en) through the chain with APY, a new history each
 *       time; histories per second.
 *   <li><b>Detection</b>: lingua over the project's labelled sentences (src/test/resources/language-detection),
 *       time per sentence and accuracy per language.
 * </ol>
 *
 * <pre>
 * java -cp "$CP" dev.handoff.translate.bench.TranslationBenchmark [messages per scenario, 200] [rounds, 3]
 * </pre>
 *
 * Needs {@code apertium-apy} and {@code apertium-eng-spa} (Debian packages; {@code .ci/run} installs them).
 */
public final class TranslationBenchmark {
    private static final Duration TIMEOUT = Duration.ofSeconds(3);

    public static void main(String[] args) throws Exception {
        int messages = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        System.out.printf(
                "translation: %d messages per scenario and direction, %d round(s), %d cores, Java %s%n",
                messages, rounds, Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
        HttpClient http = HttpClient.newBuilder()
                .executor(Executors.newFixedThreadPool(2, r -> {
                    Thread t = new Thread(r, "bench-http");
                    t.setDaemon(true);
                    return t;
                }))
                .build();
        try (LocalApy apy = LocalApy.start("eng-spa", "spa-eng")) {
            Translator apertium = new ApertiumTranslator(http, apy.uri(), TIMEOUT);
            apertium.languages().join();
            warm(apertium, messages);
            for (int round = 1; round <= rounds; round++) {
                System.out.printf("round %d%n", round);
                desk("none (en ↔ en)", Translators.none(), "en", round, messages, false);
                desk(
                        "apertium (es ↔ en)",
                        chain(TranslationMemory.builder().build(), apertium),
                        "es",
                        round,
                        messages,
                        false);
                desk("memory (es ↔ en)", chain(memoryOf(round, messages), apertium), "es", round, messages, true);
                batches(apertium, round);
            }
        }
        detection();
        System.exit(0);
    }

    private static TranslationChain chain(TranslationMemory memory, Translator engine) {
        return new TranslationChain(
                memory,
                engine,
                10_000,
                TIMEOUT,
                Clock.systemUTC(),
                new io.micrometer.core.instrument.simple.SimpleMeterRegistry());
    }

    /** A few translations so that APY's pipelines are loaded (the first takes seconds). */
    private static void warm(Translator apertium, int n) {
        for (int i = 0; i < 20; i++) {
            apertium.translate(TranslationRequest.of(spanish(-1, i), "es", "en"))
                    .join();
            apertium.translate(TranslationRequest.of(english(-1, i), "en", "es"))
                    .join();
        }
    }

    // ------------------------------------------------------------------------------------------ the desk

    private static void desk(String name, Translator translator, String userLanguage, int round, int n, boolean memory)
            throws Exception {
        Path data = Files.createTempDirectory("translation-bench");
        DeskConfig config = TestDesks.config(data);
        DeskService desk = TestDesks.start(config, translator);
        String url = TestDesks.url(config);
        List<Double> toAgent = new ArrayList<>();
        List<Double> toUser = new ArrayList<>();
        int untranslated = 0;
        try (TestAgent ann = TestAgent.signIn(url, "ann", "ann-token");
                TestBot bot = TestBot.delivery(
                        url,
                        "bench-" + round + "-" + System.nanoTime(),
                        Map.of("department", "sales", "language", userLanguage))) {
            String chatId = ann.nextAssigned();
            for (int i = 0; i < n; i++) {
                String said = userLanguage.equals("en") ? english(round, i) : spanish(round, i);
                long t0 = System.nanoTime();
                bot.say("m" + i, said);
                JSONObject m = (JSONObject) ann.events.await(
                        AgentEvents.MESSAGE,
                        v -> ((JSONObject) v).optString("text").equals(said));
                toAgent.add((System.nanoTime() - t0) / 1e6);
                if (!userLanguage.equals("en") && m.optJSONObject("translation") == null) untranslated++;
                else if (m.optJSONObject("translation") != null
                        && !m.optJSONObject("translation").isNull("error")) untranslated++;

                String reply = memory ? english(round, 10_000 + i) : english(round, 20_000 + i);
                long t1 = System.nanoTime();
                ann.emit(AgentEvents.SEND, "chatId", chatId, "text", reply);
                bot.awaitDelivered(i + 1);
                toUser.add((System.nanoTime() - t1) / 1e6);
            }
        } finally {
            desk.stop();
        }
        System.out.printf(
                "  desk, %-20s user → agent p50 %6.2f ms p90 %6.2f ms p99 %6.2f ms | agent → user p50 %6.2f ms p90"
                        + " %6.2f ms p99 %6.2f ms | not translated %d%n",
                name,
                pct(toAgent, 50),
                pct(toAgent, 90),
                pct(toAgent, 99),
                pct(toUser, 50),
                pct(toUser, 90),
                pct(toUser, 99),
                untranslated);
    }

    /** The memory scenario's texts: every user message and every reply of the round, in both languages. */
    private static TranslationMemory memoryOf(int round, int n) {
        TranslationMemory.Builder b = TranslationMemory.builder();
        for (int i = 0; i < n; i++) {
            b.add(Map.of("es", spanish(round, i), "en", english(round, i)));
            b.add(Map.of("en", english(round, 10_000 + i), "es", spanish(round, 10_000 + i)));
        }
        return b.build();
    }

    private static final String[] ES = {
        "Mi pedido número %d no ha llegado todavía.",
        "Quiero hablar con una persona sobre la factura %d.",
        "La aplicación se cierra cuando pago el pedido %d.",
        "Me cobraron dos veces por el pedido %d.",
    };
    private static final String[] EN = {
        "Your order %d is on its way.",
        "I have checked invoice %d for you.",
        "Please try paying for order %d again now.",
        "I have refunded the second payment for order %d.",
    };

    private static String spanish(int round, int i) {
        return ES[Math.floorMod(i, ES.length)].formatted(100_000 * (round + 1) + i);
    }

    private static String english(int round, int i) {
        return EN[Math.floorMod(i, EN.length)].formatted(100_000 * (round + 1) + i);
    }

    // ------------------------------------------------------------------------------------------ batches

    private static void batches(Translator apertium, int round) {
        TranslationChain chain = chain(TranslationMemory.builder().build(), apertium);
        int histories = 10;
        List<Double> ms = new ArrayList<>();
        for (int h = 0; h < histories; h++) {
            List<String> history = new ArrayList<>();
            for (int i = 0; i < 50; i++) history.add(spanish(round * 1000 + h, i));
            long t0 = System.nanoTime();
            Translation t =
                    chain.translate(new TranslationRequest(history, "es", "en")).join();
            ms.add((System.nanoTime() - t0) / 1e6);
            if (t.texts().size() != 50)
                throw new AssertionError("a history lost texts: " + t.texts().size());
        }
        double total = ms.stream().mapToDouble(Double::doubleValue).sum();
        System.out.printf(
                "  batch, apertium: 50-message history p50 %.0f ms, max %.0f ms; %.2f histories/s (%.0f messages/s)%n",
                pct(ms, 50), pct(ms, 100), histories / (total / 1000), histories * 50 / (total / 1000));
    }

    // ------------------------------------------------------------------------------------------ detection

    private static void detection() throws Exception {
        List<String[]> labelled = new ArrayList<>();
        for (String line : Files.readAllLines(
                Path.of("src/test/resources/language-detection/sentences.tsv"), StandardCharsets.UTF_8)) {
            if (line.isBlank() || line.startsWith("#")) continue;
            String[] f = line.split("\t", 2);
            if (List.of("en", "af", "zu", "xh", "st", "tn", "ts").contains(f[0])) labelled.add(f);
        }
        long t0 = System.nanoTime();
        LinguaDetector detector = new LinguaDetector(List.of("en", "af", "zu", "xh", "st", "tn", "ts"));
        double loadMs = (System.nanoTime() - t0) / 1e6;
        Map<String, int[]> byLanguage = new LinkedHashMap<>();
        List<Double> us = new ArrayList<>();
        for (int rep = 0; rep < 50; rep++) {
            for (String[] l : labelled) {
                long s = System.nanoTime();
                Optional<String> got = detector.detect(l[1]).map(d -> d.language());
                us.add((System.nanoTime() - s) / 1e3);
                if (rep == 0) {
                    int[] c = byLanguage.computeIfAbsent(l[0], k -> new int[3]);
                    c[0]++;
                    if (got.isEmpty()) c[2]++;
                    else if (got.get().equals(l[0])) c[1]++;
                }
            }
        }
        StringBuilder acc = new StringBuilder();
        int right = 0, all = 0;
        for (var e : byLanguage.entrySet()) {
            acc.append(" ")
                    .append(e.getKey())
                    .append(" ")
                    .append(e.getValue()[1])
                    .append("/")
                    .append(e.getValue()[0]);
            right += e.getValue()[1];
            all += e.getValue()[0];
        }
        System.out.printf(
                "detection: models loaded in %.0f ms; per sentence p50 %.0f µs, p99 %.0f µs; right %d/%d (%.1f %%):%s%n",
                loadMs, pct(us, 50), pct(us, 99), right, all, 100.0 * right / all, acc);
    }

    private static double pct(List<Double> values, int p) {
        double[] v = values.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(v);
        if (v.length == 0) return Double.NaN;
        int i = (int) Math.ceil(p / 100.0 * v.length) - 1;
        return v[Math.max(0, Math.min(v.length - 1, i))];
    }
}
