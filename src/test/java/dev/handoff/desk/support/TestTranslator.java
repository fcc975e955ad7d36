package dev.handoff.desk.support;

import dev.handoff.translate.LanguagePairs;
import dev.handoff.translate.Translation;
import dev.handoff.translate.TranslationException;
import dev.handoff.translate.TranslationRequest;
import dev.handoff.translate.Translator;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A deterministic translator for tests: a text found in its table is translated by the table, any other one as
 * {@code [zu→en] text}. It can be told to answer (the default), to hold its answers until {@link #release()} (a
 * slow engine), to hang (an engine that never answers), or to fail with a {@link TranslationException.Reason}.
 * It answers on the caller's thread, or on the thread that calls {@link #release()}. Every request is recorded.
 */
public final class TestTranslator implements Translator {
    public static final String ENGINE = "test";

    private enum Mode {
        ANSWER,
        HOLD,
        HANG,
        FAIL
    }

    private record Held(TranslationRequest request, CompletableFuture<Translation> answer) {}

    private final LanguagePairs pairs;
    private final Map<String, String> table = new ConcurrentHashMap<>();
    private final List<TranslationRequest> requests = new ArrayList<>();
    private final List<Held> held = new ArrayList<>();
    private Mode mode = Mode.ANSWER;
    private volatile java.util.function.UnaryOperator<String> otherwise;
    private TranslationException.Reason reason;

    public TestTranslator() {
        this(LanguagePairs.allOf(Set.of("en", "zu", "es", "af", "xh")));
    }

    public TestTranslator(LanguagePairs pairs) {
        this.pairs = pairs;
    }

    /** {@code [zu→en] text}: how this translator translates a text its table does not have. */
    public static String wrapped(String text, String source, String target) {
        return "[" + source + "→" + target + "] " + text;
    }

    /** Translates {@code text} from {@code source} into {@code target} as {@code translation}. */
    public TestTranslator translates(String source, String target, String text, String translation) {
        table.put(key(source, target, text), translation);
        return this;
    }

    /** Translates every text no table entry has with {@code how} (instead of wrapping it). */
    public TestTranslator otherwise(java.util.function.UnaryOperator<String> how) {
        this.otherwise = how;
        return this;
    }

    public synchronized TestTranslator answer() {
        mode = Mode.ANSWER;
        return this;
    }

    /** Requests from now on wait until {@link #release()}. */
    public synchronized TestTranslator hold() {
        mode = Mode.HOLD;
        return this;
    }

    /** Requests from now on never complete. */
    public synchronized TestTranslator hang() {
        mode = Mode.HANG;
        return this;
    }

    /** Requests from now on fail with {@code reason}. */
    public synchronized TestTranslator failWith(TranslationException.Reason reason) {
        this.mode = Mode.FAIL;
        this.reason = reason;
        return this;
    }

    /** Answers every held request, oldest first, on this thread. */
    public void release() {
        List<Held> now;
        synchronized (this) {
            now = List.copyOf(held);
            held.clear();
        }
        for (Held h : now) h.answer().complete(translate(h.request().texts(), h.request()));
    }

    public synchronized List<TranslationRequest> requests() {
        return List.copyOf(requests);
    }

    public synchronized int held() {
        return held.size();
    }

    @Override
    public String name() {
        return ENGINE;
    }

    @Override
    public CompletableFuture<LanguagePairs> languages() {
        return CompletableFuture.completedFuture(pairs);
    }

    @Override
    public CompletableFuture<Translation> translate(TranslationRequest request) {
        Mode now;
        synchronized (this) {
            requests.add(request);
            now = mode;
            if (now == Mode.HOLD) {
                CompletableFuture<Translation> answer = new CompletableFuture<>();
                held.add(new Held(request, answer));
                return answer;
            }
        }
        return switch (now) {
            case ANSWER -> CompletableFuture.completedFuture(translate(request.texts(), request));
            case HANG -> new CompletableFuture<>();
            default -> CompletableFuture.failedFuture(new TranslationException(ENGINE, reason, "told to fail"));
        };
    }

    private Translation translate(List<String> texts, TranslationRequest r) {
        java.util.function.UnaryOperator<String> how =
                otherwise == null ? t -> wrapped(t, r.source(), r.target()) : otherwise;
        return new Translation(
                texts.stream()
                        .map(t -> table.getOrDefault(key(r.source(), r.target(), t), how.apply(t)))
                        .toList(),
                ENGINE);
    }

    private static String key(String source, String target, String text) {
        return source + '\u0000' + target + '\u0000' + text;
    }
}
