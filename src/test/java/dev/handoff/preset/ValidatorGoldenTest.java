package dev.handoff.preset;

import static org.assertj.core.api.Assertions.assertThat;

import dev.handoff.humanhandoff.HandoffExecutor;
import dev.handoff.humanhandoff.HandoffSettings;
import dev.handoff.plugin.PluginLoader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Broken bot files and the exact messages {@code validate} gives for them, kept as golden files
 * ({@code NAME.expected} next to {@code NAME.yaml}). A case without its expected file fails. Run
 * with {@code -Dgolden.update=true} to write them after a deliberate change, and review the diff.
 */
class ValidatorGoldenTest {
    private static final Path DIR = Path.of("src/test/resources/validate");

    static Stream<String> cases() throws IOException {
        try (Stream<Path> files = Files.list(DIR)) {
            return files
                    .map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".yaml"))
                    .sorted()
                    .toList()
                    .stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void everyProblemIsReportedWithFileLineColumnAndTheFix(String name) throws IOException {
        var presets = PluginLoader.presets(PluginLoader.discover(getClass().getClassLoader()));
        var validator = new Validator(
                presets, new ActionCatalog(Map.of(HandoffExecutor.ACTION, Optional.of(HandoffSettings.PRESET))));
        byte[] bytes = Files.readAllBytes(DIR.resolve(name));
        List<String> actual = Validator.render(validator.validate("validate/" + name, bytes));
        Path expectedFile = DIR.resolve(name.replace(".yaml", ".expected"));
        if (Boolean.getBoolean("golden.update")) {
            Files.writeString(
                    expectedFile, String.join("\n", actual) + (actual.isEmpty() ? "" : "\n"), StandardCharsets.UTF_8);
        }
        assertThat(expectedFile)
                .as("golden file %s is missing: write it with -Dgolden.update=true and review it", expectedFile)
                .exists();
        List<String> expected = Files.readAllLines(expectedFile, StandardCharsets.UTF_8);
        assertThat(actual).containsExactlyElementsOf(expected);
    }
}
