package dev.handoff.preset;

import dev.handoff.yaml.Loc;
import dev.handoff.yaml.YNode;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A loaded bot: its own definitions with its enabled presets merged in.
 *
 * @param presetSettings each enabled preset's settings, the preset's defaults with the bot's overrides merged in
 */
public record BotDef(
        String id,
        List<String> languages,
        Map<String, IntentDef> intents,
        Map<String, Text> responses,
        Map<String, StreamDef> streams,
        Map<String, YNode.YMap> presetSettings,
        Map<String, Loc> presetUses,
        String file) {

    public static final String FALLBACK_RESPONSE = "fallback";

    public BotDef {
        languages = List.copyOf(languages);
        intents = Collections.unmodifiableMap(new LinkedHashMap<>(intents));
        responses = Collections.unmodifiableMap(new LinkedHashMap<>(responses));
        streams = Collections.unmodifiableMap(new LinkedHashMap<>(streams));
        presetSettings = Collections.unmodifiableMap(new LinkedHashMap<>(presetSettings));
        presetUses = Collections.unmodifiableMap(new LinkedHashMap<>(presetUses));
    }

    public String defaultLanguage() {
        return languages.get(0);
    }

    public boolean enables(String preset) {
        return presetSettings.containsKey(preset);
    }
}
