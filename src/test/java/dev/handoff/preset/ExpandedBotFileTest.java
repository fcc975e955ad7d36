package dev.handoff.preset;

import static org.assertj.core.api.Assertions.assertThat;

import dev.handoff.humanhandoff.HandoffExecutor;
import dev.handoff.humanhandoff.HandoffSettings;
import dev.handoff.plugin.PluginLoader;
import dev.handoff.yaml.Bombs;
import dev.handoff.yaml.Problem;
import dev.handoff.yaml.ProblemCode;
import dev.handoff.yaml.Problems;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A bot file that is small on disk and huge once its aliases are expanded never gets past {@code validate}. */
class ExpandedBotFileTest {
    private final PresetCatalog presets =
            PluginLoader.presets(PluginLoader.discover(getClass().getClassLoader()));
    private final ActionCatalog actions =
            new ActionCatalog(Map.of(HandoffExecutor.ACTION, Optional.of(HandoffSettings.PRESET)));

    @Test
    void aBotFileThatExpandsToGigabytesFailsValidateFastAtItsAliasWithLittleMemory() {
        byte[] bytes = Bombs.botWithAliasedText().getBytes(StandardCharsets.UTF_8);
        assertThat(bytes.length).isBetween(600_000, 1 << 20);
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long allocatedBefore = threads.getCurrentThreadAllocatedBytes();
        long start = System.nanoTime();

        Problems problems = new Validator(presets, actions).validate("bomb.yaml", bytes);

        long millis = (System.nanoTime() - start) / 1_000_000;
        long allocatedMb = (threads.getCurrentThreadAllocatedBytes() - allocatedBefore) >> 20;
        System.out.printf("validate of a %d byte bomb: %d ms, %d MB allocated%n", bytes.length, millis, allocatedMb);
        assertThat(problems.errors()).singleElement().satisfies(p -> {
            assertThat(p.code()).isEqualTo(ProblemCode.TOO_LARGE_EXPANDED);
            assertThat(p.loc().line()).isEqualTo(5);
            assertThat(p.message()).contains("more than 8388608 characters", "(reached at this alias, *s)");
        });
        assertThat(allocatedMb).as("MB allocated").isLessThan(200);
        assertThat(millis).as("ms").isLessThan(20_000);
    }

    @Test
    void theBotLoaderThatStartsABotRefusesItToo() {
        var result = new BotLoader(presets, actions).load("bomb.yaml", Bombs.botWithAliasedText());
        assertThat(result.problems().errors())
                .extracting(Problem::code)
                .containsExactly(ProblemCode.TOO_LARGE_EXPANDED);
        assertThat(result.bot().isEmpty()).as("no bot").isTrue();
    }

    @Test
    void listsOfListsOfAliasesInABotAreRefused() {
        String yaml = "id: laughs\nlanguages: [en]\n" + Bombs.nestedLists("responses");
        var result = new BotLoader(presets, actions).load("laughs.yaml", yaml);
        assertThat(result.problems().errors())
                .extracting(Problem::code)
                .containsExactly(ProblemCode.TOO_LARGE_EXPANDED);
    }
}
