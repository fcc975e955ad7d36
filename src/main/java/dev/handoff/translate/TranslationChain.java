package dev.handoff.translate;

import dev.handoff.translate.memory.TranslationMemory;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The desk's translator: the translation memory first, the machine engine second, text by text.
 *
 * <p>For each text of a request: the {@link TranslationMemory}'s exact translation if it has one, else the
 * machine engine's from the cache, else the engine is asked. The texts left are sent to the engine as one batch
 * (each distinct text once) and its answers merged back in order. The {@link Translation#engine()} of the
 * result is {@code memory} when the memory had every text, else the machine engine's name: it translated at
 * least one text (now or, cached, before).
 *
 * <p>The engine's answer is awaited at most {@code timeout} ({@link CompletableFuture#orTimeout}, no thread
 * waits): past it the request fails {@link TranslationException.Reason#TIMEOUT}, and the engine's late answer
 * is dropped. An engine that throws, answers with another number of texts than asked, or fails with anything
 * other than a {@link TranslationException} is reported {@code unavailable}. Failures are never cached, and are
 * logged once per burst ({@link FailureBursts}), except {@code unsupported_pair}: the engine's languages say so
 * before any message is sent.
 *
 * <p>Threading: {@link #translate} returns at once; a request the memory and the cache answer completes before
 * it returns, on the caller's thread (map reads only); otherwise the future completes on the engine's threads, or
 * on the JDK's timeout thread when the time is up. Thread-safe.
 *
 * <p>Metrics (README "Metrics and reports"): every request is counted in {@code desk.translations} by the engine
 * that answered ({@code memory} or the machine engine) and its result ({@code ok}, {@code cached}: the machine
 * engine's earlier answer, {@code failed}); each call to the engine is timed in {@code desk.translation.latency}
 * (by engine and result), and each failure counted in {@code desk.translation.failures} by its reason.
 */
public final class TranslationChain implements Translator {
    private static final Logger LOG = LoggerFactory.getLogger(TranslationChain.class);

    private final TranslationMemory memory;
    private final Translator engine;
    private final TranslationCache cache;
    private final Duration timeout;
    private final FailureBursts failures;
    private final MeterRegistry registry;
    private final Counter memoryAnswered;
    private final Counter cacheAnswered;
    private final Counter engineAnswered;
    private final Counter engineFailed;
    private final Timer latencyOk;
    private final Timer latencyFailed;
    private final Map<TranslationException.Reason, Counter> failuresByReason =
            new EnumMap<>(TranslationException.Reason.class);

    /**
     * @param cacheSize the engine's translations kept (LRU by entries), 0 for none
     * @param timeout how long the engine may take for one batch
     * @param clock reads the time for the failure log's bursts
     * @param registry where the chain counts its requests and times the engine (its clock times them)
     */
    public TranslationChain(
            TranslationMemory memory,
            Translator engine,
            int cacheSize,
            Duration timeout,
            Clock clock,
            MeterRegistry registry) {
        this.memory = Objects.requireNonNull(memory, "memory");
        this.engine = Objects.requireNonNull(engine, "engine");
        this.cache = new TranslationCache(cacheSize);
        if (timeout.isNegative() || timeout.isZero()) throw new IllegalArgumentException("timeout must be positive");
        this.timeout = timeout;
        this.failures = new FailureBursts(clock, FailureBursts.WINDOW);
        this.registry = Objects.requireNonNull(registry, "registry");
        String name = engine.name();
        this.memoryAnswered = requests(TranslationMemory.NAME, "ok");
        this.cacheAnswered = requests(name, "cached");
        this.engineAnswered = requests(name, "ok");
        this.engineFailed = requests(name, "failed");
        this.latencyOk = latency(name, "ok");
        this.latencyFailed = latency(name, "failed");
        for (TranslationException.Reason reason : TranslationException.Reason.values()) {
            failuresByReason.put(
                    reason,
                    Counter.builder("desk.translation.failures")
                            .description("Translations that failed, by engine and reason")
                            .tags("engine", name, "reason", reason.wire())
                            .register(registry));
        }
    }

    private Counter requests(String engineName, String result) {
        return Counter.builder("desk.translations")
                .description("Translation requests, by the engine that answered and the result")
                .tags("engine", engineName, "result", result)
                .register(registry);
    }

    private Timer latency(String engineName, String result) {
        return Timer.builder("desk.translation.latency")
                .description("How long the machine engine took to answer (or to fail)")
                .tags("engine", engineName, "result", result)
                .register(registry);
    }

    /** {@code memory+} the machine engine's name, such as {@code memory+apertium}. */
    @Override
    public String name() {
        return TranslationMemory.NAME + "+" + engine.name();
    }

    /** What the memory or the engine translates; the memory's alone if the engine cannot say. */
    @Override
    public CompletableFuture<LanguagePairs> languages() {
        CompletableFuture<LanguagePairs> own = memory.languages();
        CompletableFuture<LanguagePairs> engines;
        try {
            engines = engine.languages();
        } catch (RuntimeException e) {
            engines = CompletableFuture.failedFuture(e);
        }
        return own.thenCombine(
                engines.exceptionally(e -> {
                    LOG.warn("translation engine {}: cannot list its languages: {}", engine.name(), e.getMessage());
                    return LanguagePairs.none();
                }),
                LanguagePairs::union);
    }

    @Override
    public CompletableFuture<Translation> translate(TranslationRequest request) {
        String source = request.source();
        String target = request.target();
        List<String> texts = request.texts();
        String[] out = new String[texts.size()];
        boolean machine = false;
        // each distinct text the memory and the cache miss, with the positions it fills
        Map<String, List<Integer>> misses = new LinkedHashMap<>();
        for (int i = 0; i < texts.size(); i++) {
            String text = texts.get(i);
            Optional<String> known = memory.lookup(text, source, target);
            if (known.isEmpty()) {
                known = cache.get(key(source, target, text));
                machine |= known.isPresent();
            }
            if (known.isPresent()) out[i] = known.get();
            else misses.computeIfAbsent(text, t -> new ArrayList<>()).add(i);
        }
        if (misses.isEmpty()) {
            (machine ? cacheAnswered : memoryAnswered).increment();
            return CompletableFuture.completedFuture(
                    new Translation(List.of(out), machine ? engine.name() : TranslationMemory.NAME));
        }
        List<String> asked = List.copyOf(misses.keySet());
        return ask(new TranslationRequest(asked, source, target)).thenApply(answer -> {
            for (int j = 0; j < asked.size(); j++) {
                String translated = answer.texts().get(j);
                cache.put(key(source, target, asked.get(j)), translated);
                for (int i : misses.get(asked.get(j))) out[i] = translated;
            }
            return new Translation(List.of(out), engine.name());
        });
    }

    /** The engine's answer to {@code request}, within the timeout, every failure a {@link TranslationException}. */
    private CompletableFuture<Translation> ask(TranslationRequest request) {
        Timer.Sample sample = Timer.start(registry);
        CompletableFuture<Translation> call;
        try {
            // a copy: the timeout completes ours, not the engine's own future
            call = engine.translate(request).copy();
        } catch (RuntimeException e) {
            call = CompletableFuture.failedFuture(e);
        }
        return call.orTimeout(timeout.toNanos(), TimeUnit.NANOSECONDS).handle((answer, error) -> {
            if (error != null) throw failed(sample, failure(error));
            if (answer == null || answer.texts().size() != request.texts().size()) {
                throw failed(
                        sample,
                        failure(new TranslationException(
                                engine.name(),
                                TranslationException.Reason.UNAVAILABLE,
                                "answered "
                                        + (answer == null
                                                ? "nothing"
                                                : answer.texts().size() + " texts") + " for "
                                        + request.texts().size())));
            }
            sample.stop(latencyOk);
            engineAnswered.increment();
            failures.succeeded(engine.name());
            return answer;
        });
    }

    /** Counts a failed call to the engine (timed, by reason) and returns it. */
    private TranslationException failed(Timer.Sample sample, TranslationException e) {
        sample.stop(latencyFailed);
        engineFailed.increment();
        failuresByReason.get(e.reason()).increment();
        return e;
    }

    /** {@code error} as the {@link TranslationException} the caller gets, logged once per burst. */
    private TranslationException failure(Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        TranslationException e;
        if (cause instanceof TranslationException t) {
            e = t;
        } else if (cause instanceof TimeoutException) {
            e = new TranslationException(
                    engine.name(),
                    TranslationException.Reason.TIMEOUT,
                    "no answer within " + timeout.toMillis() + " ms (translation.timeout)");
        } else {
            e = new TranslationException(
                    engine.name(),
                    TranslationException.Reason.UNAVAILABLE,
                    "failed: " + cause.getClass().getSimpleName(),
                    cause);
        }
        // a pair the engine does not translate is known from languages(): a question, not an outage
        if (e.reason() != TranslationException.Reason.UNSUPPORTED_PAIR) failures.failed(e);
        return e;
    }

    private TranslationCache.Key key(String source, String target, String text) {
        return new TranslationCache.Key(engine.name(), source, target, text);
    }
}
