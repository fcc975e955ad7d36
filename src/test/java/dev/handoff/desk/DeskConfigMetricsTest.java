package dev.handoff.desk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.handoff.desk.config.DeskConfig;
import dev.handoff.desk.config.DeskConfigException;
import dev.handoff.desk.config.DeskConfigLoader;
import dev.handoff.metrics.MetricsSettings;
import dev.handoff.yaml.Problem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** desk.yaml's {@code metrics} section: on by default at /metrics, a path, a token from the environment or a file. */
class DeskConfigMetricsTest {
    private static final String SECRET = "scrape-t0ken-4711";

    @TempDir
    Path dir;

    private static DeskConfig parse(String yaml) {
        return DeskConfigLoader.parse(yaml, "desk.yaml", Map.of("METRICS_TOKEN", SECRET)::get);
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
    void withoutAMetricsSectionTheEndpointIsOnAtSlashMetricsAndOpen() {
        assertThat(parse("{}").metrics()).isEqualTo(MetricsSettings.defaults());
        assertThat(DeskConfigLoader.bundled().metrics()).isEqualTo(MetricsSettings.defaults());
    }

    @Test
    void everySettingIsReadAndTheTokenComesFromTheEnvironmentOrAFile() throws IOException {
        MetricsSettings m = parse("metrics: {enabled: true, path: /internal/metrics, token: '${METRICS_TOKEN}'}")
                .metrics();
        assertThat(m).isEqualTo(new MetricsSettings(true, "/internal/metrics", SECRET));
        assertThat(parse("metrics: {token: written}").metrics().token()).isEqualTo("written");
        Path file = Files.writeString(dir.resolve("metrics.token"), SECRET + "\n");
        assertThat(parse("metrics: {tokenFile: '" + file + "'}").metrics().token())
                .isEqualTo(SECRET);
        assertThat(parse("metrics: {enabled: false}").metrics().enabled()).isFalse();
        assertThat(parse("metrics: {token: '${METRICS_TOKEN}'}").toString()).doesNotContain(SECRET);
    }

    @Test
    void badSettingsAreLocatedErrors() {
        List<Problem> problems = problems(
                """
                metrics:
                  enabled: maybe
                  path: /socket.io/metrics
                  token: '${NOT_SET_HERE}'
                  tokenFile: /nowhere
                  port: 9100
                """);
        assertThat(problems)
                .extracting(p -> p.loc().line() + " " + p.code())
                .containsExactlyInAnyOrder("2 not-a-boolean", "3 invalid-value", "5 invalid-value", "6 unknown-key");
        assertThat(problems)
                .extracting(Problem::message)
                .contains(
                        "metrics path /socket.io/metrics is Socket.IO's own",
                        "metrics: give 'token' or 'tokenFile', not both");
        assertThat(problems("metrics: {token: '${NOT_SET_HERE}'}"))
                .extracting(Problem::message)
                .containsExactly("metrics.token names the environment variable 'NOT_SET_HERE', which is not set");
        assertThat(problems("metrics: {tokenFile: '" + dir.resolve("none") + "'}"))
                .extracting(Problem::message)
                .containsExactly("metrics.tokenFile: cannot read '" + dir.resolve("none") + "' (no such file)");
    }
}
