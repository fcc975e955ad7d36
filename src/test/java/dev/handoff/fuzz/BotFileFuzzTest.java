package dev.handoff.fuzz;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.handoff.humanhandoff.HandoffExecutor;
import dev.handoff.humanhandoff.HandoffSettings;
import dev.handoff.plugin.PluginLoader;
import dev.handoff.preset.ActionCatalog;
import dev.handoff.preset.BotLoader;
import dev.handoff.preset.PresetCatalog;
import dev.handoff.preset.Validator;
import dev.handoff.yaml.Problem;
import dev.handoff.yaml.Problems;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Timeout;

/**
 * Bot and preset files as {@code validate} and the bot's start read them ({@link Validator}, hence
 * {@link dev.handoff.yaml.YamlReader} and {@link BotLoader}): any bytes give a bot or located
 * problems with a code, never an exception, within the timeout.
 */
class BotFileFuzzTest {
    private static final String FILE = "fuzz.yaml";
    private static final PresetCatalog PRESETS =
            PluginLoader.presets(PluginLoader.discover(BotFileFuzzTest.class.getClassLoader()));
    private static final ActionCatalog ACTIONS =
            new ActionCatalog(Map.of(HandoffExecutor.ACTION, Optional.of(HandoffSettings.PRESET)));
    private static final Validator VALIDATOR = new Validator(PRESETS, ACTIONS);
    private static final BotLoader LOADER = new BotLoader(PRESETS, ACTIONS);

    // keys and YAML syntax the fuzzer would take long to guess; no line breaks (Jazzer 0.30.0 writes
    // them unescaped into libFuzzer's dictionary file, which then fails to parse)
    @DictionaryEntries({
        "id: ",
        "languages: [en, zu]",
        "intents: ",
        "responses: ",
        "streams: ",
        "presets: ",
        "preset: ",
        "settings: ",
        "description: ",
        "trigger: ",
        "steps: ",
        "- say: ",
        "- buttons: ",
        "- form: ",
        "- action: ",
        "next: ",
        "options: ",
        "label: ",
        "slot: ",
        "type: ",
        "ask: ",
        "invalid: ",
        "name: ",
        "args: ",
        "when: ",
        "fields: ",
        "intent: ",
        "misunderstood: ",
        "human_handoff",
        "departments: ",
        "live_agent_url: ",
        "max_message_length: ",
        "connect_timeout_seconds: ",
        "messages: ",
        "email_or_phone",
        "${",
        "&a ",
        "*a",
        "<<: ",
        "!!str ",
        "? ",
        "{en: ",
        "zu: "
    })
    @FuzzTest(maxDuration = "2m")
    @Timeout(10)
    void anyBotOrPresetFileGivesABotOrLocatedProblems(byte[] bytes) {
        located(VALIDATOR.validate(FILE, bytes));
        BotLoader.Result result = LOADER.load(FILE, bytes);
        located(result.problems());
        if (result.bot().isPresent() == result.problems().hasErrors()) {
            throw new AssertionError("a bot must come without errors, and only then: "
                    + result.problems().all());
        }
    }

    private static void located(Problems problems) {
        for (Problem p : problems.all()) {
            if (p.format().isBlank() || p.loc().file().isBlank()) {
                throw new AssertionError("a problem without a location or a message: " + p);
            }
        }
    }
}
