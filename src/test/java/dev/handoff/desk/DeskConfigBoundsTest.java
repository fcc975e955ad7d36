package dev.handoff.desk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.handoff.desk.config.DeskConfig;
import dev.handoff.desk.config.DeskConfigException;
import dev.handoff.desk.config.DeskConfigLoader;
import dev.handoff.yaml.Bombs;
import dev.handoff.yaml.Problem;
import dev.handoff.yaml.ProblemCode;
import java.time.Duration;
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

    @Test
    void zeroDurationsThatWouldRemindArchiveRequeueOrSpinAtOnceAreLocatedErrors() {
        String yaml =
                """
                sla: 0s
                idleArchive: 0s
                disconnectGrace: 0s
                tick: 0s
                """;
        assertThat(problems(yaml))
                .extracting(Problem::format)
                .containsExactly(
                        "desk.yaml:1:6: [out-of-range] sla must be between 1s and 7d, not 0s",
                        "desk.yaml:2:14: [out-of-range] idleArchive must be between 1m and 365d, not 0s",
                        "desk.yaml:3:18: [out-of-range] disconnectGrace must be between 1s and 7d, not 0s",
                        "desk.yaml:4:7: [out-of-range] tick must be between 10ms and 1m, not 0s");
    }

    @Test
    void anIdleArchiveUnderAMinuteIsRefused() {
        assertThat(problems("idleArchive: 30s\n"))
                .extracting(Problem::format)
                .containsExactly("desk.yaml:1:14: [out-of-range] idleArchive must be between 1m and 365d, not 30s");
        assertThat(DeskConfigLoader.parse("idleArchive: 1m", "desk.yaml").idleArchive())
                .isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void autoRepliesEveryZeroSecondsAreOffAndUnderASecondAreRefused() {
        assertThat(DeskConfigLoader.parse("autoReply: {every: 0s}", "desk.yaml")
                        .autoReply()
                        .enabled())
                .isFalse();
        assertThat(problems("autoReply: {every: 500ms}\n"))
                .extracting(Problem::format)
                .containsExactly(
                        "desk.yaml:1:20: [out-of-range] autoReply.every must be 0s (off) or between 1s and 1d, not 500ms");
    }

    @Test
    void durationsTooLongToMeanAnythingOrToFitATimerAreRefused() {
        String yaml =
                """
                sla: 99999999999999999999999d
                heartbeat: {interval: 100d, timeout: 0.1s}
                security:
                  limits: {identifyWithin: 1h, signInLockout: 2h}
                """;
        assertThat(problems(yaml))
                .extracting(Problem::format)
                .containsExactly(
                        "desk.yaml:1:6: [out-of-range] sla must be between 1s and 7d, not 99999999999999999999999d",
                        "desk.yaml:2:23: [out-of-range] heartbeat.interval must be between 1s and 5m, not 100d",
                        "desk.yaml:2:38: [out-of-range] heartbeat.timeout must be between 1s and 5m, not 0.1s",
                        "desk.yaml:4:28: [out-of-range] security.limits.identifyWithin must be between 1s and 10m,"
                                + " not 1h",
                        "desk.yaml:4:47: [out-of-range] security.limits.signInLockout must be between 1s and 1h,"
                                + " not 2h");
    }

    @Test
    void numbersOutsideTheirRangeAreLocatedErrors() {
        String yaml =
                """
                port: 0
                maxMessageSize: 100001
                dbMaxPendingWrites: 0
                security:
                  limits: {connectionsPerAddress: 2000000, eventsPerSecond: 0}
                dbReadConnections: 65
                """;
        assertThat(problems(yaml))
                .extracting(Problem::format)
                .containsExactly(
                        "desk.yaml:1:7: [out-of-range] port must be between 1 and 65535, not 0",
                        "desk.yaml:2:17: [out-of-range] maxMessageSize must be at most 100000, not 100001",
                        "desk.yaml:3:21: [out-of-range] dbMaxPendingWrites must be at least 1, not 0",
                        "desk.yaml:5:35: [out-of-range] security.limits.connectionsPerAddress must be at most 1000000,"
                                + " not 2000000",
                        "desk.yaml:5:61: [out-of-range] security.limits.eventsPerSecond must be at least 1, not 0",
                        "desk.yaml:6:20: [out-of-range] dbReadConnections must be at most 64, not 65");
        assertThat(problems("dbReadConnections: 0\n"))
                .extracting(Problem::format)
                .containsExactly("desk.yaml:1:20: [out-of-range] dbReadConnections must be at least 1, not 0");
        DeskConfig largest = DeskConfigLoader.parse(
                "port: 65535\nmaxMessageSize: 100000\ndbMaxPendingWrites: 1000000\ndbReadConnections: 64\n",
                "desk.yaml");
        assertThat(largest.maxMessageSize()).isEqualTo(100_000);
        assertThat(largest.dbMaxPendingWrites()).isEqualTo(1_000_000);
        assertThat(largest.dbReadConnections()).isEqualTo(64);
        assertThat(DeskConfigLoader.parse("port: 5005\n", "desk.yaml").dbReadConnections())
                .isEqualTo(4);
    }

    @Test
    void aPathNoFileSystemCanNameIsALocatedErrorNotACrash() {
        String yaml = "dataDir: \"data\\0dir\"\nsecurity: {tls: {certificate: \"\\0\", privateKey: key.pem}}\n";
        assertThat(problems(yaml))
                .extracting(Problem::format)
                .containsExactly(
                        "desk.yaml:1:10: [invalid-value] dataDir: 'data\\0dir' is not a path (Nul character not"
                                + " allowed)",
                        "desk.yaml:2:31: [invalid-value] security.tls.certificate: '\\0' is not a path (Nul character"
                                + " not allowed)",
                        "desk.yaml:2:49: [cannot-read] security.tls.privateKey: cannot read 'key.pem'");
    }

    @Test
    void fortyFiveThousandDepartmentsNamedByEveryAgentAreCheckedInSeconds() {
        // each agent's department used to be looked up in a list: this took about 15 s
        String departments = java.util.stream.IntStream.range(0, 45_000)
                .mapToObj(i -> "d" + i)
                .collect(java.util.stream.Collectors.joining(", "));
        String yaml = "departments: &d [" + departments + "]\nagents:\n"
                + "  - {name: a, token: ta, departments: *d}\n"
                + "  - {name: b, token: tb, departments: *d}\n"
                + "  - {name: c, token: tc, departments: *d}\n";
        long start = System.nanoTime();
        DeskConfig config = DeskConfigLoader.parse(yaml, "desk.yaml");
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertThat(config.agents()).allSatisfy(a -> assertThat(a.departments()).hasSize(45_000));
        assertThat(millis).as("ms").isLessThan(6_000);
    }
}
