package dev.handoff.liveagent.socketio;

import static org.assertj.core.api.Assertions.assertThat;

import dev.handoff.desk.support.LogCapture;
import dev.handoff.liveagent.HandoffRequest;
import dev.handoff.liveagent.LiveAgentFailure;
import dev.handoff.liveagent.LiveAgentSession;
import dev.handoff.liveagent.RecordingListener;
import dev.handoff.liveagent.TestLiveAgentServer;
import dev.handoff.liveagent.TestLiveAgentServer.Connection;
import dev.handoff.testing.FaultProxy;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Netty wire on HTTP long-polling, and its upgrade to a websocket, against netty-socketio (which closes every
 * polling connection after its response, whatever its {@code Connection} header says), through a {@link FaultProxy}
 * that counts the connections, holds the upgrade's websocket and garbles responses.
 *
 * <p>The agent's side sends at most {@link #AGENT_BURST} messages before the client has them: netty-socketio 2.0.14
 * loses the 51st packet of one polling response ({@code PacketEncoder.encodePackets} takes it from the queue, then
 * stops at its limit of 50), whichever client polls.
 */
class NettyPollingTest {
    private static final Duration LONG = Duration.ofSeconds(60);
    private static final String POLL_WITH_SESSION = "GET /socket.io/?EIO=4&transport=polling&sid=";
    private static final String HANDSHAKE = "GET /socket.io/?EIO=4&transport=polling&t=";
    private static final int AGENT_BURST = 25;

    private TestLiveAgentServer server;
    private FaultProxy proxy;
    private SocketIoLiveAgentClient client;

    @BeforeEach
    void start() throws Exception {
        server = TestLiveAgentServer.start();
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

    @Test
    void everyMessageCrossesBothWaysOnceAndInOrderThoughTheServerClosesEachPollingConnection() throws Exception {
        RecordingListener listener = new RecordingListener();
        LiveAgentSession session = client(SocketIoSettings.POLLING).open(request(LONG), listener);
        listener.await("connected");
        int connectionsBefore = proxy.connectionsAccepted();

        stream(session, listener, 1, 500, 0);

        assertThat(server.awaitFromUser("c1", 500)).containsExactlyElementsOf(numbered("u", 1, 500));
        assertThat(listener.awaitAgentMessages(500)).containsExactlyElementsOf(numbered("d", 1, 500));
        assertThat(listener.calls()).first().isEqualTo("connected");
        assertThat(listener.calls())
                .filteredOn(call -> !call.startsWith("agent: "))
                .containsExactly("connected");
        assertThat(server.connections()).hasSize(1);
        Connection connection = server.awaitConversation("c1");
        assertThat(connection.receivedOver()).containsOnly(SocketIoSettings.POLLING);
        assertThat(proxy.connectionsAccepted() - connectionsBefore)
                .as("TCP connections: the server closed each after its response")
                .isGreaterThan(10);
    }

    @Test
    void anUpgradeToAWebsocketInTheMiddleOfTheStreamLosesNothingEitherWay() throws Exception {
        proxy.holdConnectionsSending("transport=websocket");
        RecordingListener listener = new RecordingListener();
        LiveAgentSession session =
                client(SocketIoSettings.POLLING, SocketIoSettings.WEBSOCKET).open(request(LONG), listener);
        listener.await("connected");
        Connection connection = server.awaitConversation("c1");
        await("the upgrade's probe", () -> proxy.heldConnections() == 1);

        // on long-polling while the probe is held
        stream(session, listener, 1, 200, 0);
        assertThat(server.awaitFromUser("c1", 200)).hasSize(200);
        assertThat(listener.awaitAgentMessages(200)).hasSize(200);
        assertThat(connection.receivedOver()).containsOnly(SocketIoSettings.POLLING);

        // the probe goes through while messages flow both ways
        proxy.releaseHeld();
        stream(session, listener, 201, 500, 1);
        await("the upgrade", () -> SocketIoSettings.WEBSOCKET.equals(connection.transport()));
        stream(session, listener, 501, 510, 0);

        assertThat(server.awaitFromUser("c1", 510)).containsExactlyElementsOf(numbered("u", 1, 510));
        assertThat(listener.awaitAgentMessages(510)).containsExactlyElementsOf(numbered("d", 1, 510));
        List<String> over = connection.receivedOver();
        int upgradedAt = over.indexOf(SocketIoSettings.WEBSOCKET);
        assertThat(upgradedAt).as("the first event over the websocket").isGreaterThan(200);
        assertThat(over.subList(upgradedAt, over.size())).containsOnly(SocketIoSettings.WEBSOCKET);
        assertThat(listener.calls())
                .filteredOn(call -> !call.startsWith("agent: "))
                .containsExactly("connected");
        assertThat(server.connections()).hasSize(1);
    }

    @Test
    void aProbeTheNetworkDropsLeavesTheConversationOnLongPolling() throws Exception {
        proxy.holdConnectionsSending("transport=websocket");
        RecordingListener listener = new RecordingListener();
        LiveAgentSession session =
                client(SocketIoSettings.POLLING, SocketIoSettings.WEBSOCKET).open(request(LONG), listener);
        listener.await("connected");
        await("the upgrade's probe", () -> proxy.heldConnections() == 1);

        proxy.cutHeld();
        stream(session, listener, 1, 50, 0);

        assertThat(server.awaitFromUser("c1", 50)).containsExactlyElementsOf(numbered("u", 1, 50));
        assertThat(listener.awaitAgentMessages(50)).containsExactlyElementsOf(numbered("d", 1, 50));
        Connection connection = server.awaitConversation("c1");
        assertThat(connection.receivedOver()).containsOnly(SocketIoSettings.POLLING);
        assertThat(connection.transport()).isEqualTo(SocketIoSettings.POLLING);
        assertThat(listener.calls())
                .filteredOn(call -> !call.startsWith("agent: "))
                .containsExactly("connected");
    }

    @Test
    void closingDuringAnUpgradeDeliversWhatWasSentThenTheGoodbyeBeforeTheProbeCloses() throws Exception {
        // the probe's websocket is open at the server, its 2probe held: netty-socketio ends the session when it closes
        proxy.holdConnectionsAfterTheirFirstBytes("transport=websocket");
        RecordingListener listener = new RecordingListener();
        LiveAgentSession session =
                client(SocketIoSettings.POLLING, SocketIoSettings.WEBSOCKET).open(request(LONG), listener);
        listener.await("connected");
        await("the upgrade's probe", () -> proxy.heldConnections() == 1);

        session.send("last words");
        session.close();

        assertThat(server.awaitFromUser("c1", 1)).containsExactly("last words");
        server.awaitDisconnected("c1");
        assertThat(server.awaitConversation("c1").receivedOver()).containsOnly(SocketIoSettings.POLLING);
        await("the probe's end", () -> proxy.openConnections() == 0);
    }

    @Test
    void aGarbledPollingResponseIsReportedWithItsIdAndRequestAndTheConversationReconnects() throws Exception {
        try (LogCapture warnings = LogCapture.of(NettyPolling.class.getName())) {
            RecordingListener listener = new RecordingListener();
            LiveAgentSession session = client(SocketIoSettings.POLLING).open(request(LONG), listener);
            listener.await("connected");
            session.send("before");
            server.awaitFromUser("c1", 1);

            proxy.garbleResponses(POLL_WITH_SESSION, 1);
            server.emitToUser("c1", "answers the poll under way");
            listener.awaitAgentMessages(1);
            server.emitToUser("c1", "answers the next poll, garbled");

            String warning = warnings.awaitWarning("[polling-bad-response]");
            assertThat(warning)
                    .startsWith("[polling-bad-response] GET http://127.0.0.1:" + proxy.port()
                            + "/socket.io/?EIO=4&transport=polling: packet 1 has no Engine.IO type ('#')")
                    .doesNotContain("sid=");
            listener.await("reconnected");
            session.send("after");
            assertThat(server.awaitFromUser("c1", 2)).containsExactly("before", "after");
            assertThat(proxy.garbledResponses()).isEqualTo(1);
            assertThat(server.connections("c1")).hasSize(2);
        }
    }

    @Test
    void aGarbledHandshakeIsAFailedAttemptThatTheNextOneOvercomes() throws Exception {
        try (LogCapture warnings = LogCapture.of(NettyPolling.class.getName())) {
            proxy.garbleResponses(HANDSHAKE, 1);
            RecordingListener listener = new RecordingListener();
            LiveAgentSession session = client(SocketIoSettings.POLLING).open(request(LONG), listener);
            session.send("typed while connecting");

            listener.await("connected");
            assertThat(warnings.awaitWarning("[polling-bad-response]")).contains("no Engine.IO type ('#')");
            assertThat(server.awaitFromUser("c1", 1)).containsExactly("typed while connecting");
            assertThat(proxy.garbledResponses()).isEqualTo(1);
        }
    }

    @Test
    void handshakesThatStayGarbledFailTheHandoffAsATimeoutNamingTheBadResponse() {
        proxy.garbleResponses(HANDSHAKE, Integer.MAX_VALUE);
        RecordingListener listener = new RecordingListener();
        LiveAgentSession session = client(SocketIoSettings.POLLING).open(request(Duration.ofSeconds(2)), listener);
        session.send("hello?");

        LiveAgentFailure failure = listener.awaitFailure();

        assertThat(failure.kind()).isEqualTo(LiveAgentFailure.Kind.TIMEOUT);
        assertThat(failure.detail())
                .contains("[polling-bad-response] GET http://127.0.0.1:" + proxy.port()
                        + "/socket.io/?EIO=4&transport=polling: packet 1 has no Engine.IO type ('#')");
        assertThat(listener.undelivered()).containsExactly("hello?");
        assertThat(server.connections()).isEmpty();
    }

    // ---- helpers ----

    private SocketIoLiveAgentClient client(String... transports) {
        client = new SocketIoLiveAgentClient(SocketIoSettings.defaults()
                .withImplementation(SocketIoSettings.Implementation.NETTY)
                .withTransports(List.of(transports))
                .withReconnectionDelays(Duration.ofMillis(100), Duration.ofMillis(500)));
        return client;
    }

    private HandoffRequest request(Duration connectTimeout) {
        return new HandoffRequest(
                dev.handoff.liveagent.LiveAgentUrls.of(proxy.url()),
                "c1",
                "bot-1",
                null,
                null,
                null,
                List.of(),
                connectTimeout,
                LONG);
    }

    /**
     * Messages {@code from..to} both ways at once: {@code u<n>} from the user ({@code pauseMillis} apart), {@code
     * d<n>} from the agent (in bursts of {@link #AGENT_BURST}, each once the client has the one before).
     */
    private void stream(LiveAgentSession session, RecordingListener listener, int from, int to, long pauseMillis)
            throws InterruptedException {
        Thread agent = new Thread(() -> {
            for (int i = from; i <= to; i++) {
                server.emitToUser("c1", "d" + i);
                if ((i - from + 1) % AGENT_BURST == 0) {
                    listener.awaitAgentMessages(i);
                }
            }
        });
        agent.start();
        for (int i = from; i <= to; i++) {
            session.send("u" + i);
            pause(pauseMillis);
        }
        agent.join();
    }

    private static List<String> numbered(String prefix, int from, int to) {
        return IntStream.rangeClosed(from, to).mapToObj(i -> prefix + i).toList();
    }

    private static void pause(long millis) {
        if (millis > 0) {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + TestLiveAgentServer.AWAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            pause(10);
        }
    }
}
