package dev.handoff.liveagent.socketio;

import static org.assertj.core.api.Assertions.assertThat;

import dev.handoff.liveagent.HandoffRequest;
import dev.handoff.liveagent.LiveAgentFailure;
import dev.handoff.liveagent.LiveAgentSession;
import dev.handoff.liveagent.LiveAgentUrls;
import dev.handoff.liveagent.RecordingListener;
import dev.handoff.liveagent.TestLiveAgentServer;
import dev.handoff.liveagent.TestLiveAgentServer.Connection;
import dev.handoff.liveagent.TestLiveAgentServer.Received;
import dev.handoff.protocol.LiveAgentEvents;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A live-agent server with several URLs (the nodes of one desk), each a real Socket.IO server or a port where nothing
 * or something silent listens: the session tries them in order and goes on at the next after a failure, with the
 * same buffering, ids and resume token.
 */
class SeveralLiveAgentUrlsTest {

    /** The client's settings; a subclass runs every test here on another implementation. */
    SocketIoSettings settings() {
        return SocketIoSettings.defaults();
    }

    private static final Duration LONG = Duration.ofSeconds(60);

    private TestLiveAgentServer first;
    private TestLiveAgentServer second;
    private SocketIoLiveAgentClient client;
    private final List<AutoCloseable> extras = new ArrayList<>();

    @BeforeEach
    void start() {
        first = TestLiveAgentServer.start().offerDelivery(true).issueResumeTokens(true);
        second = TestLiveAgentServer.start().offerDelivery(true).issueResumeTokens(true);
        client = new SocketIoLiveAgentClient(
                settings().withReconnectionDelays(Duration.ofMillis(100), Duration.ofMillis(500)));
    }

    @AfterEach
    void stop() throws Exception {
        client.close();
        first.close();
        second.close();
        for (AutoCloseable extra : extras) {
            extra.close();
        }
    }

    @Test
    void aConversationWhoseFirstUrlHasNothingListeningReachesTheSecond() {
        RecordingListener listener = new RecordingListener();
        LiveAgentSession session = client.open(request(LONG, LONG, nothingListens(), second.url()), listener);
        session.send("typed while connecting");

        listener.await("connected");
        assertThat(second.awaitStoredFromUser("c1", 1)).containsExactly("typed while connecting");
        assertThat(listener.calls()).containsExactly("connected");
    }

    @Test
    void aConversationFailsAsUnreachableAtOnceOnlyWhenNothingListensAtAnyUrl() {
        RecordingListener listener = new RecordingListener();
        LiveAgentSession session = client.open(
                request(Duration.ofMinutes(5), LONG, nothingListens(), nothingListens(), nothingListens()), listener);
        session.send("hello?");

        // the connect timeout is 5 minutes: failing within the await proves it does not wait for it
        LiveAgentFailure failure = listener.awaitFailure();

        assertThat(failure.kind()).isEqualTo(LiveAgentFailure.Kind.UNREACHABLE);
        assertThat(listener.calls()).containsExactly("failed: UNREACHABLE [hello?]");
        assertThat(client.openSessions()).isZero();
    }

    @Test
    void aFirstUrlThatSwallowsConnectionsLeavesTheSecondItsTurnWithinTheConnectTimeout() throws Exception {
        AtomicInteger accepted = new AtomicInteger();
        URI silent = acceptsAndSaysNothing(accepted);
        RecordingListener listener = new RecordingListener();
        // each URL gets half of the 12 s: with all of it, the first would use it up and the handoff fail as TIMEOUT
        client.open(request(Duration.ofSeconds(12), LONG, silent, second.url()), listener);

        listener.awaitCalls("connected or failed", calls -> !calls.isEmpty());
        assertThat(listener.calls()).containsExactly("connected");
        assertThat(accepted.get()).isPositive();
    }

    @Test
    void aChatWhoseServerGoesDownGoesOnAtTheNextUrlWithItsResumeTokenAndItsMessagesUnderTheSameIds() {
        first.withholdFromUserAcks(true);
        RecordingListener listener = new RecordingListener();
        LiveAgentSession session = client.open(request(LONG, LONG, first.url(), second.url()), listener);
        listener.await("connected");
        session.send("stored, never acknowledged");
        assertThat(first.awaitStoredFromUser("c1", 1)).containsExactly("stored, never acknowledged");

        first.stop();
        listener.await("reconnecting");
        session.send("typed while away");

        listener.await("reconnected");
        assertThat(second.awaitStoredFromUser("c1", 2))
                .containsExactly("stored, never acknowledged", "typed while away");
        Connection atSecond = second.awaitConversation("c1");
        assertThat(atSecond.first(LiveAgentEvents.USERNAME).path("resume").asText())
                .as("the resume token the first URL gave")
                .isEqualTo("resume-c1");
        assertThat(fromUserIds(atSecond).get(0))
                .isEqualTo(fromUserIds(first.connections("c1").get(0)).get(0));
        assertThat(listener.calls()).containsExactly("connected", "reconnecting", "reconnected");

        second.emitToUser("c1", 1, "hello from the second");
        assertThat(listener.awaitAgentMessages(1)).containsExactly("hello from the second");
    }

    @Test
    void theUrlsAreTriedInTurnAndTheFirstAgainAfterTheLast() throws Exception {
        AtomicInteger accepted = new AtomicInteger();
        RecordingListener listener = new RecordingListener();
        LiveAgentSession session = client.open(request(LONG, LONG, first.url(), acceptsAndCloses(accepted)), listener);
        listener.await("connected");

        first.stop();
        listener.await("reconnecting");
        session.send("typed while away");
        awaitPositive(accepted);
        first.restart();

        listener.await("reconnected");
        assertThat(first.awaitStoredFromUser("c1", 1)).containsExactly("typed while away");
        assertThat(first.connections("c1")).hasSize(2);
    }

    @Test
    void aServerSideDisconnectIsFollowedByAConnectionToTheNextUrl() {
        RecordingListener listener = new RecordingListener();
        LiveAgentSession session = client.open(request(LONG, LONG, first.url(), second.url()), listener);
        listener.await("connected");

        first.dropConnection("c1");
        listener.await("reconnecting");
        session.send("after the disconnect");

        listener.await("reconnected");
        assertThat(second.awaitStoredFromUser("c1", 1)).containsExactly("after the disconnect");
        assertThat(first.connections("c1")).hasSize(1);
    }

    @Test
    void aRefusalAtOneUrlIsFinalAndTheOthersAreNotTried() {
        first.refuseConnections(true);
        RecordingListener listener = new RecordingListener();
        client.open(request(LONG, LONG, first.url(), second.url()), listener);

        LiveAgentFailure failure = listener.awaitFailure();

        assertThat(failure.kind()).isEqualTo(LiveAgentFailure.Kind.REFUSED);
        assertThat(first.refusedConnections()).isEqualTo(1);
        assertThat(second.connections()).isEmpty();
    }

    // ---- helpers ----

    private static HandoffRequest request(Duration connectTimeout, Duration reconnectTimeout, URI... urls) {
        return new HandoffRequest(
                LiveAgentUrls.of(urls), "c1", "bot-1", null, null, null, List.of(), connectTimeout, reconnectTimeout);
    }

    private static URI nothingListens() {
        return URI.create("http://127.0.0.1:" + TestLiveAgentServer.freePort());
    }

    /** A TCP server that accepts connections and closes each at once. */
    private URI acceptsAndCloses(AtomicInteger accepted) throws IOException {
        return tcpServer(accepted, true);
    }

    /** A TCP server that accepts connections and never answers on them. */
    private URI acceptsAndSaysNothing(AtomicInteger accepted) throws IOException {
        return tcpServer(accepted, false);
    }

    private URI tcpServer(AtomicInteger accepted, boolean close) throws IOException {
        ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        List<Socket> open = new CopyOnWriteArrayList<>();
        extras.add(() -> {
            server.close();
            for (Socket socket : open) {
                socket.close();
            }
        });
        Thread acceptor = new Thread(() -> {
            try {
                while (true) {
                    Socket socket = server.accept();
                    accepted.incrementAndGet();
                    if (close) socket.close();
                    else open.add(socket);
                }
            } catch (IOException closed) {
                // test over
            }
        });
        acceptor.setDaemon(true);
        acceptor.start();
        return URI.create("http://127.0.0.1:" + server.getLocalPort());
    }

    private static List<String> fromUserIds(Connection connection) {
        return connection.received().stream()
                .filter(r -> r.event().equals(LiveAgentEvents.FROM_USER))
                .map(Received::payload)
                .map(p -> p.path("id").asText())
                .toList();
    }

    private static void awaitPositive(AtomicInteger count) throws InterruptedException {
        long deadline = System.nanoTime() + TestLiveAgentServer.AWAIT.toNanos();
        while (count.get() == 0) {
            if (System.nanoTime() > deadline) throw new AssertionError("nothing connected in time");
            Thread.sleep(10);
        }
    }
}
