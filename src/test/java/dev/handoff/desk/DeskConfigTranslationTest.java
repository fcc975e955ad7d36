package dev.handoff.desk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.handoff.desk.config.DeskConfig;
import dev.handoff.desk.config.DeskConfigException;
import dev.handoff.desk.config.DeskConfigLoader;
import dev.handoff.translate.TranslationSettings;
import dev.handoff.translate.TranslationSettings.Engine;
import dev.handoff.yaml.Problem;
import dev.handoff.yaml.ProblemCode;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** desk.yaml's {@code translation} section: the engine, its key from the environment or a file, the bounds. */
class DeskConfigTranslationTest {
    private static final String SECRET = "s3cr3t-api-key-4711";

    @TempDir
    Path dir;

    private static DeskConfig parse(String yaml) {
        return DeskConfigLoader.parse(yaml, "desk.yaml", Map.of("TRANSLATE_KEY", SECRET)::get);
    }

    private static List<Problem> problems(String yaml) {
        try {
            parse(yaml);
        } catch (DeskConfigException e) {
            assertThat(e.getMessage()).doesNotContain(SECRET);
            return e.problems();
        }
        throw new AssertionError("desk.yaml was accepted:\n" + yaml);
    }

    @Test
    void withoutATranslationSectionThereIsNoEngineAndEveryDefault() {
        TranslationSettings t = parse("{}").translation();

        assertThat(t.engine()).isEqualTo(Engine.NONE);
        assertThat(t.timeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(t.cacheSize()).isEqualTo(10_000);
        assertThat(t.languages()).isEqualTo(TranslationSettings.DEFAULT_LANGUAGES);
        assertThat(t.key()).isNull();
        assertThat(t.tmx()).isNull();
        assertThat(DeskConfigLoader.bundled().translation().engine()).isEqualTo(Engine.NONE);
    }

    @Test
    void everySettingIsRead() throws IOException {
        Path tmx = Files.writeString(dir.resolve("desk.tmx"), "<tmx/>");
        TranslationSettings t = parse(
                        """
                        translation:
                          engine: azure
                          url: https://api.cognitive.microsofttranslator.com
                          key: ${TRANSLATE_KEY}
                          region: southafricanorth
                          timeout: 1500ms
                          cacheSize: 0
                          tmx: %s
                          languages: [en, zu, nso]
                        """
                                .formatted(tmx))
                .translation();

        assertThat(t.engine()).isEqualTo(Engine.AZURE);
        assertThat(t.url()).isEqualTo(URI.create("https://api.cognitive.microsofttranslator.com"));
        assertThat(t.key()).isEqualTo(SECRET);
        assertThat(t.region()).isEqualTo("southafricanorth");
        assertThat(t.timeout()).isEqualTo(Duration.ofMillis(1500));
        assertThat(t.cacheSize()).isZero();
        assertThat(t.tmx()).isEqualTo(tmx);
        assertThat(t.languages()).containsExactly("en", "zu", "nso");
    }

    @Test
    void theKeyIsReadFromAKeyFileTrimmed() throws IOException {
        Path file = Files.writeString(dir.resolve("google.key"), "  " + SECRET + "\n");

        TranslationSettings t =
                parse("translation: {engine: google, keyFile: '" + file + "'}").translation();

        assertThat(t.key()).isEqualTo(SECRET);
    }

    @Test
    void theKeyNeverAppearsInTheConfigsToString() {
        DeskConfig config = parse("translation: {engine: google, key: " + SECRET + "}");

        assertThat(config.translation().key()).isEqualTo(SECRET);
        assertThat(config.toString())
                .contains("engine=google")
                .contains("key=(set)")
                .doesNotContain(SECRET);
    }

    @Test
    void theKeyNeverAppearsInAnError() throws IOException {
        Path file = Files.writeString(dir.resolve("key"), SECRET);

        assertThat(problems("translation: {engine: google, key: " + SECRET + ", keyFile: '" + file + "'}"))
                .singleElement()
                .satisfies(p -> assertThat(p.message()).isEqualTo("translation: give 'key' or 'keyFile', not both"));
        assertThat(problems("translation: {engine: deepl, key: " + SECRET + "}"))
                .extracting(Problem::code)
                .containsExactly(ProblemCode.INVALID_VALUE);
        assertThat(problems("translation: {engine: google, key: [" + SECRET + "]}"))
                .extracting(Problem::code)
                .containsExactly(ProblemCode.WRONG_TYPE);
    }

    @Test
    void anUnknownEngineListsTheKnownOnes() {
        assertThatThrownBy(() -> parse("translation:\n  engine: deepl\n"))
                .hasMessage("desk.yaml:2:11: [invalid-value] translation.engine: 'deepl' is not an engine"
                        + " (known: apertium, azure, google, libretranslate, none)\n1 error");
    }

    @Test
    void anUnknownKeyInTranslationIsLocatedWithTheKnownKeys() {
        assertThat(problems("translation:\n  engine: none\n  timout: 2s\n"))
                .singleElement()
                .satisfies(p -> {
                    assertThat(p.code()).isEqualTo(ProblemCode.UNKNOWN_KEY);
                    assertThat(p.loc().line()).isEqualTo(3);
                    assertThat(p.known().orElseThrow()).contains("timeout", "keyFile", "languages");
                });
    }

    @Test
    void libreTranslateAndApertiumNeedAUrlAndGoogleAndAzureAKey() {
        assertThat(problems("translation: {engine: apertium}")).singleElement().satisfies(p -> {
            assertThat(p.code()).isEqualTo(ProblemCode.MISSING_KEY);
            assertThat(p.message()).startsWith("translation: 'url' is required for engine apertium");
        });
        assertThat(problems("translation: {engine: libretranslate}"))
                .extracting(Problem::message)
                .singleElement()
                .asString()
                .contains("'url' is required for engine libretranslate");
        assertThat(problems("translation: {engine: azure}"))
                .extracting(Problem::message)
                .containsExactly("translation: engine azure needs 'key' (write ${NAME} to read it from the"
                        + " environment variable NAME) or 'keyFile'");
        assertThat(parse("translation: {engine: apertium, url: 'http://127.0.0.1:2737'}")
                        .translation()
                        .url())
                .hasPort(2737);
    }

    @Test
    void anUnsetVariableAnUnreadableKeyFileAndAnEmptyOneAreErrorsNamingThem() throws IOException {
        assertThat(problems("translation: {engine: google, key: '${NOT_SET_HERE}'}"))
                .singleElement()
                .satisfies(p -> {
                    assertThat(p.code()).isEqualTo(ProblemCode.UNSET_VARIABLE);
                    assertThat(p.message()).contains("'NOT_SET_HERE'");
                });
        Path missing = dir.resolve("missing.key");
        assertThat(problems("translation: {engine: google, keyFile: '" + missing + "'}"))
                .singleElement()
                .satisfies(p -> {
                    assertThat(p.code()).isEqualTo(ProblemCode.CANNOT_READ);
                    assertThat(p.message())
                            .isEqualTo("translation.keyFile: cannot read '" + missing + "' (no such file)");
                });
        Path empty = Files.writeString(dir.resolve("empty.key"), " \n");
        assertThat(problems("translation: {engine: google, keyFile: '" + empty + "'}"))
                .extracting(Problem::message)
                .containsExactly("translation.keyFile: '" + empty + "' is empty");
    }

    @Test
    void theTimeoutTheCacheSizeTheTmxAndTheLanguagesAreChecked() {
        List<Problem> problems = problems(
                """
                translation:
                  timeout: 5ms
                  cacheSize: 2000000
                  tmx: %s
                  languages: [en, EN-gb, zu]
                  url: ftp://example.org
                """
                        .formatted(dir.resolve("none.tmx")));

        assertThat(problems)
                .extracting(p -> p.loc().line() + " " + p.code())
                .containsExactlyInAnyOrder(
                        "2 out-of-range", "3 out-of-range", "4 cannot-read", "5 bad-language", "6 invalid-value");
        assertThat(problems)
                .extracting(Problem::message)
                .contains(
                        "translation.timeout must be between 100ms and 60s, not 5ms",
                        "translation.cacheSize must be between 0 and 1000000, not 2000000");
    }
}
