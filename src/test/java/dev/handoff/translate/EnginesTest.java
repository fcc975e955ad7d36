package dev.handoff.translate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.handoff.translate.TranslationSettings.Engine;
import java.net.URI;
import java.net.http.HttpClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class EnginesTest {
    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    private static TranslationSettings settings(Engine engine, URI url, String key) {
        return new TranslationSettings(
                engine,
                url,
                key,
                null,
                TranslationSettings.DEFAULT_TIMEOUT,
                TranslationSettings.DEFAULT_CACHE_SIZE,
                null,
                TranslationSettings.DEFAULT_LANGUAGES);
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void eachEngineInDeskYamlBuildsItsAdapter(Engine engine) {
        Translator translator = Engines.machine(settings(engine, URI.create("http://127.0.0.1:2737"), "a-key"), CLIENT);

        assertThat(translator.name()).isEqualTo(engine.wire());
    }

    @Test
    void googleAndAzureNeedNoUrlTheirPublicEndpointIsTheDefault() {
        assertThat(Engines.machine(settings(Engine.GOOGLE, null, "a-key"), CLIENT)
                        .name())
                .isEqualTo("google");
        assertThat(Engines.machine(settings(Engine.AZURE, null, "a-key"), CLIENT)
                        .name())
                .isEqualTo("azure");
    }

    @ParameterizedTest
    @EnumSource(names = {"LIBRETRANSLATE", "APERTIUM"})
    void aSelfHostedEngineWithoutAUrlIsRefusedNamingTheSetting(Engine engine) {
        assertThatThrownBy(() -> Engines.machine(settings(engine, null, null), CLIENT))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("translation.url is required for translation.engine " + engine.wire());
    }

    @ParameterizedTest
    @EnumSource(names = {"GOOGLE", "AZURE"})
    void aPublicEngineWithoutAKeyIsRefusedNamingTheSetting(Engine engine) {
        assertThatThrownBy(() -> Engines.machine(settings(engine, null, null), CLIENT))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("translation.key is required for translation.engine " + engine.wire());
    }

    @Test
    void libreTranslateNeedsNoKey() {
        assertThat(Engines.machine(settings(Engine.LIBRETRANSLATE, URI.create("http://127.0.0.1:5000"), null), CLIENT)
                        .name())
                .isEqualTo("libretranslate");
    }
}
