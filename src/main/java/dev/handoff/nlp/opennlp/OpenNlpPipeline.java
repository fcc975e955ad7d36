package dev.handoff.nlp.opennlp;

import dev.handoff.nlp.Interpretation;
import dev.handoff.nlp.NlpPipeline;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The trained built-in pipeline: one {@link LanguageModel} per language. Thread-safe. */
final class OpenNlpPipeline implements NlpPipeline {

    private static final Logger log = LoggerFactory.getLogger(OpenNlpPipeline.class);
    /** Remembering every odd language code a client sends would leak memory: warn about this many. */
    private static final int MAX_WARNED_LANGUAGES = 100;

    private final Map<String, LanguageModel> models;
    private final Set<String> warnedLanguages = ConcurrentHashMap.newKeySet();

    OpenNlpPipeline(Map<String, LanguageModel> models) {
        this.models = Map.copyOf(models);
    }

    @Override
    public Interpretation interpret(String language, String text) {
        LanguageModel model = modelFor(language);
        if (model == null) {
            if (warnedLanguages.size() < MAX_WARNED_LANGUAGES && warnedLanguages.add(String.valueOf(language))) {
                log.warn(
                        "no NLP model for language '{}' (known: {}); its messages are misunderstood",
                        language,
                        models.keySet().stream().sorted().toList());
            }
            return Interpretation.misunderstood(List.of());
        }
        return model.interpret(TextNormalizer.tokens(TextNormalizer.normalize(text)));
    }

    /** The model for "zu", also for "ZU" and "zu-ZA" when there is no model for "zu-za" itself. */
    private LanguageModel modelFor(String language) {
        if (language == null) {
            return null;
        }
        String key = key(language);
        LanguageModel model = models.get(key);
        if (model == null) {
            int dash = key.indexOf('-');
            if (dash > 0) {
                model = models.get(key.substring(0, dash));
            }
        }
        return model;
    }

    static String key(String language) {
        return language.strip().replace('_', '-').toLowerCase(Locale.ROOT);
    }
}
