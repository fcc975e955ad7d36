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
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Issue 14's point: with the Netty implementation, five hundred handed-off conversations open at once run on the
 * client's shared event loop (at most two threads), not on a thread or three per conversation as
 * socket.io-client-java does. Threads are counted by name; nothing here measures time.
 */
class FiveHundredConversationsOnNettyTest {
    private static final int CONVERSATIONS = 500;

    @Test
    void fiveHundredOpenConversationsShareAtMostTwoIoThreadsAndStartNoThreadPerConversation() {
        // other tests' clients in this JVM may leave idle threads of the same names: only new ones count
        Set<Thread> before = Set.copyOf(Thread.getAllStackTraces().keySet());
        try (TestLiveAgentServer server = TestLiveAgentServer.start().echoUserMessages(true);
                SocketIoLiveAgentClient client = new SocketIoLiveAgentClient(
                        SocketIoSettings.defaults().withImplementation(SocketIoSettings.Implementation.NETTY))) {
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
                                Duration.ofSeconds(60),
                                Duration.ofSeconds(60)),
                        listener);
                session.send("hello from " + c);
                listeners.add(listener);
                sessions.add(session);
            }
            for (int c = 0; c < CONVERSATIONS; c++) {
                listeners.get(c).await("connected");
                assertThat(listeners.get(c).awaitAgentMessages(1)).containsExactly("hello from " + c);
            }
            assertThat(client.openSessions()).isEqualTo(CONVERSATIONS);

            List<String> names = Thread.getAllStackTraces().keySet().stream()
                    .filter(t -> t.isAlive() && !before.contains(t))
                    .map(Thread::getName)
                    .toList();
            Set<String> io =
                    names.stream().filter(n -> n.startsWith("live-agent-netty")).collect(Collectors.toSet());
            List<String> clientThreads = names.stream()
                    .filter(n -> n.startsWith("live-agent-"))
                    .sorted()
                    .toList();
            System.out.println("threads the client started for " + CONVERSATIONS + " conversations: " + clientThreads);

            assertThat(io).as("the shared event loop's threads").hasSizeBetween(1, 2);
            assertThat(names)
                    .as("socket.io-client-java's threads")
                    .noneMatch(n -> n.startsWith("OkHttp") || n.equals("EventThread"));
            assertThat(clientThreads).as("every thread of the client").hasSizeLessThanOrEqualTo(CONVERSATIONS / 20);
            sessions.forEach(LiveAgentSession::close);
        }
    }
}
