package dev.handoff.preset;

import dev.handoff.yaml.Binder;
import dev.handoff.yaml.Loc;
import dev.handoff.yaml.Problem;
import dev.handoff.yaml.ProblemCode;
import dev.handoff.yaml.Problems;
import dev.handoff.yaml.YNode;
import dev.handoff.yaml.YNode.YList;
import dev.handoff.yaml.YNode.YMap;
import dev.handoff.yaml.YNode.YScalar;
import dev.handoff.yaml.YamlReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Loads a bot file, merges in the presets it enables (with its overrides) and checks every
 * reference. Every problem is collected with its location; the bot is returned only if there is no
 * error (warnings are fine).
 */
public final class BotLoader {

    /** What loading a bot gave: the bot (absent if any error) and every problem found. */
    public record Result(Optional<BotDef> bot, Problems problems) {}

    static final List<String> BOT_KEYS = List.of("id", "languages", "intents", "responses", "streams", "presets");
    static final List<String> STREAM_KEYS = List.of("trigger", "steps");
    static final List<String> TRIGGER_KEYS = List.of("intent", "intents", "misunderstood");
    static final List<String> STEP_KINDS = List.of("say", "buttons", "form", "action");
    static final List<String> BUTTONS_KEYS = List.of("text", "slot", "next", "options");
    static final List<String> OPTION_KEYS = List.of("id", "label", "next", "say");
    static final List<String> FIELD_KEYS = List.of("slot", "type", "ask", "invalid");
    static final List<String> ACTION_KEYS = List.of("name", "args");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.\\-]+");
    private static final Pattern LANGUAGE = Pattern.compile("[a-z]{2,3}(-[A-Za-z0-9]{2,8})?");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z0-9_]+)}");
    private static final String BOT = "bot";

    private final PresetCatalog catalog;
    private final Set<String> knownActions;
    private final YamlReader reader;

    public BotLoader(PresetCatalog catalog, Set<String> knownActions) {
        this(catalog, knownActions, new YamlReader());
    }

    public BotLoader(PresetCatalog catalog, Set<String> knownActions, YamlReader reader) {
        this.catalog = catalog;
        this.knownActions = Set.copyOf(knownActions);
        this.reader = reader;
    }

    public Result load(Path file) {
        try {
            return load(file.toString(), Files.readAllBytes(file));
        } catch (IOException e) {
            var problems = new Problems();
            problems.error(ProblemCode.CANNOT_READ, Loc.of(file.toString()), "cannot read the file: " + e.getMessage());
            return new Result(Optional.empty(), problems);
        }
    }

    public Result load(String file, String yaml) {
        return load(file, yaml.getBytes(StandardCharsets.UTF_8));
    }

    public Result load(String file, byte[] bytes) {
        var problems = new Problems();
        Optional<BotDef> bot = reader.read(file, bytes, problems).flatMap(root -> new Build(file, problems).bot(root));
        return new Result(problems.hasErrors() ? Optional.empty() : bot, problems);
    }

    /** Loads or throws a {@link PresetException} listing every error. */
    public BotDef loadOrThrow(Path file) {
        Result result = load(file);
        result.problems().throwIfErrors(PresetException::new);
        return result.bot().orElseThrow();
    }

    public BotDef loadOrThrow(String file, String yaml) {
        Result result = load(file, yaml);
        result.problems().throwIfErrors(PresetException::new);
        return result.bot().orElseThrow();
    }

    /** One bot's build: the state of binding one file. */
    private final class Build {
        private final String file;
        private final Problems problems;
        private final Binder binder;
        private List<String> languages = List.of();
        private final Map<String, IntentDef> intents = new LinkedHashMap<>();
        private final Map<String, Text> responses = new LinkedHashMap<>();
        private final Map<String, StreamDef> streams = new LinkedHashMap<>();
        private final Map<String, YMap> presetSettings = new LinkedHashMap<>();
        private final Map<String, Loc> presetUses = new LinkedHashMap<>();
        private final List<Text> texts = new ArrayList<>();

        Build(String file, Problems problems) {
            this.file = file;
            this.problems = problems;
            this.binder = new Binder(problems);
        }

        Optional<BotDef> bot(YNode rootNode) {
            Optional<YMap> maybeRoot = binder.map(rootNode, "a bot file");
            if (maybeRoot.isEmpty()) {
                return Optional.empty();
            }
            YMap root = maybeRoot.get();
            binder.onlyKeys(root, "a bot file", BOT_KEYS);
            String id = binder.required(root, "id", "a bot file")
                    .flatMap(n -> name(n, "the bot's 'id'"))
                    .orElse("");
            languages = binder.required(root, "languages", "a bot file")
                    .map(this::languages)
                    .orElse(List.of());

            var ownStreams = new LinkedHashMap<String, YNode>();
            var ownKeyLocs = new LinkedHashMap<String, Loc>();
            // The bot's own responses first: its streams refer to them.
            opt(root, "responses").flatMap(n -> binder.map(n, "'responses'")).ifPresent(m -> m.entries()
                    .forEach((name, node) -> {
                        if (checkName(name, m.keyLoc(name), "response")) {
                            inlineText(node, name, "response '" + name + "'").ifPresent(t -> responses.put(name, t));
                        }
                    }));
            opt(root, "intents").flatMap(n -> binder.map(n, "'intents'")).ifPresent(m -> addIntents(m, BOT));
            opt(root, "presets").ifPresent(this::presets);
            opt(root, "streams").flatMap(n -> binder.map(n, "'streams'")).ifPresent(m -> {
                ownStreams.putAll(m.entries());
                ownKeyLocs.putAll(m.keyLocs());
            });
            ownStreams.forEach((name, node) -> addStream(name, ownKeyLocs.get(name), node, BOT, responses));
            if (problems.hasErrors() && languages.isEmpty()) {
                return Optional.empty();
            }
            crossCheck();
            return Optional.of(
                    new BotDef(id, languages, intents, responses, streams, presetSettings, presetUses, file));
        }

        // ---- top level -------------------------------------------------------------------

        private List<String> languages(YNode node) {
            var result = new LinkedHashSet<String>();
            List<YNode> items = node instanceof YList l ? l.items() : List.of(node);
            for (YNode item : items) {
                binder.string(item, "a language").ifPresent(code -> {
                    if (!LANGUAGE.matcher(code).matches()) {
                        problems.error(
                                ProblemCode.BAD_LANGUAGE,
                                item.loc(),
                                "'" + code
                                        + "' is not a language code (use ISO 639 codes such as en, zu, xh, st, tn, nso, af)");
                    } else if (!result.add(code)) {
                        problems.error(ProblemCode.DUPLICATE_ID, item.loc(), "language '" + code + "' is listed twice");
                    }
                });
            }
            if (result.isEmpty() && !problems.hasErrors()) {
                problems.error(
                        ProblemCode.NO_LANGUAGE,
                        node.loc(),
                        "a bot needs at least one language (for example: languages: [en])");
            }
            return List.copyOf(result);
        }

        private void presets(YNode node) {
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
                binder.map(overrides, "the settings of preset '" + name + "'")
                        .ifPresent(o -> enable(preset.get(), o, at));
            });
        }

        private void enable(PresetDef preset, YMap overrides, Loc at) {
            checkOverrideKeys(preset.settings(), overrides, "preset '" + preset.name() + "' settings", 0);
            YMap settings = (YMap) YNode.merge(preset.settings(), overrides);
            catalog.check(preset.name()).ifPresent(check -> check.check(settings, binder));
            presetSettings.put(preset.name(), settings);
            presetUses.put(preset.name(), at);
            // the streams are bound even if the settings have errors: their errors are worth reporting too
            Map<String, Text> messages = new LinkedHashMap<>();
            Optional.ofNullable(settings.get("messages"))
                    .flatMap(n -> binder.map(n, "'messages'"))
                    .ifPresent(m -> m.entries().forEach((n, v) -> inlineText(v, n, "message '" + n + "'")
                            .ifPresent(t -> messages.put(n, t))));
            YNode intentsNode = substitute(preset.intents(), settings);
            YNode streamsNode = substitute(preset.streams(), settings);
            binder.map(intentsNode, "a preset's 'intents'").ifPresent(m -> addIntents(m, preset.name()));
            binder.map(streamsNode, "a preset's 'streams'").ifPresent(m -> m.entries()
                    .forEach((n, v) -> addStream(n, m.keyLoc(n), v, preset.name(), messages)));
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

        // ---- intents, texts ---------------------------------------------------------------

        private void addIntents(YMap map, String origin) {
            map.entries().forEach((name, node) -> {
                Loc at = map.keyLoc(name);
                if (!checkName(name, at, "intent")) {
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
                        examples.computeIfAbsent(language, k -> new ArrayList<>())
                                .addAll(items);
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
        private Optional<Text> inlineText(YNode node, String name, String what) {
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

        private void addStream(String name, Loc at, YNode node, String origin, Map<String, Text> scope) {
            if (!checkName(name, at, "stream")) {
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
                                binder.required(f, "slot", fieldWhat).flatMap(n -> name(n, fieldWhat + " 'slot'"));
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
                        .ifPresent(a -> a.entries()
                                .forEach((k, v) -> binder.string(v, what + " action argument '" + k + "'")
                                        .ifPresent(s -> args.put(k, s))));
                return name.map(n -> new Step.Action(n, args, m.loc()));
            });
        }

        // ---- cross references --------------------------------------------------------------

        private void crossCheck() {
            Map<String, String> streamByIntent = new LinkedHashMap<>();
            Map<String, String> targets = streamByIntentLater(); // every intent that starts a stream, for 'next'
            for (StreamDef stream : streams.values()) {
                for (String intent : stream.trigger().intents()) {
                    if (!intents.containsKey(intent)) {
                        problems.error(
                                ProblemCode.UNKNOWN_INTENT,
                                stream.trigger().loc(),
                                "stream '" + stream.name() + "': trigger intent '" + intent + "' is not an intent",
                                intents.keySet());
                    } else if (streamByIntent.containsKey(intent)) {
                        problems.error(
                                ProblemCode.INTENT_STARTS_TWO_STREAMS,
                                stream.trigger().loc(),
                                "stream '" + stream.name() + "': intent '" + intent + "' already starts stream '"
                                        + streamByIntent.get(intent) + "' (an intent starts one stream)");
                    } else {
                        streamByIntent.put(intent, stream.name());
                    }
                }
                for (Step step : stream.steps()) {
                    String what = "stream '" + stream.name() + "'";
                    if (step instanceof Step.Buttons b) {
                        checkNext(b.next(), b.loc(), what + " buttons", targets);
                        for (Step.Option option : b.options()) {
                            checkNext(
                                    option.next(),
                                    option.loc(),
                                    what + ", option '" + option.label().in(Text.FALLBACK_LANGUAGE) + "'",
                                    targets);
                        }
                    } else if (step instanceof Step.Action a && !knownActions.contains(a.name())) {
                        problems.error(
                                ProblemCode.UNBOUND_ACTION,
                                a.loc(),
                                what + ": action '" + a.name() + "' is not bound",
                                knownActions);
                    }
                }
            }
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
            warnMissingTranslations();
        }

        private Map<String, String> streamByIntentLater() {
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

        private void warnMissingTranslations() {
            Set<String> warned = new LinkedHashSet<>();
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
                            .computeIfAbsent(l, k -> new java.util.TreeSet<>())
                            .add(
                                    text.name() != null
                                            ? text.name()
                                            : "'" + text.in(Text.FALLBACK_LANGUAGE) + "' (" + text.loc() + ")"));
                } else if (warned.add(text.loc() + "" + missing)) {
                    String fallback =
                            text.byLanguage().containsKey(Text.FALLBACK_LANGUAGE) ? "English" : "the first text";
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

        // ---- small helpers ---------------------------------------------------------------

        private Optional<YNode> opt(YMap map, String key) {
            YNode node = map.get(key);
            return node == null || node instanceof YScalar s && s.isNull() ? Optional.empty() : Optional.of(node);
        }

        private Optional<String> name(YNode node, String what) {
            return binder.string(node, what).filter(n -> {
                if (!NAME.matcher(n).matches()) {
                    problems.error(
                            ProblemCode.BAD_NAME,
                            node.loc(),
                            what + " '" + n + "' may only use letters, digits, '_', '.' and '-'");
                    return false;
                }
                return true;
            });
        }

        private boolean checkName(String name, Loc at, String kind) {
            if (!NAME.matcher(name).matches()) {
                problems.error(
                        ProblemCode.BAD_NAME,
                        at,
                        kind + " name '" + name + "' may only use letters, digits, '_', '.' and '-'");
                return false;
            }
            return true;
        }
    }

    private static String quoteAll(List<String> languages) {
        return String.join(", ", languages.stream().map(l -> "'" + l + "'").toList());
    }

    private static List<String> concat(List<String> a, List<String> b) {
        var out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }
}
