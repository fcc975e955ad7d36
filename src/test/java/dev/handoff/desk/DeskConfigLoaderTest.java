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
    void everyProblemIsReportedAtOnceWithItsLocationCodeAndCount() {
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
                        "desk.yaml:2:6: [not-a-duration] sla: 'soon' is not a duration (examples: 500ms, 30s, 5m, 24h, 2d)",
                        "desk.yaml:4:42: [unknown-department] agents[0] 'ann': 'billing' is not a department"
                                + " (known: sales, support)",
                        "desk.yaml:4:62: [out-of-range] agents[0] 'ann' 'maxChats' must be at least 1, not 0",
                        "desk.yaml:5:12: [duplicate-id] agents[1]: duplicate agent 'ann' (also agents[0])",
                        "desk.yaml:5:24: [duplicate-id] agents[1] 'ann': the same token is used by another agent",
                        "desk.yaml:6:5: [missing-key] agents[2]: 'name' is missing",
                        "6 errors"))
                .satisfies(e -> assertThat(((DeskConfigException) e).problems()).hasSize(6));
    }

    @Test
    void anUnknownKeyNamesItsLocationAndTheKnownKeys() {
        assertThatThrownBy(() -> DeskConfigLoader.parse("port: 5005\nautoAsign: true\n", "desk.yaml"))
                .hasMessageStartingWith(
                        "desk.yaml:2:1: [unknown-key] unknown key 'autoAsign' (known: agents, autoAssign, autoReply,")
                .satisfies(e -> assertThat(((DeskConfigException) e)
                                .problems()
                                .get(0)
                                .known()
                                .orElseThrow())
                        .hasSize(25));
        assertThatThrownBy(() -> DeskConfigLoader.parse("agents:\n  - {name: a, token: b, maxchats: 2}\n", "desk.yaml"))
                .hasMessageStartingWith("desk.yaml:2:25: [unknown-key] unknown key 'maxchats' in agents[0]"
                        + " (known: departments, displayName, language, maxChats, name, password, role, token)");
    }

    @Test
    void aValueOfTheWrongTypeIsReportedWithTheOthers() {
        assertThatThrownBy(() -> DeskConfigLoader.parse("port: lots\nautoAssign: maybe\nagents: ann\n", "desk.yaml"))
                .hasMessage(String.join(
                        "\n",
                        "desk.yaml:1:7: [not-a-number] port must be a whole number, not 'lots'",
                        "desk.yaml:2:13: [not-a-boolean] autoAssign must be true or false, not 'maybe'",
                        "desk.yaml:3:9: [wrong-type] agents must be a list, not a text",
                        "3 errors"));
    }

    @Test
    void durationsReadMillisecondsSecondsMinutesHoursAndDays() {
        assertThat(Durations.read("500ms")).contains(Duration.ofMillis(500));
        assertThat(Durations.read("30")).contains(Duration.ofSeconds(30));
        assertThat(Durations.read("5m")).contains(Duration.ofMinutes(5));
        assertThat(Durations.read("24h")).contains(Duration.ofHours(24));
        assertThat(Durations.read("2d")).contains(Duration.ofDays(2));
        assertThat(Durations.read("soon")).isEmpty();
    }
}
