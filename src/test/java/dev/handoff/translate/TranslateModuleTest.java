package dev.handoff.translate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.inject.CreationException;
import com.google.inject.Guice;
import com.google.inject.Injector;
import dev.handoff.desk.config.DeskConfigLoader;
import dev.handoff.translate.memory.TranslationMemory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TranslateModuleTest {
    @TempDir
    Path dir;

    private static TranslationSettings withTmx(Path tmx) {
        TranslationSettings n = TranslationSettings.none();
        return new TranslationSettings(
                n.engine(), n.url(), n.key(), n.region(), n.timeout(), n.cacheSize(), tmx, n.languages());
    }

    @Test
    void theTranslatorIsOneChainOfTheDesksThePresetsAndTheTmxTextsBeforeTheEngine() throws IOException {
        Path tmx = Files.writeString(
                dir.resolve("desk.tmx"),
                "<tmx version=\"1.4\"><body><tu><tuv xml:lang=\"en\"><seg>Your parcel is on its way.</seg></tuv>"
                        + "<tuv xml:lang=\"zu\"><seg>Iphasela lakho lisendleleni.</seg></tuv></tu></body></tmx>");
        Injector injector = Guice.createInjector(
                new TranslateModule(withTmx(tmx), DeskConfigLoader.bundled().equivalentTexts()));
        Translator translator = injector.getInstance(Translator.class);

        Translation t = translator
                .translate(new TranslationRequest(
                        List.of(
                                "Is there anything else I can help you with?",
                                "The agent is back.",
                                "Your parcel is on its way."),
                        "en",
                        "zu"))
                .join();

        assertThat(t.texts())
                .containsExactly(
                        "Ingabe kukhona okunye engingakusiza ngakho?",
                        "Umenzeli usebuyile.",
                        "Iphasela lakho lisendleleni.");
        assertThat(t.engine()).isEqualTo("memory");
        assertThat(translator).isInstanceOf(TranslationChain.class).isSameAs(injector.getInstance(Translator.class));
        assertThat(translator.name()).isEqualTo("memory+none");
        assertThat(injector.getInstance(LanguageDetector.class).detect("Sawubona"))
                .isEmpty();
    }

    @Test
    void withLinguaInstalledTheDesksDetectorKnowsTheDesksLanguagesOnly() {
        TranslationSettings enAndZu = new TranslationSettings(
                TranslationSettings.Engine.NONE,
                null,
                null,
                null,
                TranslationSettings.DEFAULT_TIMEOUT,
                100,
                null,
                List.of("en", "zu"));
        LanguageDetector detector = Guice.createInjector(
                        new TranslateModule(enAndZu, List.of()),
                        new dev.handoff.translate.lingua.LanguageDetectionModule())
                .getInstance(LanguageDetector.class);

        assertThat(detector.detect("Ngicela ukukhuluma nomuntu ngoba iphasela lami alifikanga"))
                .map(DetectedLanguage::language)
                .contains("zu");
        assertThat(detector.detect("Ek wil asseblief met iemand praat oor my bestelling"))
                .as("Afrikaans is not one of this desk's languages")
                .map(DetectedLanguage::language)
                .isNotEqualTo(java.util.Optional.of("af"));
    }

    @Test
    void withoutAnEngineATextTheMemoryLacksFailsAsAnUnsupportedPair() {
        Translator translator = Guice.createInjector(new TranslateModule(TranslationSettings.none(), List.of()))
                .getInstance(Translator.class);

        assertThatThrownBy(() -> translator
                        .translate(TranslationRequest.of("Where is my parcel?", "en", "zu"))
                        .join())
                .isInstanceOf(CompletionException.class)
                .cause()
                .isInstanceOfSatisfying(TranslationException.class, e -> assertThat(e.reason())
                        .isEqualTo(TranslationException.Reason.UNSUPPORTED_PAIR));
    }

    @Test
    void aBadTmxFileStopsTheInjectorWithItsFileAndLine() throws IOException {
        Path tmx = Files.writeString(dir.resolve("bad.tmx"), "<tmx>\n<body>\n<tu><tuv><seg>x</seg></tuv></tu>");

        assertThatThrownBy(() -> Guice.createInjector(new TranslateModule(withTmx(tmx), List.of())))
                .isInstanceOf(CreationException.class)
                .hasMessageContaining(tmx + ":3:")
                .hasMessageContaining("[bad-tmx] <tuv> has no xml:lang attribute");
    }

    @Test
    void theMemoryIsBuiltOnceForTheInjector() {
        Injector injector = Guice.createInjector(new TranslateModule(TranslationSettings.none(), List.of()));

        assertThat(injector.getInstance(TranslationMemory.class))
                .isSameAs(injector.getInstance(TranslationMemory.class));
    }
}
