package dev.handoff.liveagent.socketio;

import static org.assertj.core.api.Assertions.assertThat;

import dev.handoff.liveagent.HandoffRequest;
import dev.handoff.liveagent.LiveAgentSession;
import dev.handoff.liveagent.LiveAgentUrls;
import dev.handoff.liveagent.RecordingListener;
import dev.handoff.liveagent.TestLiveAgentServer;
import dev.handoff.testing.FaultProxy;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A stalled connection (bytes held, no FIN, as a phone losing signal) between the client and a live
 * agent that speaks the delivery addition: noticed within the stall timeout, closed, reconnected,
 * and what was unacknowledged sent again, on websocket and on long polling.
 */
class StallDetectionTest {

    /** The client's settings; a subclass runs every test here on another implementation. */
    SocketIoSettings settings() {
        return SocketIoSettings.defaults();
    }

    private static final Duration STALL_TIMEOUT = Duration.ofSeconds(2);
    /** Scheduling slack on a loaded machine: the stall must be noticed within the timeout plus this. */
    private static final Duration SLACK = Duration.ofMillis(2500);

    private static final Duration LONG = Duration.ofSeconds(60);

    private TestLiveAgentServer server;
    private FaultProxy proxy;
    private SocketIoLiveAgentClient client;

    @BeforeEach
    void start() throws Exception {
        server = TestLiveAgentServer.start().offerDelivery(true);
        proxy = FaultProxy.to("127.0.0.1", server.port());
    }

    @AfterEach
    void stop() {
        if (client != null) {
            client.close();
        }
        proxy.close();
        server.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {SocketIoSettings.WEBSOCKET, SocketIoSettings.POLLING})
    void aStallWithAMessageAwaitingItsAcknowledgementIsNoticedWithinTheStallTimeoutAndTheMessageSentAgain(
            String transport) {
        // netty-socketio's default pings (every 25 s) are too rare to help: the awaited acknowledgement does
        RecordingListener listener = new RecordingListener();
        LiveAgentSession session = client(transport).open(request(), listener);
        listener.await("connected");
        session.send("before");
        server.awaitStoredFromUser("c1", 1);

        proxy.stall();
        long stalledAt = System.nanoTime();
        session.send("into the stall");
        listener.awaitCalls("reconnecting", c -> c.contains("reconnecting"), STALL_TIMEOUT.plus(SLACK));
        Duration noticedAfter = Duration.ofNanos(System.nanoTime() - stalledAt);
        proxy.resume();

        listener.await("reconnected");
        assertThat(noticedAfter).isLessThanOrEqualTo(STALL_TIMEOUT.plus(SLACK));
        assertThat(server.awaitStoredFromUser("c1", 2)).containsExactly("before", "into the stall");
        session.send("after");
        assertThat(server.awaitStoredFromUser("c1", 3)).containsExactly("before", "into the stall", "after");
    }

    @ParameterizedTest
    @ValueSource(strings = {SocketIoSettings.WEBSOCKET, SocketIoSettings.POLLING})
    void aStallOfAnIdleConnectionIsNoticedByTheMissingPingsWithinTheStallTimeout(String transport) {
        server.stop();
        server.pingInterval(Duration.ofMillis(500)).restart();
        RecordingListener listener = new RecordingListener();
        LiveAgentSession session = client(transport).open(request(), listener);
        listener.await("connected");

        proxy.stall();
        long stalledAt = System.nanoTime();
        listener.awaitCalls("reconnecting", c -> c.contains("reconnecting"), STALL_TIMEOUT.plus(SLACK));
        Duration noticedAfter = Duration.ofNanos(System.nanoTime() - stalledAt);
        proxy.resume();
        assertThat(noticedAfter).isLessThanOrEqualTo(STALL_TIMEOUT.plus(SLACK));

        listener.await("reconnected");
        session.send("still here");
        assertThat(server.awaitStoredFromUser("c1", 1)).containsExactly("still here");
    }

    @ParameterizedTest
    @ValueSource(strings = {SocketIoSettings.WEBSOCKET, SocketIoSettings.POLLING})
    void anIdleHealthyConnectionToAServerWithRarePingsIsLeftOpen(String transport) throws Exception {
        RecordingListener listener = new RecordingListener();
        LiveAgentSession session = client(transport).open(request(), listener);
        listener.await("connected");
        session.send("hello");
        server.awaitStoredFromUser("c1", 1);

        Thread.sleep(STALL_TIMEOUT.multipliedBy(2).plusMillis(500).toMillis());

        session.send("still the first connection");
        assertThat(server.awaitStoredFromUser("c1", 2)).containsExactly("hello", "still the first connection");
        assertThat(listener.calls()).containsExactly("connected");
        assertThat(server.connections("c1")).hasSize(1);
    }

    private SocketIoLiveAgentClient client(String transport) {
        client = new SocketIoLiveAgentClient(settings()
                .withTransports(List.of(transport))
                .withReconnectionDelays(Duration.ofMillis(100), Duration.ofMillis(500))
                .withStallTimeout(STALL_TIMEOUT));
        return client;
    }

    private HandoffRequest request() {
        return new HandoffRequest(
                LiveAgentUrls.of(proxy.url()), "c1", "bot-1", null, null, null, List.of(), LONG, LONG);
    }
}
