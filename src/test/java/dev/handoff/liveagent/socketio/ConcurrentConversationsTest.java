package dev.handoff.liveagent.socketio;

import static org.assertj.core.api.Assertions.assertThat;

import dev.handoff.liveagent.HandoffRequest;
import dev.handoff.liveagent.LiveAgentSession;
import dev.handoff.liveagent.LiveAgentUrls;
import dev.handoff.liveagent.RecordingListener;
import dev.handoff.liveagent.TestLiveAgentServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Hundreds of handed-off conversations in one JVM, against one live agent that echoes every user
 * message back. socket.io-client-java's default HTTP client would stall at the 65th open websocket.
 */
class ConcurrentConversationsTest {
    private static final int CONVERSATIONS = 250;
    private static final int MESSAGES = 5;

    /** The client's settings; a subclass runs every test here on another implementation. */
    SocketIoSettings settings() {
        return SocketIoSettings.defaults();
    }

    @Test
    void hundredsOfConcurrentConversationsEachGetTheirOwnMessagesBackInOrder() {
        try (TestLiveAgentServer server = TestLiveAgentServer.start().echoUserMessages(true);
                SocketIoLiveAgentClient client = new SocketIoLiveAgentClient(settings())) {
            List<RecordingListener> listeners = new ArrayList<>();
            List<LiveAgentSession> sessions = new ArrayList<>();
            for (int c = 0; c < CONVERSATIONS; c++) {
                RecordingListener listener = new RecordingListener();
                LiveAgentSession session = client.open(
                        new HandoffRequest(
                                LiveAgentUrls.of(server.url()),
                                "conversation-" + c,
                                "bot-1",
                                null,
                                null,
                                null,
                                List.of(),
                                Duration.ofSeconds(45),
                                Duration.ofSeconds(45)),
                        listener);
                // the first messages are typed while connecting: kept, then delivered after username
                for (int m = 1; m <= 3; m++) {
                    session.send(message(c, m));
                }
                listeners.add(listener);
                sessions.add(session);
            }
            listeners.forEach(l -> l.await("connected"));
            assertThat(client.openSessions()).isEqualTo(CONVERSATIONS);
            for (int c = 0; c < CONVERSATIONS; c++) {
                for (int m = 4; m <= MESSAGES; m++) {
                    sessions.get(c).send(message(c, m));
                }
            }

            for (int c = 0; c < CONVERSATIONS; c++) {
                int conversation = c;
                List<String> expected = IntStream.rangeClosed(1, MESSAGES)
                        .mapToObj(m -> message(conversation, m))
                        .toList();
                assertThat(listeners.get(c).awaitAgentMessages(MESSAGES))
                        .as("echoes of conversation %d", c)
                        .containsExactlyElementsOf(expected);
                assertThat(server.fromUser("conversation-" + c))
                        .as("from_user of conversation %d", c)
                        .containsExactlyElementsOf(expected);
            }
            assertThat(server.connections()).hasSize(CONVERSATIONS);

            for (int c = 0; c < CONVERSATIONS; c++) {
                server.endChat("conversation-" + c);
            }
            for (RecordingListener listener : listeners) {
                listener.await("ended");
                assertThat(listener.calls()).first().isEqualTo("connected");
                assertThat(listener.calls()).last().isEqualTo("ended");
                assertThat(listener.threads()).doesNotContain("EventThread");
                assertThat(listener.overlapped()).isFalse();
            }
            assertThat(client.openSessions()).isZero();
        }
    }

    private static String message(int conversation, int n) {
        return "conversation " + conversation + " says " + n;
    }
}
