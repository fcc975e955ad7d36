package dev.handoff.preset;

import dev.handoff.yaml.Binder;
import dev.handoff.yaml.Loc;
import dev.handoff.yaml.ProblemCode;
import dev.handoff.yaml.Problems;
import dev.handoff.yaml.YNode;
import dev.handoff.yaml.YNode.YMap;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The state of loading one bot file, shared by the loader's parts: what is read so far and where
 * problems go. One draft per load, used on one thread.
 */
final class BotDraft {
    /** The origin of what the bot file itself defines (otherwise a preset's name). */
    static final String BOT = "bot";

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.\\-]+");

    final String file;
    final Problems problems;
    final Binder binder;
    final List<String> languages;
    final Map<String, IntentDef> intents = new LinkedHashMap<>();
    final Map<String, Text> responses = new LinkedHashMap<>();
    final Map<String, StreamDef> streams = new LinkedHashMap<>();
    final Map<String, YMap> presetSettings = new LinkedHashMap<>();
    final Map<String, Loc> presetUses = new LinkedHashMap<>();
    /** Each enabled preset's settings as its plugin's record, by the record's type. */
    final Map<Class<?>, Object> settings = new LinkedHashMap<>();
    /** Every text a step uses, for the translation check. */
    final List<Text> texts = new ArrayList<>();

    BotDraft(String file, Binder binder, List<String> languages) {
        this.file = file;
        this.problems = binder.problems();
        this.binder = binder;
        this.languages = List.copyOf(languages);
    }

    /** A name (an id, a slot): letters, digits, '_', '.' and '-'. */
    Optional<String> name(YNode node, String what) {
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

    boolean checkName(String name, Loc at, String kind) {
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
