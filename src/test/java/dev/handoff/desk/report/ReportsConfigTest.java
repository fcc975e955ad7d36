package dev.handoff.desk.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.handoff.desk.config.DeskConfigException;
import dev.handoff.desk.config.DeskConfigLoader;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** {@code reports:} in desk.yaml: the time zone reports count days in. */
class ReportsConfigTest {
    @Test
    void reportsCountDaysInUtcUnlessDeskYamlNamesAZone() {
        assertThat(DeskConfigLoader.parse("departments: [support]\n", "desk.yaml")
                        .reports()
                        .timeZone())
                .isEqualTo(ZoneId.of("UTC"));
        assertThat(DeskConfigLoader.parse("reports: {timeZone: Europe/Amsterdam}\n", "desk.yaml")
                        .reports()
                        .timeZone())
                .isEqualTo(ZoneId.of("Europe/Amsterdam"));
        assertThat(DeskConfigLoader.parse("reports: {timeZone: \"+02:00\"}\n", "desk.yaml")
                        .withPort(6000)
                        .reports()
                        .timeZone())
                .as("kept by a changed copy")
                .isEqualTo(ZoneOffset.ofHours(2));
    }

    @Test
    void aZoneThatDoesNotExistOrAnUnknownKeyIsAnErrorAtItsPlace() {
        assertThatThrownBy(() -> DeskConfigLoader.parse("reports:\n  timeZone: Europe/Atlantis\n", "desk.yaml"))
                .isInstanceOf(DeskConfigException.class)
                .hasMessageStartingWith(
                        "desk.yaml:2:13: [invalid-value] reports.timeZone: 'Europe/Atlantis' is not" + " a time zone");
        assertThatThrownBy(() -> DeskConfigLoader.parse("reports:\n  zone: UTC\n", "desk.yaml"))
                .isInstanceOf(DeskConfigException.class)
                .hasMessageContaining("desk.yaml:2:3: [unknown-key] unknown key 'zone' in reports");
    }
}
