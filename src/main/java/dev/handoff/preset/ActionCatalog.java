package dev.handoff.preset;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The actions a bot may run ({@code - action: NAME}), each with the preset it needs, if any: what
 * the loader checks a bot's action steps against.
 *
 * @param requiredPresets every bound action's name, with the preset it needs (empty if none)
 */
public record ActionCatalog(Map<String, Optional<String>> requiredPresets) {
    public ActionCatalog {
        requiredPresets = Collections.unmodifiableMap(new LinkedHashMap<>(requiredPresets));
    }

    public Set<String> names() {
        return requiredPresets.keySet();
    }

    public Optional<String> requiredPreset(String action) {
        return requiredPresets.getOrDefault(action, Optional.empty());
    }
}
