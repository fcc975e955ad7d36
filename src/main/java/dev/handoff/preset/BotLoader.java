package dev.handoff.preset;

import dev.handoff.yaml.Binder;
import dev.handoff.yaml.Loc;
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
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Loads a bot file: reads it ({@link YamlReader}), reads the bot's own responses and intents, enables
 * the presets it lists ({@link PresetMerger}), reads the streams ({@link StreamReader}) and runs the
 * rules that need the whole bot ({@link CrossChecks}). Every problem is collected with its location
 * and code; the bot is returned only if there is no error (warnings are fine). Thread-safe: each load
 * has its own state.
 */
public final class BotLoader {

    /** What loading a bot gave: the bot (absent if any error) and every problem found. */
    public record Result(Optional<BotDef> bot, Problems problems) {}

    static final List<String> BOT_KEYS =
            List.of("id", "languages", "detect_language", "intents", "responses", "streams", "presets");
    private static final Pattern LANGUAGE = Pattern.compile("[a-z]{2,3}(-[A-Za-z0-9]{2,8})?");
    /**
     * The most languages one bot may speak: far more than any bot needs, few enough that checking every
     * text in every language (and the other per-language checks) stays cheap.
     */
    static final int MAX_LANGUAGES = 200;

    private final PresetCatalog catalog;
    private final ActionCatalog actions;
    private final YamlReader reader;

    public BotLoader(PresetCatalog catalog, ActionCatalog actions) {
        this(catalog, actions, new YamlReader());
    }

    public BotLoader(PresetCatalog catalog, ActionCatalog actions, YamlReader reader) {
        this.catalog = catalog;
        this.actions = actions;
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
        Optional<BotDef> bot =
                reader.read(file, bytes, problems).flatMap(root -> bot(file, root, new Binder(problems)));
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

    private Optional<BotDef> bot(String file, YNode rootNode, Binder binder) {
        Optional<YMap> maybeRoot = binder.map(rootNode, "a bot file");
        if (maybeRoot.isEmpty()) {
            return Optional.empty();
        }
        YMap root = maybeRoot.get();
        binder.onlyKeys(root, "a bot file", BOT_KEYS);
        Optional<YNode> idNode = binder.required(root, "id", "a bot file");
        List<String> languages = binder.required(root, "languages", "a bot file")
                .map(n -> languages(n, binder))
                .orElse(List.of());
        var draft = new BotDraft(file, binder, languages);
        String id = idNode.flatMap(n -> draft.name(n, "the bot's 'id'")).orElse("");
        var streams = new StreamReader(draft);

        // The bot's own responses first: its streams refer to them.
        opt(root, "responses").flatMap(n -> binder.map(n, "'responses'")).ifPresent(m -> m.entries()
                .forEach((name, node) -> {
                    if (draft.checkName(name, m.keyLoc(name), "response")) {
                        streams.inlineText(node, name, "response '" + name + "'")
                                .ifPresent(t -> draft.responses.put(name, t));
                    }
                }));
        opt(root, "intents")
                .flatMap(n -> binder.map(n, "'intents'"))
                .ifPresent(m -> streams.addIntents(m, BotDraft.BOT));
        opt(root, "presets").ifPresent(n -> new PresetMerger(draft, catalog, streams).presets(n));
        opt(root, "streams").flatMap(n -> binder.map(n, "'streams'")).ifPresent(m -> m.entries()
                .forEach((name, node) -> streams.addStream(name, m.keyLoc(name), node, BotDraft.BOT, draft.responses)));
        if (draft.problems.hasErrors() && languages.isEmpty()) {
            return Optional.empty();
        }
        new CrossChecks(draft, actions).run();
        boolean detectLanguage = detectLanguage(root, languages, binder);
        return Optional.of(new BotDef(
                id,
                languages,
                draft.intents,
                draft.responses,
                draft.streams,
                draft.settings,
                draft.presetUses,
                detectLanguage,
                file));
    }

    /**
     * {@code detect_language}: on by default when the bot speaks several languages; asked for with one language,
     * it can do nothing, which is a warning.
     */
    private static boolean detectLanguage(YMap root, List<String> languages, Binder binder) {
        Optional<YNode> node = opt(root, "detect_language");
        boolean several = languages.size() > 1;
        Optional<Boolean> asked = node.flatMap(n -> binder.bool(n, "'detect_language'"));
        if (asked.orElse(false) && !several) {
            binder.problems()
                    .warning(
                            ProblemCode.INVALID_VALUE,
                            node.get().loc(),
                            "'detect_language' does nothing for a bot with one language (add languages, or remove it)");
        }
        return asked.orElse(several) && several;
    }

    private static List<String> languages(YNode node, Binder binder) {
        Problems problems = binder.problems();
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
        if (result.size() > MAX_LANGUAGES) {
            problems.error(
                    ProblemCode.OUT_OF_RANGE,
                    node.loc(),
                    "a bot may speak at most " + MAX_LANGUAGES + " languages, not " + result.size()
                            + " (only the first " + MAX_LANGUAGES + " are checked)");
            return result.stream().limit(MAX_LANGUAGES).toList();
        }
        if (result.isEmpty() && !problems.hasErrors()) {
            problems.error(
                    ProblemCode.NO_LANGUAGE,
                    node.loc(),
                    "a bot needs at least one language (for example: languages: [en])");
        }
        return List.copyOf(result);
    }

    private static Optional<YNode> opt(YMap map, String key) {
        YNode node = map.get(key);
        return node == null || node instanceof YScalar s && s.isNull() ? Optional.empty() : Optional.of(node);
    }
}
