package dev.handoff.preset;

import dev.handoff.yaml.Binder;
import dev.handoff.yaml.ProblemCode;
import dev.handoff.yaml.Problems;
import dev.handoff.yaml.YNode;
import dev.handoff.yaml.YamlReader;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The presets a bot may enable, each with an optional check of its merged settings (contributed by
 * the plugin that ships the preset).
 */
public final class PresetCatalog {

    /** Checks a preset's settings once a bot's overrides are merged in. */
    @FunctionalInterface
    public interface SettingsCheck {
        void check(YNode.YMap settings, Binder binder);
    }

    private final Map<String, PresetDef> presets = new LinkedHashMap<>();
    private final Map<String, SettingsCheck> checks = new LinkedHashMap<>();

    public void add(PresetDef preset, SettingsCheck check) {
        PresetDef old = presets.putIfAbsent(preset.name(), preset);
        if (old != null) {
            var problems = new Problems();
            problems.error(
                    ProblemCode.DUPLICATE_PRESET,
                    preset.loc(),
                    "preset '" + preset.name() + "' is defined twice (also at " + old.loc() + ")");
            problems.throwIfErrors(PresetException::new);
        }
        if (check != null) {
            checks.put(preset.name(), check);
        }
    }

    public Optional<PresetDef> get(String name) {
        return Optional.ofNullable(presets.get(name));
    }

    public Set<String> names() {
        return Collections.unmodifiableSet(presets.keySet());
    }

    public Optional<SettingsCheck> check(String name) {
        return Optional.ofNullable(checks.get(name));
    }

    private static final List<String> PRESET_KEYS = List.of("preset", "description", "settings", "intents", "streams");

    /** Parses a preset file; problems (with locations) go to {@code problems}. */
    public static Optional<PresetDef> parse(String file, byte[] bytes, YamlReader reader, Problems problems) {
        var binder = new Binder(problems);
        return reader.read(file, bytes, problems)
                .flatMap(root -> binder.map(root, "a preset file"))
                .flatMap(root -> {
                    binder.onlyKeys(root, "a preset file", PRESET_KEYS);
                    Optional<String> name =
                            binder.required(root, "preset", "a preset file").flatMap(n -> binder.string(n, "'preset'"));
                    String description = Optional.ofNullable(root.get("description"))
                            .flatMap(n -> binder.string(n, "'description'"))
                            .orElse("");
                    YNode.YMap settings = Optional.ofNullable(root.get("settings"))
                            .flatMap(n -> binder.map(n, "'settings'"))
                            .orElse(YNode.emptyMap(root.loc()));
                    YNode intents = Optional.ofNullable(root.get("intents")).orElse(YNode.emptyMap(root.loc()));
                    YNode streams = Optional.ofNullable(root.get("streams")).orElse(YNode.emptyMap(root.loc()));
                    return name.map(n -> new PresetDef(n, description, settings, intents, streams, root.loc()));
                });
    }
}
