package dev.handoff.preset;

import dev.handoff.yaml.Loc;
import dev.handoff.yaml.ProblemCode;
import dev.handoff.yaml.Problems;
import dev.handoff.yaml.YNode;
import dev.handoff.yaml.YamlReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Checks bot and preset files without running them: every problem with its location. A preset file
 * (one with a top-level {@code preset} key) is checked as a one-language bot that enables it with
 * no overrides would see it.
 */
public final class Validator {
    private final PresetCatalog installed;
    private final ActionCatalog actions;
    private final YamlReader reader = new YamlReader();

    public Validator(PresetCatalog installed, ActionCatalog actions) {
        this.installed = installed;
        this.actions = actions;
    }

    public Problems validate(Path file) {
        String name = file.toString();
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            var problems = new Problems();
            problems.error(ProblemCode.CANNOT_READ, Loc.of(name), "cannot read the file: " + e.getMessage());
            return problems;
        }
        return validate(name, bytes);
    }

    public Problems validate(String name, byte[] bytes) {
        var probe = new Problems();
        var root = reader.read(name, bytes, probe);
        if (root.isEmpty()) {
            return probe;
        }
        if (root.get() instanceof YNode.YMap map && map.get("preset") != null && map.get("id") == null) {
            return validatePreset(name, bytes);
        }
        return new BotLoader(installed, actions, reader).load(name, bytes).problems();
    }

    private Problems validatePreset(String name, byte[] bytes) {
        var problems = new Problems();
        var preset = PresetCatalog.parse(name, bytes, reader, problems);
        if (preset.isEmpty()) {
            return problems;
        }
        var catalog = new PresetCatalog();
        catalog.add(preset.get(), installed.settings(preset.get().name()));
        String probeBot =
                "id: preset-check\nlanguages: [en]\npresets:\n  " + preset.get().name() + ": {}\n";
        var result = new BotLoader(catalog, actions, reader)
                .load("<bot enabling " + preset.get().name() + ">", probeBot);
        result.problems().all().stream()
                .filter(p -> p.loc().file().equals(name) || p.isError())
                .forEach(problems::add);
        return problems;
    }

    /** Problems as the command prints them: one line each, then a count. */
    public static List<String> render(Problems problems) {
        var lines = new java.util.ArrayList<String>();
        problems.all().forEach(p -> lines.add(p.format()));
        return lines;
    }
}
