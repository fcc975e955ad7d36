package dev.handoff.preset;

import dev.handoff.yaml.Loc;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** An intent and its example utterances per language. */
public record IntentDef(String name, Map<String, List<String>> examples, Loc loc) {
    public IntentDef {
        var copy = new LinkedHashMap<String, List<String>>();
        examples.forEach((k, v) -> copy.put(k, List.copyOf(v)));
        examples = Collections.unmodifiableMap(copy);
    }
}
