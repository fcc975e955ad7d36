package dev.handoff.translate.http;

import dev.handoff.translate.LanguagePairs;
import dev.handoff.translate.Translation;
import dev.handoff.translate.TranslationException;
import dev.handoff.translate.TranslationException.Reason;
import dev.handoff.translate.TranslationRequest;
import dev.handoff.translate.Translator;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The skeleton of an HTTP engine; a subclass supplies its provider's two exchanges.
 *
 * <ul>
 *   <li>{@link #languages()} fetches once ({@link #fetchLanguages()}); callers share the fetch under way and its
 *       result; a failed fetch is forgotten, so the next call tries again.
 *   <li>{@link #translate} answers a request from a language into itself with the texts as they are; refuses a
 *       pair the engine's languages, when already known, do not hold ({@code unsupported_pair}, nothing sent);
 *       splits the texts into batches of at most {@link #maxBatch()}, sends them in parallel
 *       ({@link #translateBatch}) and joins the answers in order. Whatever fails completes the future with a
 *       {@link TranslationException}, never another exception; an answer with a different number of texts is
 *       {@code unavailable}.
 * </ul>
 */
public abstract class HttpTranslator implements Translator {
    protected final JsonHttp http;
    private final AtomicReference<CompletableFuture<LanguagePairs>> languages = new AtomicReference<>();

    protected HttpTranslator(JsonHttp http) {
        this.http = http;
    }

    /** The provider's listing of what it translates, in the platform's codes. */
    protected abstract CompletableFuture<LanguagePairs> fetchLanguages();

    /** One exchange: at most {@link #maxBatch()} texts, answered in order. */
    protected abstract CompletableFuture<List<String>> translateBatch(List<String> texts, String source, String target);

    /** The most texts one exchange carries: the provider's documented limit. */
    protected abstract int maxBatch();

    @Override
    public final String name() {
        return http.engine();
    }

    @Override
    public final CompletableFuture<LanguagePairs> languages() {
        while (true) {
            CompletableFuture<LanguagePairs> current = languages.get();
            if (current != null && !current.isCompletedExceptionally()) return view(current);
            CompletableFuture<LanguagePairs> fetch = new CompletableFuture<>();
            if (languages.compareAndSet(current, fetch)) {
                settle(fetch, guarded(this::fetchLanguages));
                return view(fetch);
            }
        }
    }

    @Override
    public final CompletableFuture<Translation> translate(TranslationRequest request) {
        String source = request.source();
        String target = request.target();
        if (source.equals(target)) return CompletableFuture.completedFuture(new Translation(request.texts(), name()));
        CompletableFuture<LanguagePairs> known = languages.get();
        if (known != null && known.isDone() && !known.isCompletedExceptionally()) {
            LanguagePairs pairs = known.join();
            if (!pairs.supports(source, target)) {
                return CompletableFuture.failedFuture(http.failure(
                        Reason.UNSUPPORTED_PAIR,
                        source + "→" + target + " is not among the pairs " + name() + " lists (languages: "
                                + String.join(" ", pairs.languages()) + ")",
                        null));
            }
        }
        List<String> texts = request.texts();
        List<CompletableFuture<List<String>>> batches = new ArrayList<>();
        for (int from = 0; from < texts.size(); from += maxBatch()) {
            List<String> batch = texts.subList(from, Math.min(texts.size(), from + maxBatch()));
            batches.add(guarded(() -> translateBatch(batch, source, target)));
        }
        CompletableFuture<Translation> result = new CompletableFuture<>();
        settle(
                result,
                CompletableFuture.allOf(batches.toArray(CompletableFuture<?>[]::new))
                        .thenApply(done -> joined(batches, texts.size())));
        return result;
    }

    private Translation joined(List<CompletableFuture<List<String>>> batches, int asked) {
        List<String> all = new ArrayList<>(asked);
        for (CompletableFuture<List<String>> batch : batches) all.addAll(batch.join());
        if (all.size() != asked) throw http.malformed(all.size() + " texts for the " + asked + " asked");
        return new Translation(all, name());
    }

    /** A future of the shared fetch's outcome that a caller may complete or cancel without touching the fetch. */
    private CompletableFuture<LanguagePairs> view(CompletableFuture<LanguagePairs> shared) {
        CompletableFuture<LanguagePairs> view = new CompletableFuture<>();
        settle(view, shared);
        return view;
    }

    private <T> CompletableFuture<T> guarded(java.util.function.Supplier<CompletableFuture<T>> exchange) {
        try {
            return exchange.get();
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private <T> void settle(CompletableFuture<T> result, CompletableFuture<T> work) {
        work.whenComplete((value, failure) -> {
            if (failure == null) result.complete(value);
            else result.completeExceptionally(http.asTranslationException(failure));
        });
    }
}
