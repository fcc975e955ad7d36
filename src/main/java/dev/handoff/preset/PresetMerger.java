package dev.handoff.preset;

import dev.handoff.yaml.Binder;
import dev.handoff.yaml.Loc;
import dev.handoff.yaml.ProblemCode;
import dev.handoff.yaml.Problems;
import dev.handoff.yaml.YNode;
import dev.handoff.yaml.YNode.YList;
import dev.handoff.yaml.YNode.YMap;
import dev.handoff.yaml.YNode.YScalar;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Enables the presets a bot lists: checks the bot's overrides against the preset's settings (an
 * override may only set a setting the preset has), merges them over the defaults, binds them with
 * the plugin's typed binding, substitutes {@code ${name}} placeholders in the preset's intents and
 * streams, and reads those into the bot with the {@link StreamReader}.
 */
final class PresetMerger {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z0-9_]+)}");

    private final PresetCatalog catalog;
    private final StreamReader reader;
    private final BotDraft draft;
    private final Problems problems;
    private final Binder binder;
    private final Map<String, YMap> presetSettings;
    private final Map<String, Loc> presetUses;

    PresetMerger(BotDraft draft, PresetCatalog catalog, StreamReader reader) {
        this.problems = draft.problems;
        this.binder = draft.binder;
        this.presetSettings = draft.presetSettings;
        this.presetUses = draft.presetUses;
        this.catalog = catalog;
        this.reader = reader;
        this.draft = draft;
    }

    void presets(YNode node) {
        // presets: [human_handoff]  or  presets: {human_handoff: {overrides}}
        Map<String, YNode> uses = new LinkedHashMap<>();
        Map<String, Loc> locs = new LinkedHashMap<>();
        if (node instanceof YList list) {
            for (YNode item : list.items()) {
                binder.string(item, "a preset name").ifPresent(n -> {
                    uses.put(n, YNode.emptyMap(item.loc()));
                    locs.put(n, item.loc());
                });
            }
        } else {
            binder.map(node, "'presets'").ifPresent(m -> m.entries().forEach((n, v) -> {
                uses.put(n, v instanceof YScalar s && s.isNull() ? YNode.emptyMap(m.keyLoc(n)) : v);
                locs.put(n, m.keyLoc(n));
            }));
        }
        uses.forEach((name, overrides) -> {
            Loc at = locs.get(name);
            Optional<PresetDef> preset = catalog.get(name);
            if (preset.isEmpty()) {
                problems.error(
                        ProblemCode.UNKNOWN_PRESET, at, "preset '" + name + "' is not installed", catalog.names());
                return;
            }
            binder.map(overrides, "the settings of preset '" + name + "'").ifPresent(o -> enable(preset.get(), o, at));
        });
    }

    private void enable(PresetDef preset, YMap overrides, Loc at) {
        checkOverrideKeys(preset.settings(), overrides, "preset '" + preset.name() + "' settings", 0);
        YMap settings = (YMap) YNode.merge(preset.settings(), overrides);
        catalog.settings(preset.name()).ifPresent(binding -> bind(binding, settings));
        presetSettings.put(preset.name(), settings);
        presetUses.put(preset.name(), at);
        // the streams are bound even if the settings have errors: their errors are worth reporting too
        Map<String, Text> messages = new LinkedHashMap<>();
        Optional.ofNullable(settings.get("messages"))
                .flatMap(n -> binder.map(n, "'messages'"))
                .ifPresent(m -> m.entries().forEach((n, v) -> reader.inlineText(v, n, "message '" + n + "'")
                        .ifPresent(t -> messages.put(n, t))));
        YNode intentsNode = substitute(preset.intents(), settings);
        YNode streamsNode = substitute(preset.streams(), settings);
        binder.map(intentsNode, "a preset's 'intents'").ifPresent(m -> reader.addIntents(m, preset.name()));
        binder.map(streamsNode, "a preset's 'streams'").ifPresent(m -> m.entries()
                .forEach((n, v) -> reader.addStream(n, m.keyLoc(n), v, preset.name(), messages)));
    }

    /** Binds the settings once, with the plugin's typed binding; the record goes on the bot. */
    private <T> void bind(PresetSettings<T> binding, YMap settings) {
        binding.bind(settings, binder).ifPresent(bound -> draft.settings.put(binding.type(), bound));
    }

    /** An override may only set settings the preset has (two levels deep, where the preset's value is a map of maps). */
    private void checkOverrideKeys(YMap defaults, YMap overrides, String what, int depth) {
        if (defaults.entries().isEmpty()) {
            return;
        }
        for (var entry : overrides.entries().entrySet()) {
            YNode def = defaults.get(entry.getKey());
            if (def == null) {
                problems.error(
                        ProblemCode.UNKNOWN_SETTING,
                        overrides.keyLoc(entry.getKey()),
                        "unknown setting '" + entry.getKey() + "' in " + what,
                        defaults.entries().keySet());
            } else if (depth == 0
                    && def instanceof YMap dm
                    && entry.getValue() instanceof YMap om
                    && dm.entries().values().stream().allMatch(v -> v instanceof YMap)) {
                checkOverrideKeys(dm, om, what + " '" + entry.getKey() + "'", depth + 1);
            }
        }
    }

    /** Replaces {@code ${name}} by the setting's value; a list item that is a list setting is spliced in. */
    private YNode substitute(YNode node, YMap settings) {
        if (node instanceof YMap m) {
            var entries = new LinkedHashMap<String, YNode>();
            m.entries().forEach((k, v) -> entries.put(k, substitute(v, settings)));
            return new YMap(entries, m.keyLocs(), m.loc());
        }
        if (node instanceof YList l) {
            List<YNode> items = new ArrayList<>();
            for (YNode item : l.items()) {
                YNode value = substitute(item, settings);
                if (isWholePlaceholder(item) && value instanceof YList spliced) {
                    items.addAll(spliced.items());
                } else {
                    items.add(value);
                }
            }
            return new YList(items, l.loc());
        }
        YScalar s = (YScalar) node;
        if (s.value() == null || !s.value().contains("${")) {
            return s;
        }
        Matcher whole = PLACEHOLDER.matcher(s.value());
        if (whole.matches()) {
            return setting(settings, whole.group(1), s.loc()).orElse(new YScalar(null, false, s.loc()));
        }
        Matcher m = PLACEHOLDER.matcher(s.value());
        var out = new StringBuilder();
        while (m.find()) {
            String replacement = setting(settings, m.group(1), s.loc())
                    .filter(v -> v instanceof YScalar)
                    .map(v -> ((YScalar) v).value())
                    .orElse("");
            m.appendReplacement(out, Matcher.quoteReplacement(replacement == null ? "" : replacement));
        }
        m.appendTail(out);
        return new YScalar(out.toString(), s.quoted(), s.loc());
    }

    private boolean isWholePlaceholder(YNode node) {
        return node instanceof YScalar s
                && s.value() != null
                && PLACEHOLDER.matcher(s.value()).matches();
    }

    private Optional<YNode> setting(YMap settings, String name, Loc at) {
        YNode value = settings.get(name);
        if (value == null) {
            problems.error(
                    ProblemCode.UNKNOWN_SETTING,
                    at,
                    "unknown setting '${" + name + "}'",
                    settings.entries().keySet());
        }
        return Optional.ofNullable(value);
    }
}
