package dev.handoff.preset;

import dev.handoff.yaml.Loc;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A loaded bot: its own definitions with its enabled presets merged in.
 *
 * @param settings each enabled preset's settings, bound once at load time to its plugin's record
 *     ({@link PresetSettings}), by the record's type
 * @param presetUses where the bot enables each preset
 * @param detectLanguage whether a conversation switches to the language a user writes in ({@code
 *     detect_language}; by default when the bot speaks more than one language)
 */
public record BotDef(
        String id,
        List<String> languages,
        Map<String, IntentDef> intents,
        Map<String, Text> responses,
        Map<String, StreamDef> streams,
        Map<Class<?>, Object> settings,
        Map<String, Loc> presetUses,
        boolean detectLanguage,
        String file) {

    public static final String FALLBACK_RESPONSE = "fallback";

    public BotDef {
        languages = List.copyOf(languages);
        intents = Collections.unmodifiableMap(new LinkedHashMap<>(intents));
        responses = Collections.unmodifiableMap(new LinkedHashMap<>(responses));
        streams = Collections.unmodifiableMap(new LinkedHashMap<>(streams));
        settings = Collections.unmodifiableMap(new LinkedHashMap<>(settings));
        settings.forEach((type, value) -> {
            if (!type.isInstance(value)) {
                throw new IllegalArgumentException("settings of type " + type.getName() + " hold a "
                        + value.getClass().getName());
            }
        });
        presetUses = Collections.unmodifiableMap(new LinkedHashMap<>(presetUses));
    }

    public String defaultLanguage() {
        return languages.get(0);
    }

    /**
     * The settings of an enabled preset, as the record its plugin bound them to at load time; empty
     * if the bot does not enable a preset with settings of that type.
     */
    public <T> Optional<T> settings(Class<T> type) {
        return Optional.ofNullable(settings.get(type)).map(type::cast);
    }
}
