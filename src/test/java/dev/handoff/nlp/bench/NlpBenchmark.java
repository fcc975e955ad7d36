package dev.handoff.nlp.bench;

import dev.handoff.nlp.Interpretation;
import dev.handoff.nlp.NlpPipeline;
import dev.handoff.nlp.NlpSettings;
import dev.handoff.nlp.TrainingData;
import dev.handoff.nlp.opennlp.CharNgramFeatureGenerator;
import dev.handoff.nlp.opennlp.OpenNlpPipelineFactory;
import dev.handoff.nlp.opennlp.TextNormalizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import opennlp.tools.doccat.BagOfWordsFeatureGenerator;
import opennlp.tools.doccat.DoccatFactory;
import opennlp.tools.doccat.DoccatModel;
import opennlp.tools.doccat.DocumentCategorizerME;
import opennlp.tools.doccat.DocumentSample;
import opennlp.tools.doccat.FeatureGenerator;
import opennlp.tools.doccat.NGramFeatureGenerator;
import opennlp.tools.util.ObjectStreamUtils;
import opennlp.tools.util.TrainingParameters;

/**
 * Not a test: trains the built-in pipeline on a generated bot (default 50 intents x 20 examples x
 * 2 languages) and reports training time, interpret latency percentiles, throughput and accuracy on
 * held-out, misspelt and out-of-domain input.
 *
 * <pre>java -cp target/classes:target/test-classes:$(deps) dev.handoff.nlp.bench.NlpBenchmark [intents] [examples] [languages]</pre>
 */
public final class NlpBenchmark {

    private static final String[] FILLER = {
        "please",
        "i want",
        "can you",
        "i need",
        "help me",
        "tell me",
        "how do i",
        "is it possible to",
        "quickly",
        "now",
    };

    public static void main(String[] args) throws Exception {
        int intents = args.length > 0 ? Integer.parseInt(args[0]) : 50;
        int examples = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        int languages = args.length > 2 ? Integer.parseInt(args[2]) : 2;
        var bot = new GeneratedBot(intents, examples, languages, 42);
        var settings = NlpSettings.defaults()
                .withConfidenceThreshold(Double.parseDouble(
                        System.getProperty("confidence", "" + NlpSettings.DEFAULT_CONFIDENCE_THRESHOLD)))
                .withMinSimilarity(
                        Double.parseDouble(System.getProperty("similarity", "" + NlpSettings.DEFAULT_MIN_SIMILARITY)))
                .withIterations(Integer.getInteger("iterations", NlpSettings.DEFAULT_ITERATIONS));
        var factory = new OpenNlpPipelineFactory(settings);

        System.out.println("settings: " + settings);
        if (Boolean.getBoolean("accuracyOnly")) {
            NlpPipeline pipeline = factory.train(bot.training);
            report("held-out paraphrases understood correctly", pipeline, bot.heldOut, true);
            report("misspelt examples understood correctly", pipeline, bot.typos, true);
            report("out-of-domain gibberish misunderstood", pipeline, bot.gibberish, false);
            report("other language's text misunderstood", pipeline, bot.crossLanguage, false);
            return;
        }
        System.out.printf(
                Locale.ROOT,
                "bot: %d intents x %d examples x %d languages = %d examples; %d cores; %s%n",
                intents,
                examples,
                languages,
                intents * examples * languages,
                Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.vm.version"));

        long cold = System.nanoTime();
        NlpPipeline pipeline = factory.train(bot.training);
        double coldMs = (System.nanoTime() - cold) / 1e6;
        double[] warm = new double[3];
        for (int i = 0; i < warm.length; i++) {
            long t = System.nanoTime();
            factory.train(bot.training);
            warm[i] = (System.nanoTime() - t) / 1e6;
        }
        Arrays.sort(warm);
        System.out.printf(
                Locale.ROOT,
                "training: cold %.0f ms, warm median %.0f ms (all %d languages)%n",
                coldMs,
                warm[1],
                languages);

        // Accuracy, with the default thresholds.
        report("held-out paraphrases understood correctly", pipeline, bot.heldOut, true);
        report("misspelt examples understood correctly", pipeline, bot.typos, true);
        report("out-of-domain gibberish misunderstood", pipeline, bot.gibberish, false);
        report("other language's text misunderstood", pipeline, bot.crossLanguage, false);

        List<Query> queries = new ArrayList<>();
        queries.addAll(bot.heldOut);
        queries.addAll(bot.typos);
        queries.addAll(bot.gibberish);
        for (int i = 0; i < 20_000; i++) {
            Query q = queries.get(i % queries.size());
            pipeline.interpret(q.language, q.text);
        }
        latency(pipeline, queries, 50_000);
        for (int threads : new int[] {1, 2, 4, 16}) {
            throughput(pipeline, queries, threads, 2_000);
        }
        categorizerPerCallVersusShared(bot);
    }

    private static void report(String what, NlpPipeline pipeline, List<Query> queries, boolean expectIntent) {
        int ok = 0;
        int topRight = 0;
        int wrong = 0;
        for (Query q : queries) {
            Interpretation i = pipeline.interpret(q.language, q.text);
            ok += expectIntent ? (i.intent().filter(q.intent::equals).isPresent() ? 1 : 0) : (i.understood() ? 0 : 1);
            if (expectIntent) {
                topRight +=
                        !i.ranking().isEmpty() && i.ranking().get(0).intent().equals(q.intent) ? 1 : 0;
                wrong += i.intent().filter(x -> !x.equals(q.intent)).isPresent() ? 1 : 0;
            }
        }
        System.out.printf(
                Locale.ROOT, "accuracy: %-45s %5.1f%% (%d/%d)", what, 100.0 * ok / queries.size(), ok, queries.size());
        if (expectIntent) {
            System.out.printf(
                    Locale.ROOT,
                    "; ranked first before the gate %.1f%%, wrong intent %.1f%%",
                    100.0 * topRight / queries.size(),
                    100.0 * wrong / queries.size());
        }
        System.out.println();
    }

    private static void latency(NlpPipeline pipeline, List<Query> queries, int calls) {
        long[] nanos = new long[calls];
        for (int i = 0; i < calls; i++) {
            Query q = queries.get(i % queries.size());
            long t = System.nanoTime();
            pipeline.interpret(q.language, q.text);
            nanos[i] = System.nanoTime() - t;
        }
        Arrays.sort(nanos);
        System.out.printf(
                Locale.ROOT,
                "latency (1 thread, %d calls): p50 %.1f us, p90 %.1f us, p99 %.1f us, p99.9 %.1f us, max %.1f us%n",
                calls,
                pct(nanos, 50),
                pct(nanos, 90),
                pct(nanos, 99),
                pct(nanos, 99.9),
                nanos[calls - 1] / 1e3);
    }

    private static double pct(long[] sorted, double p) {
        return sorted[(int) Math.min(sorted.length - 1, Math.ceil(p / 100 * sorted.length) - 1)] / 1e3;
    }

    private static void throughput(NlpPipeline pipeline, List<Query> queries, int threads, long millis)
            throws Exception {
        var pool = Executors.newFixedThreadPool(threads);
        var start = new CountDownLatch(1);
        var done = new AtomicLong();
        long[] deadline = new long[1];
        var futures = new ArrayList<Future<?>>();
        for (int t = 0; t < threads; t++) {
            int offset = t * 7;
            futures.add(pool.submit(() -> {
                start.await();
                long n = 0;
                while (System.nanoTime() < deadline[0]) {
                    Query q = queries.get((int) ((n + offset) % queries.size()));
                    pipeline.interpret(q.language, q.text);
                    n++;
                }
                done.addAndGet(n);
                return null;
            }));
        }
        long begin = System.nanoTime();
        deadline[0] = begin + millis * 1_000_000;
        start.countDown();
        for (var f : futures) {
            f.get();
        }
        double seconds = (System.nanoTime() - begin) / 1e9;
        pool.shutdown();
        System.out.printf(
                Locale.ROOT, "throughput (%2d threads): %,.0f interpretations/s%n", threads, done.get() / seconds);
    }

    /** What the thread-safety choice costs: a new categorizer per call versus one shared (unsafe) instance. */
    private static void categorizerPerCallVersusShared(GeneratedBot bot) throws Exception {
        var samples = new ArrayList<DocumentSample>();
        bot.training
                .examplesByLanguage()
                .values()
                .iterator()
                .next()
                .forEach((intent, texts) -> texts.forEach(t -> samples.add(new DocumentSample(intent, tokens(t)))));
        var params = new TrainingParameters();
        params.put(TrainingParameters.CUTOFF_PARAM, 1);
        params.put(TrainingParameters.THREADS_PARAM, 1);
        params.put("DataIndexer", "OnePass");
        var factory = new DoccatFactory(new FeatureGenerator[] {
            new BagOfWordsFeatureGenerator(), new NGramFeatureGenerator(2, 2), new CharNgramFeatureGenerator(2, 4)
        });
        DoccatModel model =
                DocumentCategorizerME.train("l0", ObjectStreamUtils.createObjectStream(samples), params, factory);
        List<String[]> inputs = bot.heldOut.stream().map(q -> tokens(q.text)).toList();
        var shared = new DocumentCategorizerME(model);
        int calls = 50_000;
        for (int round = 0; round < 2; round++) {
            long t0 = System.nanoTime();
            double sink = 0;
            for (int i = 0; i < calls; i++) {
                sink += new DocumentCategorizerME(model).categorize(inputs.get(i % inputs.size()))[0];
            }
            long t1 = System.nanoTime();
            for (int i = 0; i < calls; i++) {
                synchronized (shared) {
                    sink += shared.categorize(inputs.get(i % inputs.size()))[0];
                }
            }
            long t2 = System.nanoTime();
            long cons = 0;
            for (int i = 0; i < calls; i++) {
                cons += System.identityHashCode(new DocumentCategorizerME(model));
            }
            long t3 = System.nanoTime();
            if (round == 1) {
                System.out.printf(
                        Locale.ROOT,
                        "categorizer: new per call %.1f us/call, shared+synchronized %.1f us/call, construction alone %.2f us (%s)%n",
                        (t1 - t0) / 1e3 / calls,
                        (t2 - t1) / 1e3 / calls,
                        (t3 - t2) / 1e3 / calls,
                        sink + cons > 0 ? "ok" : "");
            }
        }
    }

    private static String[] tokens(String text) {
        return TextNormalizer.tokens(TextNormalizer.normalize(text));
    }

    record Query(String language, String text, String intent) {}

    /** A deterministic synthetic bot: each intent has its own made-up key words, examples mix them with filler. */
    static final class GeneratedBot {
        final TrainingData training;
        final List<Query> heldOut = new ArrayList<>();
        final List<Query> typos = new ArrayList<>();
        final List<Query> gibberish = new ArrayList<>();
        final List<Query> crossLanguage = new ArrayList<>();

        GeneratedBot(int intents, int examples, int languages, long seed) {
            var random = new Random(seed);
            var data = new LinkedHashMap<String, Map<String, List<String>>>();
            List<String> languageCodes = new ArrayList<>();
            for (int l = 0; l < languages; l++) {
                String language = "l" + l;
                languageCodes.add(language);
                String syllables = l % 2 == 0
                        ? "ba be bi bo bu ka ke ki ko ku la le li lo lu ma me mi mo mu na ne ni no nu"
                        : "tse tsa tlo tla hle hla ngo nga zwi zwa pho pha dzo dza swe swa";
                String[] syl = syllables.split(" ");
                var byIntent = new LinkedHashMap<String, List<String>>();
                for (int i = 0; i < intents; i++) {
                    String intent = "intent_" + i;
                    String[] keys = new String[4];
                    for (int k = 0; k < keys.length; k++) {
                        keys[k] = word(random, syl, 2 + random.nextInt(2));
                    }
                    var texts = new ArrayList<String>();
                    for (int e = 0; e < examples; e++) {
                        texts.add(sentence(random, keys));
                    }
                    byIntent.put(intent, texts);
                    for (int h = 0; h < 4; h++) {
                        heldOut.add(new Query(language, sentence(random, keys), intent));
                        typos.add(new Query(language, typo(random, texts.get(random.nextInt(texts.size()))), intent));
                    }
                }
                data.put(language, byIntent);
            }
            for (int g = 0; g < 200; g++) {
                var text = new StringBuilder();
                for (int w = 0; w < 1 + random.nextInt(5); w++) {
                    for (int c = 0; c < 3 + random.nextInt(6); c++) {
                        text.append((char) ('a' + random.nextInt(26)));
                    }
                    text.append(' ');
                }
                gibberish.add(new Query(
                        languageCodes.get(g % languages), text.toString().trim(), null));
            }
            if (languages > 1) {
                data.get("l1").values().forEach(texts -> texts.stream()
                        .limit(2)
                        .forEach(t -> crossLanguage.add(new Query("l0", t, null))));
            }
            training = new TrainingData(data);
        }

        private static String word(Random random, String[] syllables, int count) {
            var word = new StringBuilder();
            for (int i = 0; i < count; i++) {
                word.append(syllables[random.nextInt(syllables.length)]);
            }
            return word.toString();
        }

        private static String sentence(Random random, String[] keys) {
            var words = new ArrayList<String>();
            words.add(FILLER[random.nextInt(FILLER.length)]);
            int n = 1 + random.nextInt(3);
            for (int i = 0; i < n; i++) {
                words.add(keys[random.nextInt(keys.length)]);
            }
            java.util.Collections.shuffle(words, random);
            return String.join(" ", words);
        }

        private static String typo(Random random, String text) {
            char[] chars = text.toCharArray();
            int i = random.nextInt(chars.length - 1);
            if (chars[i] == ' ' || chars[i + 1] == ' ') {
                return text.substring(0, i) + text.substring(i + 1);
            }
            char swap = chars[i];
            chars[i] = chars[i + 1];
            chars[i + 1] = swap;
            return new String(chars);
        }
    }
}
