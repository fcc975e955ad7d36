package dev.handoff.desk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.handoff.desk.config.DeskConfig;
import dev.handoff.desk.config.DeskConfigException;
import dev.handoff.desk.config.DeskConfigLoader;
import dev.handoff.desk.config.Durations;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class DeskConfigLoaderTest {
    @Test
    void theBundledConfigHasTwoDemoAgentsAndTheDepartmentsSalesAndSupport() {
        DeskConfig config = DeskConfigLoader.bundled();
        assertThat(config.departments()).containsExactly("sales", "support");
        assertThat(config.agents()).extracting(a -> a.name()).containsExactly("thandi", "pieter");
        assertThat(config.host()).isEqualTo("127.0.0.1");
        assertThat(config.port()).isEqualTo(5005);
        assertThat(config.autoAssign()).isTrue();
        assertThat(config.autoReply().textFor("zu")).startsWith("Bonke");
        assertThat(config.jdbcUrl()).startsWith("jdbc:h2:file:").contains("handoff-data");
    }

    @Test
    void anEmptyConfigGetsEveryDefault() {
        DeskConfig config = DeskConfigLoader.parse("{}", "empty.yaml");
        assertThat(config.departments()).containsExactly("support");
        assertThat(config.agents()).isEmpty();
        assertThat(config.sla()).isEqualTo(Duration.ofSeconds(120));
        assertThat(config.idleArchive()).isEqualTo(Duration.ofHours(24));
        assertThat(config.disconnectGrace()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.maxMessageSize()).isEqualTo(4000);
        assertThat(config.autoReply().every()).isEqualTo(Duration.ofSeconds(60));
        assertThat(config.autoReply().textFor("xh")).startsWith("All our agents are busy");
    }

    @Test
    void everyProblemIsReportedWithItsPathAndCounted() {
        String yaml =
                """
                departments: [sales, support]
                sla: soon
                agents:
                  - {name: ann, token: t1, departments: [billing], maxChats: 0}
                  - {name: ann, token: t1}
                  - {token: t3}
                """;
        assertThatThrownBy(() -> DeskConfigLoader.parse(yaml, "desk.yaml"))
                .isInstanceOf(DeskConfigException.class)
                .hasMessage(String.join(
                        "\n",
                        "desk.yaml: agents[0] 'ann'.departments: 'billing' is not a department (known: sales, support)",
                        "desk.yaml: agents[0] 'ann'.maxChats: must be at least 1, got 0",
                        "desk.yaml: agents[1].name: duplicate agent 'ann'",
                        "desk.yaml: agents[1] 'ann'.token: the same token is used by another agent",
                        "desk.yaml: agents[2].name: missing",
                        "desk.yaml: sla: 'soon' is not a duration (examples: 500ms, 30s, 5m, 24h, 2d)",
                        "6 errors"));
    }

    @Test
    void anUnknownKeyNamesItsPathAndTheKnownKeys() {
        assertThatThrownBy(() -> DeskConfigLoader.parse("port: 5005\nautoAsign: true\n", "desk.yaml"))
                .hasMessageStartingWith(
                        "desk.yaml: autoAsign: unknown key (15 known keys: agents, autoAssign, autoReply,");
        assertThatThrownBy(() -> DeskConfigLoader.parse("agents:\n  - {name: a, token: b, maxchats: 2}\n", "desk.yaml"))
                .hasMessageStartingWith(
                        "desk.yaml: agents[0].maxchats: unknown key (5 known keys: departments, language, maxChats, name, token)");
    }

    @Test
    void durationsReadMillisecondsSecondsMinutesHoursAndDays() {
        assertThat(Durations.parse("500ms", "x")).isEqualTo(Duration.ofMillis(500));
        assertThat(Durations.parse("30", "x")).isEqualTo(Duration.ofSeconds(30));
        assertThat(Durations.parse("5m", "x")).isEqualTo(Duration.ofMinutes(5));
        assertThat(Durations.parse("24h", "x")).isEqualTo(Duration.ofHours(24));
        assertThat(Durations.parse("2d", "x")).isEqualTo(Duration.ofDays(2));
        assertThat(Durations.format(Duration.ofHours(24))).isEqualTo("1d");
    }
}
