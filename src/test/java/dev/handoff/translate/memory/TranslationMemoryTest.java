package dev.handoff.translate.memory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.handoff.desk.config.DeskConfigLoader;
import dev.handoff.translate.LanguagePairs;
import dev.handoff.translate.TranslationException;
import dev.handoff.translate.TranslationRequest;
import dev.handoff.translate.TranslationSettings;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TranslationMemoryTest {
    private static final Set<String> LANGUAGES = Set.copyOf(TranslationSettings.DEFAULT_LANGUAGES);

    @Test
    void aQuickReplyOfTheBundledDeskTranslatesBetweenEachOfItsLanguages() {
        var memory = TranslationMemory.builder()
                .addAll(DeskConfigLoader.bundled().equivalentTexts())
                .build();

        assertThat(memory.lookup("One moment please, I am looking into it.", "en", "zu"))
                .contains("Sicela ume kancane, ngiyabheka.");
        assertThat(memory.lookup("Sicela ume kancane, ngiyabheka.", "zu", "af"))
                .contains("Een oomblik asseblief, ek kyk daarna.");
        assertThat(memory.lookup("One moment please, I am looking into it.", "en", "xh"))
                .isEmpty();
    }

    @Test
    void theDesksQueueAutoReplyTextsAreInTheMemoryToo() {
        var memory = TranslationMemory.builder()
                .addAll(DeskConfigLoader.bundled().equivalentTexts())
                .build();

        assertThat(memory.lookup(
                        "All our agents are busy at the moment. Please stay with us, you are in the queue.",
                        "en",
                        "af"))
                .contains("Al ons agente is tans besig. Bly asseblief by ons, jy is in die tou.");
    }

    @Test
    void theHumanHandoffPresetsMessagesAndLabelsAreReadFromTheClassPath() {
        var memory = TranslationMemory.builder()
                .addAll(PresetTexts.fromClasspath(PresetTexts.HUMAN_HANDOFF, LANGUAGES))
                .build();

        assertThat(memory.lookup("The agent is back.", "en", "zu")).contains("Umenzeli usebuyile.");
        assertThat(memory.lookup("Talk to an agent", "en", "xh")).contains("Thetha nearhente");
        // the intents' example lists are not texts of one meaning
        assertThat(memory.lookup("I want to talk to a human", "en", "zu")).isEmpty();
    }

    @Test
    void aPresetMapWhoseKeysAreNotTheDesksLanguagesIsNotTakenForATranslation() {
        byte[] yaml = "settings: {id: support, to: sales}\nmessages:\n  hi: {en: Hello, zu: Sawubona}\n"
                .getBytes(StandardCharsets.UTF_8);

        List<Map<String, String>> groups = PresetTexts.read("p.yaml", yaml, LANGUAGES);

        assertThat(groups).containsExactly(Map.of("en", "Hello", "zu", "Sawubona"));
    }

    @Test
    void lookUpsIgnoreSurroundingAndRepeatedWhiteSpaceAndUnicodeCompositionButNotCase() {
        var memory = TranslationMemory.builder()
                .add(Map.of("af", "Die agent is terug.", "en", "Café  is open"))
                .build();

        assertThat(memory.lookup("  Café \n is   open ", "en", "af")).contains("Die agent is terug.");
        assertThat(memory.lookup("Cafe\u0301 is open", "en", "af")).contains("Die agent is terug.");
        assertThat(memory.lookup("café is open", "en", "af")).isEmpty();
    }

    @Test
    void languageTagsWithARegionOrInCapitalsAreThePlatformsCodes() {
        var memory = TranslationMemory.builder()
                .add(Map.of("EN-gb", "Thank you", "zu_ZA", "Ngiyabonga"))
                .build();

        assertThat(memory.lookup("Thank you", "en", "zu")).contains("Ngiyabonga");
        assertThat(memory.languages().join().pairs())
                .containsExactlyInAnyOrder(new LanguagePairs.Pair("en", "zu"), new LanguagePairs.Pair("zu", "en"));
    }

    @Test
    void theFirstGroupAddedWinsWhenTwoDisagree() {
        var memory = TranslationMemory.builder()
                .add(Map.of("en", "Hello", "zu", "Sawubona"))
                .add(Map.of("en", "Hello", "zu", "Sanibonani"))
                .build();

        assertThat(memory.lookup("Hello", "en", "zu")).contains("Sawubona");
        assertThat(memory.lookup("Sanibonani", "zu", "en")).contains("Hello");
    }

    @Test
    void aBatchIsAnsweredOnlyWhenEveryTextIsKnown() {
        var memory = TranslationMemory.builder()
                .add(Map.of("en", "Hello", "zu", "Sawubona"))
                .add(Map.of("en", "Thank you", "zu", "Ngiyabonga"))
                .build();

        var all = memory.translate(new TranslationRequest(List.of("Thank you", "Hello"), "en", "zu"))
                .join();
        assertThat(all.texts()).containsExactly("Ngiyabonga", "Sawubona");
        assertThat(all.engine()).isEqualTo("memory");

        var partly = memory.translate(new TranslationRequest(List.of("Hello", "Goodbye"), "en", "zu"));
        assertThat(partly)
                .failsWithin(java.time.Duration.ZERO)
                .withThrowableOfType(java.util.concurrent.ExecutionException.class)
                .havingCause()
                .isInstanceOfSatisfying(TranslationException.class, e -> {
                    assertThat(e.reason()).isEqualTo(TranslationException.Reason.UNSUPPORTED_PAIR);
                    assertThat(e.getMessage()).contains("1 of 2 texts");
                });
    }
}
