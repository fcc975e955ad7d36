package dev.handoff.dialogue;

import dev.handoff.nlp.NlpPipelineFactory;
import dev.handoff.nlp.TrainingData;
import dev.handoff.preset.BotDef;
import dev.handoff.translate.LanguageDetector;
import dev.handoff.translate.LanguageDetectors;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes a loaded bot ready to talk: trains its NLP pipeline from its intents, per language, and, when the bot
 * detects languages, gets a detector over its languages (loading the models the first time).
 */
@Singleton
public final class BotFactory {
    private static final Logger log = LoggerFactory.getLogger(BotFactory.class);
    private final NlpPipelineFactory nlp;
    private final LanguageDetectors detectors;

    @Inject
    public BotFactory(NlpPipelineFactory nlp, LanguageDetectors detectors) {
        this.nlp = nlp;
        this.detectors = detectors;
    }

    public Bot create(BotDef definition) {
        long start = System.nanoTime();
        Map<String, Map<String, List<String>>> byLanguage = new LinkedHashMap<>();
        for (String language : definition.languages()) {
            Map<String, List<String>> intents = new LinkedHashMap<>();
            definition.intents().values().forEach(intent -> {
                List<String> examples = intent.examples().getOrDefault(language, List.of());
                if (!examples.isEmpty()) {
                    intents.put(intent.name(), examples);
                }
            });
            byLanguage.put(language, intents);
        }
        LanguageDetector detector =
                definition.detectLanguage() ? detectors.over(definition.languages()) : LanguageDetector.none();
        Bot bot = new Bot(definition, nlp.train(new TrainingData(byLanguage)), detector);
        log.info(
                "Bot '{}' ready: {} intents, {} streams, languages {}, language detection {} (trained in {} ms)",
                definition.id(),
                definition.intents().size(),
                definition.streams().size(),
                definition.languages(),
                definition.detectLanguage() ? "on" : "off",
                (System.nanoTime() - start) / 1_000_000);
        return bot;
    }
}
