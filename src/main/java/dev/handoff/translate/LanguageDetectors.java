package dev.handoff.translate;

import java.util.Collection;

/**
 * Makes {@link LanguageDetector}s limited to a set of languages: a bot's, or the desk's. Bound in Guice; the
 * default ({@link #none()}) detects nothing, {@code translate.lingua.LanguageDetectionModule} binds lingua.
 *
 * <p>Contract: {@link #over} may take a second or two the first time (it loads models) and is thread-safe; the
 * detector it returns answers only with languages of {@code languages}, and is {@link LanguageDetector#none()}
 * when it can tell none of them apart.
 */
public interface LanguageDetectors {
    LanguageDetector over(Collection<String> languages);

    /** Detects nothing: conversations keep the language they were opened in. */
    static LanguageDetectors none() {
        return languages -> LanguageDetector.none();
    }
}
