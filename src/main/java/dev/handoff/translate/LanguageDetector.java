package dev.handoff.translate;

import java.util.Optional;

/**
 * Which of the configured languages a text is written in.
 *
 * <p>Contract: pure computation (no I/O) once constructed, thread-safe, a few milliseconds per sentence, so a
 * caller may run it on its own worker thread (not a Socket.IO event thread for long texts). It answers empty
 * when it is not confident (a single word, a name, digits): callers keep the language they had.
 */
public interface LanguageDetector {
    Optional<DetectedLanguage> detect(String text);

    /** The detector that never knows: translation by language of the {@code username} addition only. */
    static LanguageDetector none() {
        return text -> Optional.empty();
    }
}
