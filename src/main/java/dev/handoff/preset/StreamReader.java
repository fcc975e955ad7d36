package dev.handoff.preset;

import dev.handoff.yaml.Binder;
import dev.handoff.yaml.Loc;
import dev.handoff.yaml.Problem;
import dev.handoff.yaml.ProblemCode;
import dev.handoff.yaml.Problems;
import dev.handoff.yaml.YNode;
import dev.handoff.yaml.YNode.YMap;
import dev.handoff.yaml.YNode.YScalar;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads what a bot or an enabled preset defines into the bot being built: intents with their
 * examples, texts (a response or message by name, or written out per language) and streams with
 * their trigger and steps (say, buttons, form, action). Every problem goes to the draft's problems
 * with its location; a part with an error is left out and reading goes on.
 */
final class StreamReader {
    static final List<String> STREAM_KEYS = List.of("trigger", "steps");
    static final List<String> TRIGGER_KEYS = List.of("intent", "intents", "misunderstood");
    static final List<String> STEP_KINDS = List.of("say", "buttons", "form", "action");
    static final List<String> BUTTONS_KEYS = List.of("text", "slot", "next", "options");
    static final List<String> OPTION_KEYS = List.of("id", "label", "next", "say", "language");
    static final List<String> FIELD_KEYS = List.of("slot", "type", "ask", "invalid");
    static final List<String> ACTION_KEYS = List.of("name", "args");
    private static final String BOT = BotDraft.BOT;

    private final BotDraft draft;
    private final String file;
    private final Problems problems;
    private final Binder binder;
    private final List<String> languages;
    private final Map<String, IntentDef> intents;
    private final Map<String, StreamDef> streams;
    private final List<Text> texts;

    StreamReader(BotDraft draft) {
        this.draft = draft;
        this.file = draft.file;
        this.problems = draft.problems;
        this.binder = draft.binder;
        this.languages = draft.languages;
        this.intents = draft.intents;
        this.streams = draft.streams;
        this.texts = draft.texts;
    }

    void addIntents(YMap map, String origin) {
        map.entries().forEach((name, node) -> {
            Loc at = map.keyLoc(name);
            if (!draft.checkName(name, at, "intent")) {
                return;
            }
            binder.map(node, "intent '" + name + "'").ifPresent(byLanguage -> {
                var examples = new LinkedHashMap<String, List<String>>();
                IntentDef old = intents.get(name);
                if (old != null) {
                    old.examples().forEach((k, v) -> examples.put(k, new ArrayList<>(v)));
                }
                byLanguage.entries().forEach((language, list) -> {
                    List<String> items = binder.strings(list, "intent '" + name + "', '" + language + "' examples");
                    examples.computeIfAbsent(language, k -> new ArrayList<>()).addAll(items);
                    if (origin.equals(BOT) && !languages.contains(language)) {
                        problems.warning(
                                ProblemCode.FOREIGN_EXAMPLES,
                                byLanguage.keyLoc(language),
                                "intent '" + name + "' has examples in '" + language
                                        + "', which is not one of the bot's languages ("
                                        + String.join(", ", languages) + ")");
                    }
                });
                intents.put(name, new IntentDef(name, examples, old != null ? old.loc() : at));
            });
        });
    }

    /** A text written out per language ({@code {en: ..., zu: ...}}), or one text in the bot's first language. */
    Optional<Text> inlineText(YNode node, String name, String what) {
        if (node instanceof YScalar s && s.value() != null) {
            String language = languages.isEmpty() ? Text.FALLBACK_LANGUAGE : languages.get(0);
            return Optional.of(new Text(Map.of(language, s.value()), name, node.loc()));
        }
        return binder.map(node, what).map(m -> {
            var byLanguage = new LinkedHashMap<String, String>();
            m.entries().forEach((language, v) -> binder.string(v, what + " in '" + language + "'")
                    .ifPresent(t -> byLanguage.put(language, t)));
            if (byLanguage.isEmpty()) {
                problems.error(
                        ProblemCode.NO_TEXT,
                        node.loc(),
                        what + " has no text (write one per language, for example en: Hello)");
            }
            return new Text(byLanguage, name, node.loc());
        });
    }

    /** In a stream: the name of a response (bot) or message (preset), or a text per language. */
    private Optional<Text> text(YNode node, Map<String, Text> scope, String what, String origin) {
        Optional<Text> text;
        if (node instanceof YScalar s && s.value() != null) {
            Text found = scope.get(s.value());
            if (found == null && !origin.equals(BOT) && node.loc().file().equals(file)) {
                // a plain text the bot gave in a preset's settings (a department's label): a text, not a name
                text = inlineText(node, null, what);
                text.ifPresent(texts::add);
                return text;
            }
            if (found == null) {
                String kind = origin.equals(BOT) ? "response" : "message";
                problems.add(Problem.error(
                                ProblemCode.UNDEFINED_TEXT,
                                node.loc(),
                                what + ": " + kind + " '" + s.value() + "' is not defined")
                        .withKnown(scope.keySet())
                        .withHint("or write the text per language, as {en: ...}"));
                return Optional.empty();
            }
            text = Optional.of(found);
        } else {
            text = inlineText(node, null, what);
        }
        text.ifPresent(texts::add);
        return text;
    }

    // ---- streams ---------------------------------------------------------------------

    void addStream(String name, Loc at, YNode node, String origin, Map<String, Text> scope) {
        if (!draft.checkName(name, at, "stream")) {
            return;
        }
        StreamDef existing = streams.get(name);
        if (existing != null) {
            problems.error(
                    ProblemCode.DUPLICATE_STREAM,
                    at,
                    "stream '" + name + "' is defined twice (also by "
                            + (existing.origin().equals(BOT) ? "this bot" : "preset '" + existing.origin() + "'")
                            + " at " + existing.loc() + "; rename one)");
            return;
        }
        binder.map(node, "stream '" + name + "'").ifPresent(m -> {
            binder.onlyKeys(m, "stream '" + name + "'", STREAM_KEYS);
            Trigger trigger = Optional.ofNullable(m.get("trigger"))
                    .map(t -> trigger(t, name))
                    .orElse(Trigger.NONE);
            List<Step> steps = new ArrayList<>();
            binder.required(m, "steps", "stream '" + name + "'")
                    .flatMap(s -> binder.list(s, "stream '" + name + "' steps"))
                    .ifPresent(list -> {
                        for (int i = 0; i < list.items().size(); i++) {
                            step(list.items().get(i), "stream '" + name + "', step " + (i + 1), origin, scope)
                                    .ifPresent(steps::add);
                        }
                    });
            streams.put(name, new StreamDef(name, origin, trigger, steps, at));
        });
    }

    private Trigger trigger(YNode node, String stream) {
        String what = "stream '" + stream + "' trigger";
        if (node instanceof YScalar) {
            return binder.string(node, what)
                    .map(i -> new Trigger(List.of(i), 0, node.loc()))
                    .orElse(Trigger.NONE);
        }
        return binder.map(node, what)
                .map(m -> {
                    binder.onlyKeys(m, what, TRIGGER_KEYS);
                    List<String> list = new ArrayList<>();
                    Optional.ofNullable(m.get("intent"))
                            .ifPresent(n -> list.addAll(binder.strings(n, what + " 'intent'")));
                    Optional.ofNullable(m.get("intents"))
                            .ifPresent(n -> list.addAll(binder.strings(n, what + " 'intents'")));
                    int misunderstood = Optional.ofNullable(m.get("misunderstood"))
                            .flatMap(n -> binder.integer(n, what + " 'misunderstood'", 0, 100))
                            .orElse(0);
                    return new Trigger(list, misunderstood, m.loc());
                })
                .orElse(Trigger.NONE);
    }

    private Optional<Step> step(YNode node, String what, String origin, Map<String, Text> scope) {
        Optional<YMap> maybe = binder.map(node, what);
        if (maybe.isEmpty()) {
            return Optional.empty();
        }
        YMap m = maybe.get();
        List<String> kinds =
                m.entries().keySet().stream().filter(STEP_KINDS::contains).toList();
        binder.onlyKeys(m, what, concat(STEP_KINDS, List.of("when")));
        if (kinds.size() != 1) {
            problems.error(
                    ProblemCode.STEP_KIND,
                    m.loc(),
                    what + " must have exactly one of " + String.join(", ", STEP_KINDS)
                            + (kinds.isEmpty() ? "" : " (it has " + String.join(" and ", kinds) + ")"));
            return Optional.empty();
        }
        if (m.get("when") != null
                && !binder.bool(m.get("when"), what + " 'when'").orElse(true)) {
            return Optional.empty();
        }
        String kind = kinds.get(0);
        YNode body = m.get(kind);
        return switch (kind) {
            case "say" -> text(body, scope, what, origin).map(t -> new Step.Say(t, m.loc()));
            case "buttons" -> buttons(body, what, origin, scope);
            case "form" -> form(body, what, origin, scope);
            default -> action(body, what);
        };
    }

    private Optional<Step> buttons(YNode node, String what, String origin, Map<String, Text> scope) {
        return binder.map(node, what + " buttons").flatMap(m -> {
            binder.onlyKeys(m, what + " buttons", BUTTONS_KEYS);
            Optional<Text> text =
                    binder.required(m, "text", what + " buttons").flatMap(t -> text(t, scope, what, origin));
            String slot = Optional.ofNullable(m.get("slot"))
                    .flatMap(n -> binder.string(n, what + " 'slot'"))
                    .orElse(null);
            String next = Optional.ofNullable(m.get("next"))
                    .flatMap(n -> binder.string(n, what + " 'next'"))
                    .orElse(null);
            List<Step.Option> options = new ArrayList<>();
            binder.required(m, "options", what + " buttons")
                    .flatMap(n -> binder.list(n, what + " options"))
                    .ifPresent(list -> {
                        for (int i = 0; i < list.items().size(); i++) {
                            String optionWhat = what + ", option " + (i + 1);
                            YNode item = list.items().get(i);
                            binder.map(item, optionWhat).ifPresent(o -> {
                                binder.onlyKeys(o, optionWhat, OPTION_KEYS);
                                // an option for one language is offered only by a bot that speaks it
                                String only = Optional.ofNullable(o.get("language"))
                                        .flatMap(n -> binder.string(n, optionWhat + " 'language'"))
                                        .orElse(null);
                                if (only != null && !languages.contains(only)) {
                                    return;
                                }
                                Optional<Text> label = binder.required(o, "label", optionWhat)
                                        .flatMap(l -> text(l, scope, optionWhat, origin));
                                String id = Optional.ofNullable(o.get("id"))
                                        .flatMap(n -> binder.string(n, optionWhat + " 'id'"))
                                        .orElse(null);
                                String optionNext = Optional.ofNullable(o.get("next"))
                                        .flatMap(n -> binder.string(n, optionWhat + " 'next'"))
                                        .orElse(null);
                                Text say = Optional.ofNullable(o.get("say"))
                                        .flatMap(n -> text(n, scope, optionWhat, origin))
                                        .orElse(null);
                                if (only != null) {
                                    // its label is written in that language for every user: nothing to translate
                                    label.ifPresent(texts::remove);
                                }
                                label.ifPresent(l -> options.add(new Step.Option(id, l, optionNext, say, o.loc())));
                            });
                        }
                        if (list.items().isEmpty()) {
                            problems.error(
                                    ProblemCode.NO_OPTIONS, list.loc(), what + " buttons need at least one option");
                        }
                    });
            return text.map(t -> new Step.Buttons(t, slot, next, options, m.loc()));
        });
    }

    private Optional<Step> form(YNode node, String what, String origin, Map<String, Text> scope) {
        YNode fieldsNode = node;
        if (node instanceof YMap m) {
            binder.onlyKeys(m, what + " form", List.of("fields"));
            Optional<YNode> f = binder.required(m, "fields", what + " form");
            if (f.isEmpty()) {
                return Optional.empty();
            }
            fieldsNode = f.get();
        }
        return binder.list(fieldsNode, what + " form fields").map(list -> {
            List<Step.Field> fields = new ArrayList<>();
            for (int i = 0; i < list.items().size(); i++) {
                String fieldWhat = what + ", field " + (i + 1);
                binder.map(list.items().get(i), fieldWhat).ifPresent(f -> {
                    binder.onlyKeys(f, fieldWhat, FIELD_KEYS);
                    Optional<String> slot =
                            binder.required(f, "slot", fieldWhat).flatMap(n -> draft.name(n, fieldWhat + " 'slot'"));
                    FieldType type = FieldType.TEXT;
                    if (f.get("type") != null) {
                        String typeName = binder.string(f.get("type"), fieldWhat + " 'type'")
                                .orElse("text");
                        type = FieldType.byName(typeName);
                        if (type == null) {
                            problems.error(
                                    ProblemCode.UNKNOWN_FIELD_TYPE,
                                    f.get("type").loc(),
                                    fieldWhat + ": type '" + typeName + "' is not known",
                                    FieldType.names());
                            type = FieldType.TEXT;
                        }
                    }
                    Optional<Text> ask =
                            binder.required(f, "ask", fieldWhat).flatMap(n -> text(n, scope, fieldWhat, origin));
                    Text invalid = Optional.ofNullable(f.get("invalid"))
                            .flatMap(n -> text(n, scope, fieldWhat, origin))
                            .orElse(null);
                    FieldType finalType = type;
                    if (slot.isPresent() && ask.isPresent()) {
                        fields.add(new Step.Field(slot.get(), finalType, ask.get(), invalid, f.loc()));
                    }
                });
            }
            return new Step.Form(fields, node.loc());
        });
    }

    private Optional<Step> action(YNode node, String what) {
        if (node instanceof YScalar) {
            return binder.string(node, what + " action").map(n -> new Step.Action(n, Map.of(), node.loc()));
        }
        return binder.map(node, what + " action").flatMap(m -> {
            binder.onlyKeys(m, what + " action", ACTION_KEYS);
            Optional<String> name = binder.required(m, "name", what + " action")
                    .flatMap(n -> binder.string(n, what + " action 'name'"));
            Map<String, String> args = new LinkedHashMap<>();
            Optional.ofNullable(m.get("args"))
                    .flatMap(n -> binder.map(n, what + " action 'args'"))
                    .ifPresent(
                            a -> a.entries().forEach((k, v) -> binder.string(v, what + " action argument '" + k + "'")
                                    .ifPresent(s -> args.put(k, s))));
            return name.map(n -> new Step.Action(n, args, m.loc()));
        });
    }

    private static List<String> concat(List<String> a, List<String> b) {
        var out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }
}
