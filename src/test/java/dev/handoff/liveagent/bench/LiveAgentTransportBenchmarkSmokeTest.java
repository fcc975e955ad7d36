package dev.handoff.liveagent.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link LiveAgentTransportBenchmark}'s code path in its short mode ({@code --smoke}), so that the benchmark keeps
 * working: every subject (the raw socket.io-client-java, the bridge on it, the bridge on Netty) in a process of its
 * own against the echoing live agent in another, 20 conversations in each scenario, 1 s at 20 messages/s. Asserts
 * that every conversation was handed off, every message came back echoed once, and the tables were printed; never a
 * time.
 */
@Timeout(120)
class LiveAgentTransportBenchmarkSmokeTest {
    @Test
    void everySubjectHandsOffEveryConversationAndGetsEveryMessageEchoedOnce() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

        LiveAgentTransportBenchmark.Report report = LiveAgentTransportBenchmark.run(
                LiveAgentTransportBenchmark.Options.parse(new String[] {"--smoke"}), out);

        String printed = bytes.toString(StandardCharsets.UTF_8);
        System.out.println(printed);
        assertThat(report.runs()).containsOnlyKeys("raw", "socketio", "netty");
        report.runs().forEach((subject, rounds) -> {
            assertThat(rounds).as(subject).hasSize(1);
            Map<String, LiveAgentTransportBenchmark.Scenario> scenarios = rounds.get(0);
            assertThat(scenarios).as(subject).containsOnlyKeys(LiveAgentTransportBenchmark.SCENARIOS);
            scenarios.forEach((name, s) -> {
                String what = subject + " " + name;
                assertThat(s.failure()).as(what).isNull();
                assertThat(s.opened()).as(what + ": conversations handed off").isEqualTo(20);
                assertThat(s.failed()).as(what + ": conversations failed").isZero();
                for (LiveAgentTransportBenchmark.Phase p : s.phases()) {
                    assertThat(p.sent()).as(what + ": sent").isEqualTo(20);
                    assertThat(p.echoed()).as(what + ": echoed").isEqualTo(20);
                    assertThat(p.wrong())
                            .as(what + ": echoes matching no message, or twice")
                            .isZero();
                }
            });
            assertThat(scenarios.get("steady").phases()).as(subject).hasSize(1);
            assertThat(scenarios.get("large").phases()).as(subject).hasSize(1);
        });
        for (String header : List.of(
                "| subject | all handed off |", "| subject | rate | round trip p50 |", "| subject | opened in |")) {
            assertThat(printed).contains(header);
        }
        assertThat(printed).contains("| raw |", "| socketio |", "| netty |");
    }
}
