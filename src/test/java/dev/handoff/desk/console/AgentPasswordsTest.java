package dev.handoff.desk.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.handoff.desk.config.AgentConfig;
import dev.handoff.desk.config.DeskConfig;
import dev.handoff.desk.config.DeskConfigException;
import dev.handoff.desk.config.DeskConfigLoader;
import dev.handoff.desk.config.PasswordHash;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Agents' console passwords in desk.yaml: bcrypt hashes only, each problem located, never shown. */
class AgentPasswordsTest {
    @Test
    void theBundledDemoAgentsHaveTheHashesOfTheirDocumentedDemoPasswords() {
        DeskConfig config = DeskConfigLoader.bundled();
        AgentConfig thandi = config.agent("thandi").orElseThrow();
        AgentConfig pieter = config.agent("pieter").orElseThrow();
        assertThat(thandi.password().matches("demo-thandi".toCharArray())).isTrue();
        assertThat(pieter.password().matches("demo-pieter".toCharArray())).isTrue();
        assertThat(thandi.password().matches("demo-pieter".toCharArray())).isFalse();
        assertThat(thandi.token()).isEqualTo("demo-thandi-token");
    }

    @Test
    void aPasswordThatIsNotABcryptHashIsALocatedErrorThatNeverShowsIt() {
        String yaml =
                """
                agents:
                  - {name: ann, token: t1, password: hunter2-in-clear}
                """;
        assertThatThrownBy(() -> DeskConfigLoader.parse(yaml, "desk.yaml"))
                .isInstanceOf(DeskConfigException.class)
                .hasMessageStartingWith(
                        "desk.yaml:2:38: [invalid-value] agents[0] 'ann': 'password' must be a bcrypt" + " hash")
                .hasMessageContaining("desk hash-password")
                .hasMessageNotContaining("hunter2");
    }

    @Test
    void anAgentNeedsATokenOrAPasswordAndMayHaveOnlyAPassword() {
        String hash = PasswordHash.of("s3cret-enough".toCharArray()).text();
        DeskConfig config =
                DeskConfigLoader.parse("agents:\n  - {name: ann, password: \"" + hash + "\"}\n", "desk.yaml");
        AgentConfig ann = config.agent("ann").orElseThrow();
        assertThat(ann.token()).isNull();
        assertThat(ann.password().matches("s3cret-enough".toCharArray())).isTrue();
        assertThat(config.agentByToken("anything")).isEmpty();
        assertThat(ann.toString()).doesNotContain(hash).contains("password=***");

        assertThatThrownBy(() -> DeskConfigLoader.parse("agents:\n  - {name: bob}\n", "desk.yaml"))
                .hasMessage("desk.yaml:2:5: [missing-key] agents[0] 'bob': 'token' or 'password' is missing\n1 error");
    }

    @Test
    void aHashIsCheckedSlowlyAndANameWithoutOneIsCheckedAgainstAHashNobodyMatches() {
        PasswordHash hash = PasswordHash.of("right".toCharArray());
        assertThat(hash.cost()).isEqualTo(PasswordHash.COST);
        assertThat(PasswordHash.check(Optional.of(hash), "right".toCharArray(), 4))
                .isTrue();
        assertThat(PasswordHash.check(Optional.of(hash), "wrong".toCharArray(), 4))
                .isFalse();
        assertThat(PasswordHash.check(Optional.empty(), "right".toCharArray(), 4))
                .isFalse();
        assertThat(hash).hasToString("PasswordHash[***]");
    }

    @Test
    void aPasswordLongerThanBcryptReadsIsRefusedRatherThanCutShort() {
        assertThatThrownBy(() -> PasswordHash.of("x".repeat(73).toCharArray()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at most 72");
        assertThatThrownBy(() -> PasswordHash.of(new char[0])).hasMessageContaining("empty");
    }
}
