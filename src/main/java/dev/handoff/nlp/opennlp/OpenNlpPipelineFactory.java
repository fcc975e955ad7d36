package dev.handoff.nlp.opennlp;

import dev.handoff.nlp.NlpPipeline;
import dev.handoff.nlp.NlpPipelineFactory;
import dev.handoff.nlp.NlpSettings;
import dev.handoff.nlp.TrainingData;
import jakarta.inject.Inject;
import java.util.LinkedHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The built-in intent classifier: for each language, an Apache OpenNLP maxent document
 * categorizer over word unigrams, word bigrams and character n-grams, plus a character-n-gram
 * similarity gate that sends out-of-domain input to "misunderstood". Trained in memory at startup,
 * deterministically; OpenNLP reports training through SLF4J, never on standard output.
 */
public final class OpenNlpPipelineFactory implements NlpPipelineFactory {

    private static final Logger log = LoggerFactory.getLogger(OpenNlpPipelineFactory.class);

    private final NlpSettings settings;

    @Inject
    public OpenNlpPipelineFactory(NlpSettings settings) {
        this.settings = settings;
    }

    public OpenNlpPipelineFactory() {
        this(NlpSettings.defaults());
    }

    @Override
    public NlpPipeline train(TrainingData data) {
        var models = new LinkedHashMap<String, LanguageModel>();
        data.examplesByLanguage().forEach((language, intents) -> {
            long start = System.nanoTime();
            String key = OpenNlpPipeline.key(language);
            if (models.containsKey(key)) {
                throw new IllegalArgumentException("language '" + language + "' appears twice in the training data");
            }
            var model = LanguageModel.train(key, intents, settings);
            models.put(key, model);
            var skipped = intents.keySet().stream()
                    .filter(i -> !model.intents().contains(i))
                    .toList();
            if (!skipped.isEmpty()) {
                log.warn("language '{}': intents without a usable example are never recognised: {}", language, skipped);
            }
            log.info(
                    "trained NLP model for language '{}': {} intents in {} ms",
                    language,
                    model.intents().size(),
                    (System.nanoTime() - start) / 1_000_000);
        });
        return new OpenNlpPipeline(models);
    }
}
