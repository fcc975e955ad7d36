package dev.handoff.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code serve}'s metrics flags: on by default, a path, off, a token read from a file and never shown. */
class BotMetricsTest {
    @TempDir
    Path dir;

    @Test
    void byDefaultTheEndpointIsOnAtMetricsAndOpen() {
        var settings = BotMetrics.settings(false, null, null);
        assertThat(settings.enabled()).isTrue();
        assertThat(settings.path()).isEqualTo("/metrics");
        assertThat(settings.token()).isNull();
    }

    @Test
    void theTokenIsReadFromItsFileStrippedAndNeverShown() throws Exception {
        Path file = Files.writeString(dir.resolve("token"), "  tok-123\n");
        var settings = BotMetrics.settings(false, "/scrape", file);
        assertThat(settings.token()).isEqualTo("tok-123");
        assertThat(settings.path()).isEqualTo("/scrape");
        assertThat(settings.toString()).doesNotContain("tok-123");
    }

    @Test
    void anEmptyOrMissingTokenFileIsRefusedWithTheFlagAndNoContent() throws Exception {
        Path empty = Files.writeString(dir.resolve("empty"), " \n");
        assertThatThrownBy(() -> BotMetrics.settings(false, null, empty))
                .hasMessageContaining("--metrics-token-file")
                .hasMessageContaining("is empty");
        assertThatThrownBy(() -> BotMetrics.settings(false, null, dir.resolve("missing")))
                .hasMessageContaining("cannot be read");
    }

    @Test
    void noMetricsExcludesThePathAndTheTokenAndTurnsTheEndpointOff() {
        assertThat(BotMetrics.settings(true, null, null).enabled()).isFalse();
        assertThatThrownBy(() -> BotMetrics.settings(true, "/m", null)).hasMessageContaining("--no-metrics");
        assertThatThrownBy(() -> BotMetrics.settings(false, "metrics", null)).hasMessageContaining("--metrics-path");
    }
}
