package dev.handoff.liveagent.socketio;

import static org.assertj.core.api.Assertions.assertThat;

import dev.handoff.liveagent.HandoffRequest;
import dev.handoff.liveagent.LiveAgentSession;
import dev.handoff.liveagent.LiveAgentUrls;
import dev.handoff.liveagent.RecordingListener;
import dev.handoff.liveagent.TestLiveAgentServer;
import dev.handoff.protocol.LiveAgentEvents;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The notices addition (README) on the bot side, against a real Socket.IO server that offers it or not. */
class NoticesAdditionTest {

    /** The client's settings; a subclass runs every test here on another implementation. */
    SocketIoSettings settings() {
        return SocketIoSettings.defaults();
    }

    private TestLiveAgentServer server;
    private SocketIoLiveAgentClient client;

    @BeforeEach
    void start() {
        server = TestLiveAgentServer.start();
        client = new SocketIoLiveAgentClient(
                settings().withReconnectionDelays(Duration.ofMillis(100), Duration.ofMillis(500)));
    }

    @AfterEach
    void stop() {
        client.close();
        server.close();
    }

    private HandoffRequest request(String conversationId) {
        return new HandoffRequest(
                LiveAgentUrls.of(server.url()),
                conversationId,
                "bot-1",
                null,
                null,
                null,
                List.of(),
                Duration.ofSeconds(30),
                Duration.ofSeconds(30));
    }

    @ParameterizedTest(name = "with delivery: {0}")
    @ValueSource(booleans = {false, true})
    void anOfferIsAcceptedInUsernameAndTheQueueReachesTheListenerMalformedNoticesAside(boolean delivery) {
        server.offerNotices(true).offerDelivery(delivery);
        RecordingListener listener = new RecordingListener();
        LiveAgentSession session = client.open(request("c1"), listener);
        listener.await("connected");
        assertThat(session.reportsQueue()).isTrue();
        assertThat(server.awaitConversation("c1")
                        .first(LiveAgentEvents.USERNAME)
                        .path("notices")
                        .asInt())
                .isEqualTo(1);

        server.emit("c1", LiveAgentEvents.QUEUE_POSITION, Map.of("position", 2, "department", "sales"));
        server.emit("c1", LiveAgentEvents.QUEUE_POSITION, Map.of("position", 0));
        server.emit("c1", LiveAgentEvents.QUEUE_POSITION, Map.of("position", "first"));
        server.emit("c1", LiveAgentEvents.AGENT_JOINED, Map.of("agent", " "));
        server.emit("c1", LiveAgentEvents.QUEUE_POSITION, Map.of("position", 1, "department", "sales"));
        server.emit("c1", LiveAgentEvents.AGENT_JOINED, Map.of("agent", "Thandi", "language", "zu"));
        server.emitToUser("c1", "Sawubona");

        listener.awaitAgentMessages(1);
        assertThat(listener.calls())
                .containsExactly("connected", "position 2", "position 1", "joined: Thandi", "agent: Sawubona");
    }

    @Test
    void withoutAnOfferUsernameIsUnchangedAndNoticesAreIgnored() {
        RecordingListener listener = new RecordingListener();
        LiveAgentSession session = client.open(request("c2"), listener);
        listener.await("connected");
        assertThat(session.reportsQueue()).isFalse();
        assertThat(server.awaitConversation("c2")
                        .first(LiveAgentEvents.USERNAME)
                        .has("notices"))
                .isFalse();

        server.emit("c2", LiveAgentEvents.QUEUE_POSITION, Map.of("position", 2, "department", "sales"));
        server.emit("c2", LiveAgentEvents.AGENT_JOINED, Map.of("agent", "Thandi"));
        server.emitToUser("c2", "hello");

        listener.awaitAgentMessages(1);
        assertThat(listener.calls()).containsExactly("connected", "agent: hello");
    }
}
