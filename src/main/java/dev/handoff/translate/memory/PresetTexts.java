package dev.handoff.translate.memory;

import dev.handoff.yaml.Problems;
import dev.handoff.yaml.YNode;
import dev.handoff.yaml.YNode.YList;
import dev.handoff.yaml.YNode.YMap;
import dev.handoff.yaml.YNode.YScalar;
import dev.handoff.yaml.YamlReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The per-language texts of a preset file: every map, at any depth, whose keys are all languages the desk
 * works in and whose values are all texts, such as {@code messages.offer: {en: ..., zu: ...}} or a
 * department's {@code label}. Keys are matched against the desk's languages, not any two letters, so that a
 * map of settings ({@code id}, {@code to}, also ISO 639 codes) is never taken for a text. Read with the
 * project's {@link YamlReader}, like every YAML file.
 */
public final class PresetTexts {
    /** The {@code human_handoff} preset, as its plugin ships it on the class path. */
    public static final String HUMAN_HANDOFF = "presets/human_handoff.yaml";

    private PresetTexts() {}

    /** The texts of the preset at {@code resource} on the class path; a missing or broken preset is a build error. */
    public static List<Map<String, String>> fromClasspath(String resource, Set<String> languages) {
        try (InputStream in = PresetTexts.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) throw new IllegalStateException("classpath:" + resource + ": missing from the build");
            return read("classpath:" + resource, in.readAllBytes(), languages);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The texts of the preset {@code yaml}, named {@code file} in problems. */
    public static List<Map<String, String>> read(String file, byte[] yaml, Set<String> languages) {
        var problems = new Problems();
        var root = new YamlReader().read(file, yaml, problems);
        if (problems.hasErrors() || root.isEmpty()) {
            throw new IllegalStateException(Problems.report(problems.errors()));
        }
        List<Map<String, String>> groups = new ArrayList<>();
        collect(root.get(), languages, groups);
        return groups;
    }

    private static void collect(YNode node, Set<String> languages, List<Map<String, String>> groups) {
        if (node instanceof YList list) {
            list.items().forEach(item -> collect(item, languages, groups));
        } else if (node instanceof YMap map) {
            textsOf(map, languages).ifPresentOrElse(groups::add, () -> map.entries()
                    .values()
                    .forEach(value -> collect(value, languages, groups)));
        }
    }

    private static java.util.Optional<Map<String, String>> textsOf(YMap map, Set<String> languages) {
        if (map.entries().size() < 2) return java.util.Optional.empty();
        Map<String, String> texts = new LinkedHashMap<>();
        for (var e : map.entries().entrySet()) {
            if (!languages.contains(e.getKey())
                    || !(e.getValue() instanceof YScalar s)
                    || s.value() == null
                    || s.value().isBlank()) {
                return java.util.Optional.empty();
            }
            texts.put(e.getKey(), s.value());
        }
        return java.util.Optional.of(texts);
    }
}
