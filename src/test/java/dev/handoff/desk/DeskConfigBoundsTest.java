package dev.handoff.desk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.handoff.desk.config.DeskConfigException;
import dev.handoff.desk.config.DeskConfigLoader;
import dev.handoff.yaml.Bombs;
import dev.handoff.yaml.Problem;
import dev.handoff.yaml.ProblemCode;
import java.util.List;
import org.junit.jupiter.api.Test;

/** desk.yaml is read with the bots' bounds and checks: expansion, duplicate keys, values in a sane range. */
class DeskConfigBoundsTest {

    private static List<Problem> problems(String yaml) {
        try {
            DeskConfigLoader.parse(yaml, "desk.yaml");
        } catch (DeskConfigException e) {
            return e.problems();
        }
        throw new AssertionError("desk.yaml was accepted:\n" + yaml);
    }

    @Test
    void aDeskConfigThatExpandsToGigabytesIsRefusedAtItsAlias() {
        String text = "busy ".repeat(20_000);
        String yaml = "autoReply:\n  texts:\n    en: &t \"" + text + "\"\n" + "departments: [" + "*t, ".repeat(2_000)
                + "*t]\n";
        assertThat(problems(yaml)).singleElement().satisfies(p -> {
            assertThat(p.code()).isEqualTo(ProblemCode.TOO_LARGE_EXPANDED);
            assertThat(p.loc().line()).isEqualTo(4);
        });
        assertThat(problems(Bombs.nestedLists("departments")))
                .extracting(Problem::code)
                .containsExactly(ProblemCode.TOO_LARGE_EXPANDED);
    }

    @Test
    void twoAgentsKeysAreAnErrorAtTheSecond() {
        String yaml =
                """
                agents:
                  - {name: ann, token: t-ann}
                departments: [support]
                agents:
                  - {name: bob, token: t-bob}
                """;
        assertThatThrownBy(() -> DeskConfigLoader.parse(yaml, "desk.yaml"))
                .isInstanceOf(DeskConfigException.class)
                .hasMessage("desk.yaml:4:1: [duplicate-key] duplicate key 'agents' (first at line 1; remove one)\n"
                        + "1 error");
    }

    @Test
    void aDuplicateKeyInsideAnAgentOrTheSecuritySectionIsAnErrorToo() {
        String yaml =
                """
                agents:
                  - name: ann
                    token: t-ann
                    token: t-other
                security:
                  limits: {eventBurst: 5, eventBurst: 500}
                """;
        assertThat(problems(yaml))
                .extracting(Problem::format)
                .containsExactly(
                        "desk.yaml:4:5: [duplicate-key] duplicate key 'token' (first at line 3; remove one)",
                        "desk.yaml:6:27: [duplicate-key] duplicate key 'eventBurst' (first at line 6; remove one)");
    }
}
