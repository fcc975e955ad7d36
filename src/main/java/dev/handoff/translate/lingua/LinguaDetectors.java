package dev.handoff.translate.lingua;

import dev.handoff.translate.LanguageDetector;
import dev.handoff.translate.LanguageDetectors;
import jakarta.inject.Singleton;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One {@link LinguaDetector} per set of languages it knows, built on first use and kept: bots with the same
 * languages share one. Fewer than two languages lingua knows answers {@link LanguageDetector#none()}.
 */
@Singleton
final class LinguaDetectors implements LanguageDetectors {
    private static final Logger log = LoggerFactory.getLogger(LinguaDetectors.class);
    private final Map<Set<String>, LanguageDetector> detectors = new ConcurrentHashMap<>();

    @Override
    public LanguageDetector over(Collection<String> languages) {
        Set<String> known = new TreeSet<>();
        languages.stream().filter(LinguaDetector::knows).forEach(known::add);
        if (known.size() < 2) {
            log.info(
                    "No language detection over {}: lingua knows {} of them, and needs two to choose",
                    languages,
                    known.isEmpty() ? "none" : "only " + known);
            return LanguageDetector.none();
        }
        return detectors.computeIfAbsent(Set.copyOf(known), LinguaDetector::new);
    }
}
