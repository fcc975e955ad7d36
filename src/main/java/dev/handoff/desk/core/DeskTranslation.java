package dev.handoff.desk.core;

import dev.handoff.translate.LanguageDetector;
import dev.handoff.translate.TranslationSettings;
import dev.handoff.translate.Translator;
import java.time.Duration;
import java.util.Objects;

/**
 * What the desk translates with: the {@link Translator} (the memory and a machine engine, or none), the {@link
 * LanguageDetector} for user messages of a chat without a language, how long a message may wait for its
 * translation ({@code translation.timeout}) before the original goes through marked "not translated", and the
 * {@link Deadlines} that measure it.
 */
public record DeskTranslation(Translator translator, LanguageDetector detector, Duration timeout, Deadlines deadlines) {
    public DeskTranslation {
        Objects.requireNonNull(translator, "translator");
        Objects.requireNonNull(detector, "detector");
        Objects.requireNonNull(deadlines, "deadlines");
        if (timeout == null || timeout.isNegative() || timeout.isZero())
            throw new IllegalArgumentException("translation timeout must be positive, got " + timeout);
    }

    /** Nothing translates and nothing is detected: the desk as it was before translation. */
    public static DeskTranslation none() {
        return new DeskTranslation(
                dev.handoff.translate.Translators.none(),
                LanguageDetector.none(),
                TranslationSettings.DEFAULT_TIMEOUT,
                Deadlines.daemon());
    }
}
