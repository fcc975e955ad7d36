package dev.handoff.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.handoff.desk.config.DeskConfig;
import dev.handoff.desk.support.TestDesks;
import dev.handoff.humanhandoff.HandoffState;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Nothing lost, nothing twice, nothing out of order, through the faults a phone network and a busy
 * desk bring: connection cuts, a stall with no FIN, added latency, a desk restart, an agent away.
 * The real bridge, the real desk and an agent on the real agent interface; the user and the agent
 * both talk the whole time. Run on H2 here and on PostgreSQL by {@link DeliveryUnderFaultsOnPostgresTest}.
 */
class DeliveryUnderFaultsTest {
    static final int MESSAGES = 40;

    @TempDir
    Path data;

    DeliveryRig rig;

    @AfterEach
    void close() {
        if (rig != null) rig.close();
    }

    /** The desk's config: H2 under the test's folder. */
    DeskConfig config() {
        return TestDesks.config(data);
    }

    DeliveryRig rig() throws IOException {
        rig = new DeliveryRig(config());
        rig.handOff();
        return rig;
    }

    /** Both sides send {@code MESSAGES} numbered messages, {@code gapMillis} apart, while {@code fault} runs. */
    void talk(long gapMillis, Runnable fault) {
        List<String> userSent = new ArrayList<>();
        List<String> agentSent = new ArrayList<>();
        CompletableFuture<Void> agent = CompletableFuture.runAsync(() -> {
            for (int i = 1; i <= MESSAGES; i++) {
                String text = "a-" + i;
                rig.agentSays(text, Duration.ofSeconds(60));
                agentSent.add(text);
                DeliveryRig.sleep(gapMillis);
            }
        });
        CompletableFuture<Void> faults = CompletableFuture.runAsync(fault);
        for (int i = 1; i <= MESSAGES; i++) {
            String text = "u-" + i;
            rig.userSays(text);
            userSent.add(text);
            DeliveryRig.sleep(gapMillis);
        }
        faults.join();
        agent.join();
        DeliveryRig.await(
                "every message to arrive",
                Duration.ofSeconds(60),
                () -> rig.agentReceived().size() >= MESSAGES
                        && rig.userReceived().size() >= MESSAGES);
        DeliveryRig.sleep(500); // a late duplicate would show up now
        var toAgent = DeliveryRig.Tally.of(userSent, rig.agentReceived());
        var toUser = DeliveryRig.Tally.of(agentSent, rig.userReceived());
        assertThat(toAgent).as("user → agent").isEqualTo(new DeliveryRig.Tally(MESSAGES, MESSAGES, 0, 0, 0));
        assertThat(toUser).as("agent → user").isEqualTo(new DeliveryRig.Tally(MESSAGES, MESSAGES, 0, 0, 0));
        assertThat(rig.handoffState()).isEqualTo(HandoffState.WITH_AGENT);
    }

    @Test
    void connectionCutsEveryFewHundredMillisecondsLoseNothingInEitherDirection() throws IOException {
        rig();
        talk(50, () -> {
            for (int i = 0; i < 10; i++) {
                DeliveryRig.sleep(200);
                rig.proxy.cutAll();
            }
        });
        assertThat(rig.proxy.connectionsCut()).isGreaterThanOrEqualTo(5);
    }

    @Test
    void aStallWithNoFinIsNoticedWithinTenSecondsAndWhatWasSentIntoItArrivesOnce() throws IOException {
        rig();
        talk(100, () -> {
            DeliveryRig.sleep(500);
            rig.proxy.stall(); // a phone losing signal: bytes go nowhere, nobody is told
            long stalledAt = System.nanoTime();
            DeliveryRig.await("the bridge to notice the stall", Duration.ofSeconds(12), rig::reconnecting);
            assertThat(Duration.ofNanos(System.nanoTime() - stalledAt)).isLessThan(Duration.ofSeconds(12));
            rig.proxy.cutAll(); // what was written into the stalled connections is gone for good
            rig.proxy.resume();
        });
    }

    @Test
    void twoSecondsOfLatencyKeepEveryMessageInOrder() throws IOException {
        rig();
        rig.proxy.latency(Duration.ofSeconds(2));
        talk(30, () -> {});
    }

    @Test
    void aDeskRestartedMidChatLosesNothingAndResumesTheChat() throws IOException {
        rig();
        talk(50, () -> {
            DeliveryRig.sleep(600);
            rig.restartDesk();
        });
    }

    @Test
    void anAgentAwayForAWhileGetsEveryUserMessageOnceWhenBack() throws IOException {
        rig();
        List<String> userSent = new ArrayList<>();
        rig.signOutAgent();
        for (int i = 1; i <= MESSAGES; i++) {
            userSent.add("u-" + i);
            rig.userSays("u-" + i);
            DeliveryRig.sleep(20);
        }
        DeliveryRig.sleep(1_000);
        rig.signInAgent();
        DeliveryRig.await(
                "the agent to re-sync",
                Duration.ofSeconds(30),
                () -> rig.agentReceived().size() >= MESSAGES);
        DeliveryRig.sleep(500);
        assertThat(DeliveryRig.Tally.of(userSent, rig.agentReceived()))
                .isEqualTo(new DeliveryRig.Tally(MESSAGES, MESSAGES, 0, 0, 0));
    }
}
