package dev.handoff.translate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.handoff.desk.support.LogCapture;
import dev.handoff.desk.support.MutableClock;
import dev.handoff.translate.TranslationException.Reason;
import dev.handoff.translate.memory.TranslationMemory;
import io.micrometer.core.instrument.MockClock;
import io.micrometer.core.instrument.simple.SimpleConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class TranslationChainTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    private final TranslationMemory memory = TranslationMemory.builder()
            .add(Map.of("en", "Hello", "zu", "Sawubona"))
            .add(Map.of("en", "Thank you", "zu", "Ngiyabonga"))
            .build();

    /** A deterministic engine: upper-cases each text, or answers as {@code answer} says; records every batch. */
    private static final class Engine implements Translator {
        final List<List<String>> batches = Collections.synchronizedList(new ArrayList<>());
        volatile Function<TranslationRequest, CompletableFuture<Translation>> answer =
                r -> CompletableFuture.completedFuture(new Translation(
                        r.texts().stream()
                                .map(t -> t.toUpperCase(java.util.Locale.ROOT))
                                .toList(),
                        "apertium"));

        @Override
        public String name() {
            return "apertium";
        }

        @Override
        public CompletableFuture<LanguagePairs> languages() {
            return CompletableFuture.completedFuture(LanguagePairs.allOf(Set.of("en", "af")));
        }

        @Override
        public CompletableFuture<Translation> translate(TranslationRequest request) {
            batches.add(request.texts());
            return answer.apply(request);
        }

        void failWith(Reason reason) {
            answer = r -> CompletableFuture.failedFuture(new TranslationException("apertium", reason, "said no"));
        }
    }

    private final Engine engine = new Engine();

    /** The chain's meters, timed by a clock the test moves. */
    private final MockClock meterClock = new MockClock();

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry(SimpleConfig.DEFAULT, meterClock);

    private TranslationChain chain(int cacheSize, Duration timeout, Clock clock) {
        return new TranslationChain(memory, engine, cacheSize, timeout, clock, registry);
    }

    private double requests(String engineName, String result) {
        return registry.get("desk.translations")
                .tags("engine", engineName, "result", result)
                .counter()
                .count();
    }

    @Test
    void requestsAreCountedByTheEngineThatAnsweredAndTheResultAndTheEngineIsTimed() {
        CompletableFuture<Translation> pending = new CompletableFuture<>();
        engine.answer = r -> pending;
        TranslationChain chain = chain();
        chain.translate(request("Hello")).join();
        CompletableFuture<Translation> asked = chain.translate(request("where is my parcel"));
        meterClock.add(Duration.ofMillis(250));
        pending.complete(new Translation(List.of("KUPHI"), "apertium"));
        asked.join();
        engine.answer = r -> CompletableFuture.completedFuture(new Translation(List.of("X"), "apertium"));
        chain.translate(request("where is my parcel")).join();

        assertThat(requests("memory", "ok")).isEqualTo(1);
        assertThat(requests("apertium", "ok")).isEqualTo(1);
        assertThat(requests("apertium", "cached")).isEqualTo(1);
        assertThat(requests("apertium", "failed")).isZero();
        var latency = registry.get("desk.translation.latency")
                .tags("engine", "apertium", "result", "ok")
                .timer();
        assertThat(latency.count()).isEqualTo(1);
        assertThat(latency.totalTime(java.util.concurrent.TimeUnit.MILLISECONDS))
                .isEqualTo(250);
    }

    @Test
    void failuresAreCountedByReason() {
        engine.failWith(Reason.RATE_LIMITED);
        TranslationChain chain = chain();
        failureOf(chain.translate(request("one")));
        failureOf(chain.translate(request("two")));
        engine.answer = r -> {
            throw new IllegalStateException("bug");
        };
        failureOf(chain.translate(request("three")));

        assertThat(requests("apertium", "failed")).isEqualTo(3);
        assertThat(registry.get("desk.translation.failures")
                        .tags("engine", "apertium", "reason", "rate_limited")
                        .counter()
                        .count())
                .isEqualTo(2);
        assertThat(registry.get("desk.translation.failures")
                        .tags("engine", "apertium", "reason", "unavailable")
                        .counter()
                        .count())
                .isEqualTo(1);
        assertThat(registry.get("desk.translation.latency")
                        .tags("engine", "apertium", "result", "failed")
                        .timer()
                        .count())
                .isEqualTo(3);
    }

    private TranslationChain chain() {
        return chain(100, Duration.ofSeconds(3), Clock.systemUTC());
    }

    private static TranslationRequest request(String... texts) {
        return new TranslationRequest(List.of(texts), "en", "zu");
    }

    private static TranslationException failureOf(CompletableFuture<Translation> future) {
        try {
            future.get(WAIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            assertThat(e.getCause()).isInstanceOf(TranslationException.class);
            return (TranslationException) e.getCause();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        throw new AssertionError("the translation succeeded");
    }

    @Test
    void aBatchTheMemoryKnowsWhollyIsAnsweredByTheMemoryWithoutTheEngine() {
        Translation t = chain().translate(request("Thank you", " Hello ")).join();

        assertThat(t.texts()).containsExactly("Ngiyabonga", "Sawubona");
        assertThat(t.engine()).isEqualTo("memory");
        assertThat(engine.batches).isEmpty();
    }

    @Test
    void theTextsTheMemoryMissesGoToTheEngineAsOneBatchAndAreMergedBackInOrder() {
        Translation t = chain().translate(
                        request("Hello", "where is my parcel", "Thank you", "ok", "where is my parcel"))
                .join();

        assertThat(t.texts())
                .containsExactly("Sawubona", "WHERE IS MY PARCEL", "Ngiyabonga", "OK", "WHERE IS MY PARCEL");
        assertThat(t.engine()).isEqualTo("apertium");
        assertThat(engine.batches).containsExactly(List.of("where is my parcel", "ok"));
    }

    @Test
    void anEngineFailureSurfacesWithItsReason() {
        engine.failWith(Reason.RATE_LIMITED);

        TranslationException e = failureOf(chain().translate(request("Hello", "where is my parcel")));

        assertThat(e.reason()).isEqualTo(Reason.RATE_LIMITED);
        assertThat(e.engine()).isEqualTo("apertium");
    }

    @Test
    void anEngineThatThrowsOrAnswersTheWrongNumberOfTextsIsUnavailable() {
        engine.answer = r -> {
            throw new IllegalStateException("bug");
        };
        assertThat(failureOf(chain().translate(request("a"))).reason()).isEqualTo(Reason.UNAVAILABLE);

        engine.answer = r -> CompletableFuture.completedFuture(new Translation(List.of("A"), "apertium"));
        TranslationException e = failureOf(chain().translate(request("a", "b")));
        assertThat(e.reason()).isEqualTo(Reason.UNAVAILABLE);
        assertThat(e.getMessage()).contains("answered 1 texts for 2");
    }

    @Test
    void aCachedTranslationIsAnsweredWithoutCallingTheEngineAgainAndStillNamesIt() {
        TranslationChain chain = chain();
        chain.translate(request("where is my parcel")).join();

        Translation again =
                chain.translate(request("Hello", "where is my parcel")).join();

        assertThat(again.texts()).containsExactly("Sawubona", "WHERE IS MY PARCEL");
        assertThat(again.engine()).isEqualTo("apertium");
        assertThat(engine.batches).hasSize(1);
    }

    @Test
    void theCacheIsKeyedByThePairSoAnotherTargetAsksTheEngine() {
        TranslationChain chain = chain();
        chain.translate(request("ok")).join();

        chain.translate(new TranslationRequest(List.of("ok"), "en", "af")).join();

        assertThat(engine.batches).hasSize(2);
    }

    @Test
    void aFailureIsNeverCachedSoTheNextRequestAsksTheEngineAgain() {
        TranslationChain chain = chain();
        engine.failWith(Reason.UNAVAILABLE);
        failureOf(chain.translate(request("ok")));

        engine.answer = new Engine().answer;
        Translation t = chain.translate(request("ok")).join();

        assertThat(t.texts()).containsExactly("OK");
        assertThat(engine.batches).hasSize(2);
    }

    @Test
    void theCacheKeepsAtMostCacheSizeTranslationsDroppingTheLeastRecentlyUsed() {
        TranslationChain chain = chain(2, Duration.ofSeconds(3), Clock.systemUTC());
        chain.translate(request("a")).join();
        chain.translate(request("b")).join();
        chain.translate(request("a")).join(); // a is now the most recently used
        chain.translate(request("c")).join(); // drops b

        chain.translate(request("a")).join();
        chain.translate(request("b")).join();

        assertThat(engine.batches).containsExactly(List.of("a"), List.of("b"), List.of("c"), List.of("b"));
    }

    @Test
    void aCacheSizeOfZeroKeepsNothing() {
        TranslationChain chain = chain(0, Duration.ofSeconds(3), Clock.systemUTC());
        chain.translate(request("a")).join();
        chain.translate(request("a")).join();

        assertThat(engine.batches).hasSize(2);
    }

    @Test
    void anEngineThatNeverAnswersFailsWithTimeoutAndItsOwnFutureIsLeftAlone() {
        CompletableFuture<Translation> never = new CompletableFuture<>();
        engine.answer = r -> never;

        TranslationException e =
                failureOf(chain(100, Duration.ofMillis(200), Clock.systemUTC()).translate(request("a")));

        assertThat(e.reason()).isEqualTo(Reason.TIMEOUT);
        assertThat(e.reason().retryable()).isTrue();
        assertThat(e.getMessage()).contains("200 ms");
        assertThat(never).isNotDone();
    }

    @Test
    void theChainsLanguagesAreTheMemorysAndTheEnginesPairs() {
        LanguagePairs pairs = chain().languages().join();

        assertThat(pairs.supports("en", "zu")).isTrue();
        assertThat(pairs.supports("zu", "en")).isTrue();
        assertThat(pairs.supports("af", "en")).isTrue();
        assertThat(pairs.supports("af", "zu")).isFalse();
    }

    @Test
    void failuresOfABurstAreLoggedOnceThenSummedUp() {
        MutableClock clock = new MutableClock(Instant.parse("2026-01-01T10:00:00Z"));
        TranslationChain chain = chain(100, Duration.ofSeconds(3), clock);
        engine.failWith(Reason.TIMEOUT);
        try (LogCapture log = LogCapture.of(FailureBursts.class.getName())) {
            for (int i = 0; i < 38; i++) {
                failureOf(chain.translate(request("text " + i)));
                clock.advance(Duration.ofSeconds(1));
            }
            assertThat(log.messages()).hasSize(1);
            assertThat(log.messages().get(0)).startsWith("WARN translation engine apertium failed (timeout)");

            clock.advance(Duration.ofSeconds(30));
            engine.answer = new Engine().answer;
            chain.translate(request("back")).join();

            assertThat(log.messages())
                    .containsExactly(
                            log.messages().get(0),
                            "WARN translation engine apertium: 37 more failures (timeout) in the last 60 s");
        }
    }
}
