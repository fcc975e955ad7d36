package dev.handoff.translate.lingua;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.inject.Guice;
import dev.handoff.dialogue.DialogueModule;
import dev.handoff.translate.DetectedLanguage;
import dev.handoff.translate.LanguageDetector;
import dev.handoff.translate.LanguageDetectors;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The module binds lingua over the dialogue module's default, which detects nothing. */
class LanguageDetectionModuleTest {
    private static final String ZULU = "Ngicela ukukhuluma nomuntu mayelana ne-oda lami.";

    @Test
    void withoutTheModuleBotsGetADetectorThatNeverKnows() {
        var detectors = Guice.createInjector(new DialogueModule()).getInstance(LanguageDetectors.class);
        assertThat(detectors.over(List.of("en", "zu")).detect(ZULU)).isEmpty();
    }

    @Test
    void withTheModuleBotsWithTheSameLanguagesShareOneLinguaDetector() {
        var detectors = Guice.createInjector(new DialogueModule(), new LanguageDetectionModule())
                .getInstance(LanguageDetectors.class);
        LanguageDetector enZu = detectors.over(List.of("en", "zu"));
        assertThat(enZu.detect(ZULU)).map(DetectedLanguage::language).contains("zu");
        assertThat(detectors.over(List.of("zu", "en", "nso"))).isSameAs(enZu);
    }

    @Test
    void languagesLinguaCannotTellApartGiveADetectorThatNeverKnows() {
        var detectors = Guice.createInjector(new LanguageDetectionModule()).getInstance(LanguageDetectors.class);
        LanguageDetector enNso = detectors.over(List.of("en", "nso"));
        assertThat(enNso).isNotInstanceOf(LinguaDetector.class);
        assertThat(enNso.detect("My order has not arrived yet, can you help me?"))
                .isEmpty();
    }
}
