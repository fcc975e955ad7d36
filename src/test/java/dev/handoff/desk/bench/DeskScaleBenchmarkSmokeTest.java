package dev.handoff.desk.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@link DeskScaleBenchmark}'s code path with tiny numbers, so that the benchmark keeps working: each server as a
 * process of its own, 50 chats over two load processes, 5 agents, 3 s at 20 messages/s. Asserts that every chat
 * opened and every message came back echoed, once; never a time.
 */
@Timeout(120)
class DeskScaleBenchmarkSmokeTest {
    private static final DeskScaleBenchmark.Settings TINY = new DeskScaleBenchmark.Settings(
            50,
            5,
            20,
            3,
            0,
            List.of("-Xmx256m", "-XX:TieredStopAtLevel=1"),
            List.of("-Xmx128m", "-XX:TieredStopAtLevel=1"),
            25,
            10,
            false,
            Duration.ofSeconds(10));

    @ParameterizedTest
    @EnumSource(DeskScaleBenchmark.Kind.class)
    void everyMessageOfFiftyChatsComesBackEchoedOnce(DeskScaleBenchmark.Kind kind) throws Exception {
        DeskScaleBenchmark.Round round = DeskScaleBenchmark.round(kind, TINY, System.out);

        assertThat(round.opened()).as("chats handed off").isEqualTo(50);
        assertThat(round.failed()).as("bots whose handoff failed or ended").isZero();
        // the warm-up (one message per chat), then the measured phase (3 s at 20 messages/s)
        assertThat(round.warmEchoed())
                .as("warm-up messages echoed")
                .isEqualTo(round.warmSent())
                .isEqualTo(50);
        assertThat(round.sent()).isEqualTo(60);
        assertThat(round.echoed()).as("messages echoed back to their bot").isEqualTo(60);
        assertThat(round.wrong())
                .as("echoes that matched no message, or came twice")
                .isZero();
        assertThat(round.trips()).hasSize(60);
    }

    @Test
    void aServerWithFewerDescriptorsThanTheChatsAskedForGetsFewerChats() {
        long[] limit = {1024, 20_000};

        assertThat(DeskScaleBenchmark.capped(20_000, 200, limit, System.out)).isEqualTo(19_500);
        assertThat(DeskScaleBenchmark.capped(10_000, 200, limit, System.out)).isEqualTo(10_000);
    }
}
