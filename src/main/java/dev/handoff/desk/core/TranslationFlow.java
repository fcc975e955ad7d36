package dev.handoff.desk.core;

import dev.handoff.desk.api.ChatView;
import dev.handoff.desk.api.MessageView;
import dev.handoff.desk.api.TranslationView;
import dev.handoff.desk.store.ChatStore;
import dev.handoff.desk.store.StoredMessage;
import dev.handoff.desk.store.StoredTranslation;
import dev.handoff.translate.LanguagePairs;
import dev.handoff.translate.Translation;
import dev.handoff.translate.TranslationException;
import dev.handoff.translate.TranslationRequest;
import dev.handoff.translate.Translator;
import dev.handoff.translate.Translators;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The desk's use of the {@link Translator}: user and bot messages into the reader's language (one request per
 * source language for a whole chat), agent replies into the user's, each bounded by the timeout.
 *
 * <p>The rule of time: every future this class returns completes by the timeout at the latest; a translation that
 * has not come by then reads as failed with {@code timeout}. What the engine answers, whenever it answers, is
 * stored next to the original ({@link ChatStore#updateMessage}); one that came after the timeout is also handed
 * to the caller's {@code late} consumer (the desk pushes it as {@code message_updated}). Stored translations in
 * the reader's language are reused, never requested again; failed ones are requested again.
 *
 * <p>Failures are logged once per burst: the first one, then a count when the engine answers again or a minute
 * later. Threads: any; nothing here blocks; store writes are the write-behind store's.
 */
final class TranslationFlow {
    private static final Logger log = LoggerFactory.getLogger(TranslationFlow.class);
    private static final Duration BURST = Duration.ofMinutes(1);

    private final Translator translator;
    private final Deadlines deadlines;
    private final Duration timeout;
    private final ChatStore store;
    /** False with no engine at all ({@code Translators.none()}): nothing is translated, nothing is marked. */
    private final boolean enabled;
    /**
     * True for the translation memory without a machine engine ({@code translation.engine: none}, the default):
     * it translates the texts it knows (the preset's, the quick replies, a TMX file's) and a text it does not know
     * is shown without a translation, not marked "not translated": there is no engine to ask.
     */
    private final boolean memoryOnly;
    /** What the engine translates, asked once at construction; until it answers (or if it fails) nothing is refused. */
    private final CompletableFuture<LanguagePairs> pairs;
    // guarded by this: the burst of failures being logged
    private long burstStarted;
    private int failuresInBurst;

    TranslationFlow(DeskTranslation translation, ChatStore store) {
        this.translator = translation.translator();
        this.deadlines = translation.deadlines();
        this.timeout = translation.timeout();
        this.store = store;
        this.enabled = !translator.name().equals(Translators.none().name());
        this.memoryOnly = translator.name().endsWith("+" + Translators.none().name());
        CompletableFuture<LanguagePairs> languages;
        try {
            languages = enabled ? translator.languages() : CompletableFuture.completedFuture(LanguagePairs.none());
        } catch (RuntimeException e) {
            languages = CompletableFuture.failedFuture(e);
        }
        this.pairs = languages;
    }

    /** What the engine translates, as it answered at start (a future: it may still be asking). */
    CompletableFuture<LanguagePairs> pairs() {
        return pairs;
    }

    /**
     * False when the engine is known not to translate {@code source→target}: such a pair is refused at once, without
     * a request. An engine that has not listed its pairs (yet), or lists none, is asked.
     */
    private boolean mayTranslate(String source, String target) {
        LanguagePairs known = pairs.isDone() && !pairs.isCompletedExceptionally() ? pairs.join() : null;
        return known == null || known.pairs().isEmpty() || known.supports(source, target);
    }

    /** An engine's answer to one request, or why there is none. */
    private record Outcome(List<String> texts, String engine, String error) {}

    /** Whether a user or bot message needs a translation into {@code reader}: it is another language, and no good one is stored. */
    private boolean needs(MessageView m, String reader) {
        return translatable(m, reader)
                && (m.translation() == null
                        || m.translation().error() != null
                        || !reader.equals(m.translation().language()));
    }

    /** The messages of the chat still stored in {@code language}, as {@link #key}s (read off the desk's lock). */
    private Set<String> stillIn(String chatId, String language) {
        Set<String> keys = new java.util.HashSet<>();
        for (StoredMessage m : store.messages(chatId)) {
            if (language.equals(m.language())) keys.add((m.history() ? "h" : "") + m.seq());
        }
        return keys;
    }

    private static String key(MessageView m) {
        return (m.history() ? "h" : "") + m.seq();
    }

    private boolean translatable(MessageView m, String reader) {
        return enabled
                && (m.sender().equals(HelpDesk.USER) || m.sender().equals("bot"))
                && reader != null
                && m.language() != null
                && !m.language().equals(reader);
    }

    /** A chat as {@code reader} reads it: see {@link #messages}. */
    CompletableFuture<ChatView> chat(ChatView view, String reader, Consumer<MessageView> late) {
        return messages(view.messages(), reader, false, late).thenApply(ms -> new ChatView(view.chat(), ms));
    }

    /**
     * Messages as {@code reader} reads them: each user or bot message in another language with its translation
     * into {@code reader} (stored ones reused unless {@code again}; the others asked for, one request per source
     * language); a user or bot message in the reader's language without one; agent and desk messages as they are.
     */
    CompletableFuture<List<MessageView>> messages(
            List<MessageView> messages, String reader, boolean again, Consumer<MessageView> late) {
        List<MessageView> shown = new ArrayList<>(messages.size());
        Map<String, List<Integer>> wanted = new LinkedHashMap<>();
        for (int i = 0; i < messages.size(); i++) {
            MessageView m = messages.get(i);
            boolean translatable = translatable(m, reader);
            if (translatable && (again || needs(m, reader))) {
                wanted.computeIfAbsent(m.language(), k -> new ArrayList<>()).add(i);
            }
            boolean isUserSide = m.sender().equals(HelpDesk.USER) || m.sender().equals("bot");
            shown.add(isUserSide && !translatable && m.translation() != null ? m.withTranslation(null) : m);
        }
        if (wanted.isEmpty()) return CompletableFuture.completedFuture(List.copyOf(shown));
        List<CompletableFuture<Void>> parts = new ArrayList<>();
        wanted.forEach((source, indexes) -> {
            List<MessageView> batch = indexes.stream().map(messages::get).toList();
            TranslationRequest request =
                    new TranslationRequest(batch.stream().map(MessageView::text).toList(), source, reader);
            Consumer<Outcome> save = o -> {
                for (int j = 0; j < batch.size(); j++) store.saveTranslation(stored(batch.get(j), view(o, j, reader)));
            };
            Consumer<Outcome> tooLate = late == null
                    ? null
                    : o -> {
                        // a message relabelled since (the agent corrected the chat's language) has a newer one
                        Set<String> current = stillIn(batch.get(0).chatId(), source);
                        for (int j = 0; j < batch.size(); j++) {
                            MessageView m = batch.get(j);
                            if (current.contains(key(m))) late.accept(m.withTranslation(view(o, j, reader)));
                        }
                    };
            parts.add(request(request, save, tooLate).thenAccept(o -> {
                synchronized (shown) {
                    for (int j = 0; j < indexes.size(); j++)
                        shown.set(indexes.get(j), batch.get(j).withTranslation(view(o, j, reader)));
                }
            }));
        });
        return CompletableFuture.allOf(parts.toArray(CompletableFuture[]::new)).thenApply(v -> {
            synchronized (shown) {
                return List.copyOf(shown);
            }
        });
    }

    /**
     * An agent's reply into the user's language: what the user is sent ({@code text}) and by which engine, or, on
     * failure, the reason (the original is sent). Never later than the timeout; a later answer is dropped (the
     * original is gone by then).
     */
    CompletableFuture<StoredTranslation> reply(String text, String from, String to) {
        if (!enabled) return CompletableFuture.completedFuture(null);
        return request(TranslationRequest.of(text, from, to), o -> {}, null)
                .thenApply(o -> nothingToAsk(o)
                        ? null
                        : o.error() == null
                                ? new StoredTranslation(o.texts().get(0), to, o.engine(), null)
                                : StoredTranslation.failed(to, o.engine(), o.error()));
    }

    /** The memory alone did not know a text: no translation, and nothing to mark ({@link #memoryOnly}). */
    private boolean nothingToAsk(Outcome o) {
        return memoryOnly && TranslationException.Reason.UNSUPPORTED_PAIR.wire().equals(o.error());
    }

    private TranslationView view(Outcome o, int i, String language) {
        if (nothingToAsk(o)) return null;
        return o.error() == null
                ? new TranslationView(o.texts().get(i), language, o.engine(), null)
                : new TranslationView(null, language, o.engine(), o.error());
    }

    /**
     * Asks the engine. The returned future completes by the deadline; {@code save} gets the outcome as it is known
     * (a timeout, then maybe the answer that came after it, in that order); {@code late} (may be {@code null})
     * gets an answer that came after the deadline.
     */
    private CompletableFuture<Outcome> request(
            TranslationRequest request, Consumer<Outcome> save, Consumer<Outcome> late) {
        if (!mayTranslate(request.source(), request.target())) {
            Outcome refused = new Outcome(null, translator.name(), TranslationException.Reason.UNSUPPORTED_PAIR.wire());
            save.accept(refused);
            return CompletableFuture.completedFuture(refused);
        }
        CompletableFuture<Outcome> bounded = new CompletableFuture<>();
        Object saving = new Object();
        boolean[] answered = {false};
        CompletableFuture<Translation> engine;
        try {
            engine = translator.translate(request);
        } catch (RuntimeException e) {
            engine = CompletableFuture.failedFuture(e);
        }
        // bounded is completed outside `saving`: what depends on it (a chain step, a reply's send) runs lock-free
        if (!engine.isDone())
            deadlines.after(timeout, () -> {
                Outcome timedOut = new Outcome(null, translator.name(), TranslationException.Reason.TIMEOUT.wire());
                if (!bounded.complete(timedOut)) return;
                synchronized (saving) {
                    if (!answered[0]) save.accept(timedOut);
                }
                failed(request, timedOut.error(), "no answer within " + timeout.toMillis() + " ms");
            });
        engine.whenComplete((t, e) -> {
            Outcome o = outcome(request, t, e);
            boolean inTime = bounded.complete(o);
            synchronized (saving) {
                answered[0] = true;
                if (inTime || o.error() == null) save.accept(o);
            }
            if (o.error() == null) succeeded();
            else if (!nothingToAsk(o)) failed(request, o.error(), message(e));
            if (!inTime && late != null && o.error() == null) late.accept(o);
        });
        return bounded;
    }

    private Outcome outcome(TranslationRequest request, Translation t, Throwable e) {
        if (e == null && t != null && t.texts().size() == request.texts().size())
            return new Outcome(t.texts(), t.engine(), null);
        Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
        if (cause instanceof TranslationException te)
            return new Outcome(null, te.engine(), te.reason().wire());
        return new Outcome(null, translator.name(), TranslationException.Reason.UNAVAILABLE.wire());
    }

    private static String message(Throwable e) {
        if (e == null) return "an answer with the wrong number of texts";
        Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
        return cause.getMessage();
    }

    private synchronized void succeeded() {
        if (failuresInBurst > 1)
            log.info("translation ({}) answers again after {} failure(s)", translator.name(), failuresInBurst);
        failuresInBurst = 0;
    }

    private synchronized void failed(TranslationRequest request, String reason, String message) {
        long now = System.nanoTime();
        if (failuresInBurst > 0 && now - burstStarted < BURST.toNanos()) {
            failuresInBurst++;
            return;
        }
        if (failuresInBurst > 1)
            log.warn("translation ({}): {} more failure(s) in the last minute", translator.name(), failuresInBurst - 1);
        log.warn(
                "translation ({}) {}→{} failed [{}]: {}; originals go through marked not translated (further"
                        + " failures are counted, not logged, for a minute)",
                translator.name(),
                request.source(),
                request.target(),
                reason,
                message);
        burstStarted = now;
        failuresInBurst = 1;
    }

    /** The stored form of a user or bot message with its new translation. */
    static StoredMessage stored(MessageView m, TranslationView t) {
        return new StoredMessage(
                m.chatId(),
                m.seq(),
                m.history(),
                m.sender(),
                m.author(),
                m.text(),
                m.language(),
                t == null ? null : new StoredTranslation(t.text(), t.language(), t.engine(), t.error()),
                Instant.parse(m.at()));
    }
}
