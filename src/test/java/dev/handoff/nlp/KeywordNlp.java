package dev.handoff.nlp;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A test double for the NLP pipeline: an input is understood as an intent if, lower-cased and
 * trimmed, it equals one of the intent's examples. Predictable, so dialogue tests test the dialogue.
 */
public final class KeywordNlp implements NlpPipelineFactory {
    @Override
    public NlpPipeline train(TrainingData data) {
        return (language, text) -> {
            String input = text.strip().toLowerCase(Locale.ROOT);
            Map<String, List<String>> intents = data.examplesByLanguage().getOrDefault(language, Map.of());
            for (var entry : intents.entrySet()) {
                for (String example : entry.getValue()) {
                    if (example.toLowerCase(Locale.ROOT).equals(input)) {
                        return Interpretation.of(
                                entry.getKey(), 1.0, List.of(new Interpretation.IntentScore(entry.getKey(), 1.0)));
                    }
                }
            }
            return Interpretation.misunderstood(List.of());
        };
    }
}
