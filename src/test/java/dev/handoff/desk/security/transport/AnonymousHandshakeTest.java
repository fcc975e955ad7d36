package dev.handoff.desk.security.transport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.handoff.desk.api.AgentEvents;
import dev.handoff.desk.config.DeskConfig;
import dev.handoff.desk.server.DeskService;
import dev.handoff.desk.support.EventLog;
import dev.handoff.desk.support.Sockets;
import dev.handoff.desk.support.TestDesks;
import io.socket.client.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.json.JSONObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A namespace CONNECT without auth data meets the namespace's auth listeners like any other:
 * netty-socketio calls them only when the CONNECT carries data, so an anonymous agent used to be
 * connected, and only then told it had no token and disconnected. Now it is refused in the handshake
 * (CONNECT_ERROR) and never connected, whatever the transport or the way the packet is written.
 */
class AnonymousHandshakeTest {
    @TempDir
    Path data;

    DeskConfig config;
    DeskService desk;
    String url;

    @BeforeEach
    void start() {
        config = TestDesks.config(data);
        desk = TestDesks.start(config);
        url = TestDesks.url(config);
    }

    @AfterEach
    void stop() {
        desk.stop();
    }

    @ParameterizedTest
    @ValueSource(strings = {"websocket", "polling"})
    void anAgentWithoutAnyAuthGetsAConnectErrorAndNeverAConnect(String transport) throws Exception {
        EventLog events = new EventLog("anonymous agent");
        Socket anonymous = Clients.socket(
                url + AgentEvents.NAMESPACE, null, null, transport, Sockets.HTTP, events, AgentEvents.SIGNED_IN);
        try {
            anonymous.connect();
            JSONObject error = (JSONObject) events.await(Socket.EVENT_CONNECT_ERROR);
            assertThat(error.optString("message")).isEqualTo("invalid token");
            Thread.sleep(300); // a connect would come right after the CONNECT was handled
            assertThat(events.names()).doesNotContain(Socket.EVENT_CONNECT, AgentEvents.SIGNED_IN);
        } finally {
            anonymous.close();
        }
    }

    @Test
    void aBareConnectIsRefusedHoweverItIsWritten() {
        for (String connect : new String[] {"40/agents,", "40/agents"}) {
            try (RawWebSocket ws = RawWebSocket.engineIo(config.port(), Map.of())) {
                assertThat(ws.nextText()).startsWith("0{");
                ws.sendText(connect);
                assertThat(ws.nextText()).as(connect).startsWith("44/agents,").contains("invalid token");
            }
        }
    }

    @Test
    void aBareConnectInAPollingBatchIsRefusedAndTheRestOfTheBatchIsDropped() {
        RawPolling raw = new RawPolling(config.port(), Map.of());
        assertThat(raw.handshake().status()).isEqualTo(200);
        raw.post("40/agents,\u001e42/agents,[\"get_queue\"]");
        String answer = raw.get().body();
        assertThat(answer).contains("44/agents,").contains("invalid token").doesNotContain("\"queue\"");
    }

    @Test
    void anAgentWithAValidTokenStillSignsIn() {
        EventLog events = new EventLog("ann");
        Socket ann = Clients.socket(
                url + AgentEvents.NAMESPACE,
                Map.of("token", "ann-token"),
                null,
                "websocket",
                Sockets.HTTP,
                events,
                AgentEvents.SIGNED_IN);
        try {
            ann.connect();
            events.await(AgentEvents.SIGNED_IN, x -> true, Duration.ofSeconds(20));
        } finally {
            ann.close();
        }
    }
}
