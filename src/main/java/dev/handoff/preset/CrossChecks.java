package dev.handoff.preset;

import dev.handoff.yaml.Loc;
import dev.handoff.yaml.Problem;
import dev.handoff.yaml.ProblemCode;
import dev.handoff.yaml.Problems;
import dev.handoff.yaml.YNode.YMap;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The checks that need the whole bot, run once everything is read: one method and one problem
 * code per rule (as Rasa's flow validation). A rule reports and never stops the others.
 */
final class CrossChecks {
    private final ActionCatalog actions;
    private final String file;
    private final Problems problems;
    private final List<String> languages;
    private final Map<String, IntentDef> intents;
    private final Map<String, Text> responses;
    private final Map<String, StreamDef> streams;
    private final Map<String, YMap> presetSettings;
    private final Map<String, Loc> presetUses;
    private final List<Text> texts;

    CrossChecks(BotDraft draft, ActionCatalog actions) {
        this.file = draft.file;
        this.problems = draft.problems;
        this.languages = draft.languages;
        this.intents = draft.intents;
        this.responses = draft.responses;
        this.streams = draft.streams;
        this.presetSettings = draft.presetSettings;
        this.presetUses = draft.presetUses;
        this.texts = draft.texts;
        this.actions = actions;
    }

    /** Runs every rule, in this order (a second error at one place is dropped). */
    void run() {
        triggerIntentsAreDefined();
        anIntentStartsOneStream();
        nextIsAStreamOrAnIntentThatStartsOne();
        actionsAreBound();
        actionsHaveTheirPreset();
        intentsHaveExamplesInEveryLanguage();
        textsAreTranslated();
    }

    /** [unknown-intent] A trigger names defined intents only. */
    private void triggerIntentsAreDefined() {
        for (StreamDef stream : streams.values()) {
            for (String intent : stream.trigger().intents()) {
                if (!intents.containsKey(intent)) {
                    problems.error(
                            ProblemCode.UNKNOWN_INTENT,
                            stream.trigger().loc(),
                            "stream '" + stream.name() + "': trigger intent '" + intent + "' is not an intent",
                            intents.keySet());
                }
            }
        }
    }

    /** [intent-starts-two-streams] An intent starts one stream. */
    private void anIntentStartsOneStream() {
        Map<String, String> streamByIntent = new LinkedHashMap<>();
        for (StreamDef stream : streams.values()) {
            for (String intent : stream.trigger().intents()) {
                if (!intents.containsKey(intent)) {
                    continue;
                }
                String first = streamByIntent.putIfAbsent(intent, stream.name());
                if (first != null) {
                    problems.error(
                            ProblemCode.INTENT_STARTS_TWO_STREAMS,
                            stream.trigger().loc(),
                            "stream '" + stream.name() + "': intent '" + intent + "' already starts stream '" + first
                                    + "' (an intent starts one stream)");
                }
            }
        }
    }

    /** [not-a-stream] A menu's and an option's {@code next} is a stream, or an intent that starts one. */
    private void nextIsAStreamOrAnIntentThatStartsOne() {
        Map<String, String> targets = streamByIntent();
        for (StreamDef stream : streams.values()) {
            String what = "stream '" + stream.name() + "'";
            for (Step step : stream.steps()) {
                if (step instanceof Step.Buttons b) {
                    checkNext(b.next(), b.loc(), what + " buttons", targets);
                    for (Step.Option option : b.options()) {
                        checkNext(
                                option.next(),
                                option.loc(),
                                what + ", option '" + option.label().in(Text.FALLBACK_LANGUAGE) + "'",
                                targets);
                    }
                }
            }
        }
    }

    /** [unbound-action] A step runs an action a plugin binds. */
    private void actionsAreBound() {
        forEachAction((stream, action) -> {
            if (!actions.names().contains(action.name())) {
                problems.error(
                        ProblemCode.UNBOUND_ACTION,
                        action.loc(),
                        "stream '" + stream.name() + "': action '" + action.name() + "' is not bound",
                        actions.names());
            }
        });
    }

    /** [action-needs-preset] A step runs an action only if the bot enables the preset the action needs. */
    private void actionsHaveTheirPreset() {
        forEachAction((stream, action) -> actions.requiredPreset(action.name())
                .filter(preset -> !presetSettings.containsKey(preset))
                .ifPresent(preset -> problems.add(Problem.error(
                                ProblemCode.ACTION_NEEDS_PRESET,
                                action.loc(),
                                "stream '" + stream.name() + "': action '" + action.name() + "' needs preset '" + preset
                                        + "'")
                        .withHint("add presets: [" + preset + "]"))));
    }

    /** [missing-examples] Warns of an intent a language's users cannot reach by typing. */
    private void intentsHaveExamplesInEveryLanguage() {
        for (IntentDef intent : intents.values()) {
            for (String language : languages) {
                if (intent.examples().getOrDefault(language, List.of()).isEmpty()) {
                    problems.warning(
                            ProblemCode.MISSING_EXAMPLES,
                            inThisFile(intent.loc()),
                            "intent '" + intent.name() + "' has no '" + language
                                    + "' examples: " + language
                                    + " users cannot reach it by typing (add examples under intents: "
                                    + intent.name() + ": " + language + ")");
                }
            }
        }
    }

    private void forEachAction(java.util.function.BiConsumer<StreamDef, Step.Action> check) {
        for (StreamDef stream : streams.values()) {
            for (Step step : stream.steps()) {
                if (step instanceof Step.Action action) {
                    check.accept(stream, action);
                }
            }
        }
    }

    /** Every intent that starts a stream, with the (first) stream it starts. */
    private Map<String, String> streamByIntent() {
        Map<String, String> map = new LinkedHashMap<>();
        streams.values().forEach(s -> s.trigger().intents().forEach(i -> map.putIfAbsent(i, s.name())));
        return map;
    }

    private void checkNext(String next, Loc at, String what, Map<String, String> streamByIntent) {
        if (next == null || streams.containsKey(next) || streamByIntent.containsKey(next)) {
            return;
        }
        var known = new LinkedHashSet<>(streams.keySet());
        known.addAll(streamByIntent.keySet());
        problems.error(
                ProblemCode.NOT_A_STREAM,
                at,
                what + ": next '" + next + "' is not a stream or an intent that starts one",
                known);
    }

    /** [missing-translation] Warns of a text without one of the bot's languages (English is used). */
    private void textsAreTranslated() {
        // preset -> language -> message names without a text in that language
        Map<String, Map<String, Set<String>>> presetGaps = new LinkedHashMap<>();
        var all = new ArrayList<>(responses.values());
        all.addAll(texts);
        for (Text text : all) {
            List<String> missing = languages.stream()
                    .filter(l -> !text.byLanguage().containsKey(l))
                    .toList();
            if (missing.isEmpty()) {
                continue;
            }
            if (!text.loc().file().equals(file)) {
                String preset = presetOf(text);
                missing.forEach(l -> presetGaps
                        .computeIfAbsent(preset, k -> new LinkedHashMap<>())
                        .computeIfAbsent(l, k -> new TreeSet<>())
                        .add(
                                text.name() != null
                                        ? text.name()
                                        : "'" + text.in(Text.FALLBACK_LANGUAGE) + "' (" + text.loc() + ")"));
            } else { // a text seen twice (a response is also among the texts) is warned of once: Problems.add
                String fallback = text.byLanguage().containsKey(Text.FALLBACK_LANGUAGE) ? "English" : "the first text";
                problems.warning(
                        ProblemCode.MISSING_TRANSLATION,
                        text.loc(),
                        (text.name() != null ? "response '" + text.name() + "'" : "text") + " has no "
                                + quoteAll(missing) + " text; " + fallback + " is used");
            }
        }
        presetGaps.forEach((preset, byLanguage) -> byLanguage.forEach((language, names) -> problems.warning(
                ProblemCode.MISSING_TRANSLATION,
                presetUses.getOrDefault(preset, Loc.of(file)),
                "preset '" + preset + "' has no '"
                        + language + "' text for " + String.join(", ", names)
                        + "; English is used (add them under presets: " + preset + ": messages: NAME: " + language
                        + ")")));
    }

    private String presetOf(Text text) {
        for (var use : presetSettings.entrySet()) {
            if (use.getValue().get("messages") instanceof YMap msgs
                    && text.name() != null
                    && msgs.get(text.name()) != null) {
                return use.getKey();
            }
        }
        return presetUses.keySet().stream().findFirst().orElse("?");
    }

    /** A location in this bot's file: a preset's own location stands for where the bot enables the preset. */
    private Loc inThisFile(Loc loc) {
        return loc.file().equals(file)
                ? loc
                : presetUses.values().stream().findFirst().orElse(loc);
    }

    /** The languages quoted, the first ten of them: one warning per text stays short however many are missing. */
    private static String quoteAll(List<String> languages) {
        String quoted = String.join(
                ", ", languages.stream().limit(10).map(l -> "'" + l + "'").toList());
        return languages.size() <= 10 ? quoted : quoted + " and " + (languages.size() - 10) + " more";
    }
}
