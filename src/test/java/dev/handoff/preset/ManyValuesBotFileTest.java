package dev.handoff.preset;

import static org.assertj.core.api.Assertions.assertThat;

import dev.handoff.humanhandoff.HandoffExecutor;
import dev.handoff.humanhandoff.HandoffSettings;
import dev.handoff.plugin.PluginLoader;
import dev.handoff.yaml.Problem;
import dev.handoff.yaml.ProblemCode;
import dev.handoff.yaml.Problems;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** A bot file within the size bounds but with very many values, languages or problems validates in seconds. */
class ManyValuesBotFileTest {
    private final Validator validator = new Validator(
            PluginLoader.presets(PluginLoader.discover(getClass().getClassLoader())),
            new ActionCatalog(Map.of(HandoffExecutor.ACTION, Optional.of(HandoffSettings.PRESET))));

    private Problems validate(String yaml) {
        return validator.validate("many.yaml", yaml.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aFileWithAHundredThousandProblemsIsReportedInSeconds() {
        // each problem used to be compared with every one before it: this file took more than 5 minutes
        String yaml = "id: many\nlanguages: [" + String.join(", ", Collections.nCopies(100_000, "x1")) + "]\n";
        long start = System.nanoTime();
        Problems problems = validate(yaml);
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertThat(problems.errorCount()).isEqualTo(100_000);
        assertThat(millis).as("ms").isLessThan(15_000);
    }

    @Test
    void aBotMaySpeakAtMost200LanguagesAndItsWarningsStayShort() {
        // 3,000 languages and 3,000 responses in one of them: nine million missing translations, each
        // warning used to list every missing language
        String languages = IntStream.range(0, 3_000)
                .mapToObj(
                        i -> "" + (char) ('a' + i / 26 / 26 % 26) + (char) ('a' + i / 26 % 26) + (char) ('a' + i % 26))
                .collect(Collectors.joining(", "));
        String responses = IntStream.range(0, 3_000)
                .mapToObj(i -> "  r" + i + ": {aaa: x}\n")
                .collect(Collectors.joining());
        long start = System.nanoTime();
        Problems problems = validate("id: polyglot\nlanguages: [" + languages + "]\nresponses:\n" + responses);
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertThat(problems.errors()).singleElement().satisfies(p -> {
            assertThat(p.code()).isEqualTo(ProblemCode.OUT_OF_RANGE);
            assertThat(p.loc().line()).isEqualTo(2);
            assertThat(p.message()).startsWith("a bot may speak at most 200 languages, not 3000");
        });
        assertThat(problems.all())
                .filteredOn(p -> p.code() == ProblemCode.MISSING_TRANSLATION)
                .hasSize(3_000)
                .allSatisfy(p -> assertThat(p.message()).endsWith("and 189 more text; the first text is used"));
        assertThat(problems.all()).extracting(Problem::message).allSatisfy(m -> assertThat(m.length())
                .isLessThan(300));
        assertThat(millis).as("ms").isLessThan(15_000);
    }
}
