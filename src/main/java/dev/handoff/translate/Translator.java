package dev.handoff.translate;

import java.util.concurrent.CompletableFuture;

/**
 * A translation engine, or a chain of them (the memory first, a machine engine second).
 *
 * <p>Contract:
 *
 * <ul>
 *   <li>{@link #translate} returns at once and never blocks on I/O; its future completes on the engine's
 *       threads. It completes with as many texts as it was given, in the same order, or exceptionally with a
 *       {@link TranslationException}.
 *   <li>An engine does not retry on its own: a failure is reported at once (the caller decides; the desk shows
 *       the original marked "not translated" and lets the agent retry).
 *   <li>{@link #languages()} is what the engine can translate, known before any message is sent: an engine
 *       that lists its languages over the network fetches them once, at start.
 *   <li>Implementations are thread-safe. No API key or credential appears in a message, an exception or a log.
 * </ul>
 */
public interface Translator {
    /** The engine's name as agents see it next to a translation: {@code google}, {@code apertium}, {@code memory}. */
    String name();

    /** The pairs this engine translates. */
    CompletableFuture<LanguagePairs> languages();

    /** Translates {@code request.texts()} from {@code request.source()} into {@code request.target()}. */
    CompletableFuture<Translation> translate(TranslationRequest request);
}
