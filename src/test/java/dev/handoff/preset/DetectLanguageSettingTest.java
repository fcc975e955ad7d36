package dev.handoff.preset;

import static org.assertj.core.api.Assertions.assertThat;

import dev.handoff.yaml.Problem;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code detect_language} in a bot file: on by default with several languages, checked like every bot key. */
class DetectLanguageSettingTest {
    private final BotLoader loader = new BotLoader(new PresetCatalog(), new ActionCatalog(Map.of()));

    private BotLoader.Result load(String languages, String setting) {
        return loader.load(
                "bot.yaml",
                "id: b\nlanguages: " + languages + "\n" + setting
                        + "\nresponses:\n  hello: {en: Hello, zu: Sawubona}\n");
    }

    @Test
    void aBotWithSeveralLanguagesDetectsByDefaultAndOneWithOneLanguageDoesNot() {
        assertThat(load("[en, zu]", "").bot().orElseThrow().detectLanguage()).isTrue();
        assertThat(load("[en]", "").bot().orElseThrow().detectLanguage()).isFalse();
    }

    @Test
    void detectLanguageFalseTurnsItOff() {
        var result = load("[en, zu]", "detect_language: false");
        assertThat(result.problems().all()).isEmpty();
        assertThat(result.bot().orElseThrow().detectLanguage()).isFalse();
    }

    @Test
    void aValueThatIsNotABooleanIsAnErrorAtItsPlace() {
        var result = load("[en, zu]", "detect_language: sometimes");
        assertThat(result.bot()).isEmpty();
        assertThat(result.problems().errors())
                .extracting(Problem::format)
                .containsExactly(
                        "bot.yaml:3:18: [not-a-boolean] 'detect_language' must be true or false, not 'sometimes'");
    }

    @Test
    void askingForDetectionWithOneLanguageIsAWarningAndLeavesItOff() {
        var result = load("[en]", "detect_language: true");
        assertThat(result.problems().all())
                .extracting(Problem::format)
                .containsExactly(
                        "bot.yaml:3:18: warning: [invalid-value] 'detect_language' does nothing for a bot with one"
                                + " language (add languages, or remove it)");
        assertThat(result.bot().orElseThrow().detectLanguage()).isFalse();
    }

    @Test
    void aMisspelledKeyIsUnknownAndTheKnownKeysNameDetectLanguage() {
        var result = load("[en, zu]", "detect_languages: true");
        assertThat(result.problems().errors())
                .extracting(Problem::format)
                .singleElement()
                .asString()
                .startsWith("bot.yaml:3:1: [unknown-key] unknown key 'detect_languages' in a bot file")
                .contains("detect_language,");
    }
}
