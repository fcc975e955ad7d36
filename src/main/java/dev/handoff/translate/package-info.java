/**
 * Translation between the user's language and the agent's: two ports and their engines.
 *
 * <ul>
 *   <li>{@link dev.handoff.translate.Translator}: a batch of texts from one language into another, asynchronous.
 *       Engines are adapters in sub-packages (Google Cloud Translation v2, Azure AI Translator v3, LibreTranslate,
 *       Apertium's APY server) and the translation memory, which answers first.
 *   <li>{@link dev.handoff.translate.LanguageDetector}: which of the configured languages a text is in; a
 *       {@link dev.handoff.translate.LanguageDetectors} makes one for a set of languages (a bot's, the desk's).
 *       {@code lingua/} is the adapter.
 * </ul>
 *
 * <p>{@link dev.handoff.translate.TranslateModule} binds the desk's translator: a {@link
 * dev.handoff.translate.TranslationChain} of the memory ({@code memory/}), a bounded cache, the timeout and the
 * machine engine of {@code translation.engine}. This package imports nothing of the desk: the desk hands it its
 * texts as plain maps.
 *
 * <p>Language codes are the platform's own: ISO 639-1 where there is one ({@code af en zu xh st tn ts ss nr}),
 * else ISO 639-3 ({@code nso}), lower case. Adapters map them to their provider's codes and back.
 *
 * <p>Threading: no method of either port blocks its caller on I/O. {@link dev.handoff.translate.Translator#translate}
 * returns at once; its future completes on the engine's own threads (an HTTP client's), never on the caller's, so a
 * caller on a Socket.IO event thread or under the desk's lock may call it and must not wait on it there.
 */
package dev.handoff.translate;
