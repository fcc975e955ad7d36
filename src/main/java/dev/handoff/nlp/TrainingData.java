package dev.handoff.nlp;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Example utterances per language, per intent: what an {@link NlpPipelineFactory} trains on. */
public record TrainingData(Map<String, Map<String, List<String>>> examplesByLanguage) {

    public TrainingData {
        var copy = new LinkedHashMap<String, Map<String, List<String>>>();
        examplesByLanguage.forEach((language, intents) -> {
            var inner = new LinkedHashMap<String, List<String>>();
            intents.forEach((intent, examples) -> inner.put(intent, List.copyOf(examples)));
            copy.put(language, java.util.Collections.unmodifiableMap(inner));
        });
        examplesByLanguage = java.util.Collections.unmodifiableMap(copy);
    }
}
