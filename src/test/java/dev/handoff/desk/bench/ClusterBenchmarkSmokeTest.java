package dev.handoff.desk.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.handoff.desk.cluster.ClusterRig;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link ClusterBenchmark}'s code path with tiny numbers, so that the benchmark keeps working: two real desk
 * processes, 20 chats, 3 s at 10 messages/s. Asserts that every message came back echoed, once; never a time.
 */
@Timeout(120)
class ClusterBenchmarkSmokeTest {
    @Test
    void everyMessageOfTwentyChatsOnTwoNodesComesBackEchoedOnce() throws Exception {
        ClusterBenchmark.Settings settings = new ClusterBenchmark.Settings(
                20, List.of(10), 3, 1, 2, ClusterRig.Options.DEFAULT.jvmOptions(), true, Duration.ofSeconds(10));

        ClusterBenchmark.Round round = ClusterBenchmark.round(2, settings, System.out);

        assertThat(round.failed()).as("bots whose handoff failed or ended").isZero();
        assertThat(round.phases()).hasSize(1);
        ClusterBenchmark.Phase phase = round.phases().get(0);
        assertThat(phase.sent()).isEqualTo(30);
        assertThat(phase.echoed()).as("messages echoed back to their bot").isEqualTo(30);
        assertThat(phase.wrong())
                .as("echoes that matched no message, or came twice")
                .isZero();
        assertThat(phase.roundTripNanos()).hasSize(30);
    }
}
