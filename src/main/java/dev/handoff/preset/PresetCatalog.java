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
 * The presets a bot may enable, each with the typed binding of its settings when the plugin that
 * ships the preset has one ({@link PresetSettings}).
 */
public final class PresetCatalog {

    private final Map<String, PresetDef> presets = new LinkedHashMap<>();
    private final Map<String, PresetSettings<?>> settings = new LinkedHashMap<>();

    /** Adds a preset and the binding of its settings, if it has one. */
    public void add(PresetDef preset, Optional<PresetSettings<?>> binding) {
        PresetDef old = presets.putIfAbsent(preset.name(), preset);
        if (old != null) {
            var problems = new Problems();
            problems.error(
                    ProblemCode.DUPLICATE_PRESET,
                    preset.loc(),
                    "preset '" + preset.name() + "' is defined twice (also at " + old.loc() + ")");
            problems.throwIfErrors(PresetException::new);
        }
        binding.ifPresent(b -> settings.put(preset.name(), b));
    }

    public Optional<PresetDef> get(String name) {
        return Optional.ofNullable(presets.get(name));
    }

    public Set<String> names() {
        return Collections.unmodifiableSet(presets.keySet());
    }

    /** The typed binding of a preset's settings, if its plugin has one. */
    public Optional<PresetSettings<?>> settings(String name) {
        return Optional.ofNullable(settings.get(name));
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
