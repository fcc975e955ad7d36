package dev.handoff.liveagent.socketio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.handoff.liveagent.HandoffRequest;
import dev.handoff.liveagent.LiveAgentFailure;
import dev.handoff.liveagent.LiveAgentSession;
import dev.handoff.liveagent.LiveAgentUrls;
import dev.handoff.liveagent.RecordingListener;
import dev.handoff.liveagent.TestLiveAgentServer;
import dev.handoff.liveagent.TestLiveAgentServer.Connection;
import dev.handoff.protocol.LiveAgentEvents;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link SocketIoLiveAgentClient} against a real Socket.IO server playing the live agent. */
class SocketIoLiveAgentClientTest {

    /** The client's settings; a subclass runs every test here on another implementation. */
    SocketIoSettings settings() {
        return SocketIoSettings.defaults();
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration LONG = Duration.ofSeconds(60);

    private TestLiveAgentServer server;
    private SocketIoLiveAgentClient client;
    private final List<AutoCloseable> extras = new ArrayList<>();

    @BeforeEach
    void start() {
        server = TestLiveAgentServer.start();
        client = new SocketIoLiveAgentClient(
                settings().withReconnectionDelays(Duration.ofMillis(100), Duration.ofMillis(500)));
    }

    @AfterEach
    void stop() throws Exception {
        client.close();
        server.close();
        for (AutoCloseable extra : extras) {
            extra.close();
        }
    }

    // ---- the protocol, event by event ----

    @Test
    void startConversationIsAnsweredWithUsernameCarryingConversationAndBotIds() throws Exception {
        RecordingListener listener = new RecordingListener();
        client.open(request("c1"), listener);

        Connection connection = server.awaitConversation("c1");
        listener.await("connected");

        assertThat(connection.events()).containsExactly(LiveAgentEvents.USERNAME);
        assertThat(connection.first(LiveAgentEvents.USERNAME))
                .isEqualTo(json("{\"ConversationID\": \"c1\", \"BotID\": \"bot-1\"}"));
        assertThat(listener.calls()).containsExactly("connected");
    }

    @Test
    void usernameCarriesTheDepartmentLanguageAndContactAdditionsLeavingOutNulls() throws Exception {
        RecordingListener listener = new RecordingListener();
        client.open(
                new HandoffRequest(
                        LiveAgentUrls.of(server.url()),
                        "c1",
                        "bot-1",
                        "billing",
                        "zu",
                        new HandoffRequest.Contact("Thandi", "thandi@example.org", null),
                        List.of(),
                        LONG,
                        LONG),
                listener);

        assertThat(server.awaitConversation("c1").first(LiveAgentEvents.USERNAME))
                .isEqualTo(
                        json(
                                """
                {"ConversationID": "c1", "BotID": "bot-1", "department": "billing", "language": "zu",
                 "contact": {"name": "Thandi", "email": "thandi@example.org"}}"""));
    }

    @Test
    void messagesIsAnsweredWithTheTranscriptOldestFirstAndBotId() throws Exception {
        List<HandoffRequest.Line> transcript = List.of(
                HandoffRequest.Line.user("Sawubona"), HandoffRequest.Line.bot("Sawubona! Ngingakusiza ngani?"),
                HandoffRequest.Line.user("I want to talk to a person"),
                        HandoffRequest.Line.bot("Connecting you to an agent"));
        client.open(
                new HandoffRequest(
                        LiveAgentUrls.of(server.url()), "c1", "bot-1", null, null, null, transcript, LONG, LONG),
                new RecordingListener());
        server.awaitConversation("c1");

        server.requestMessages("c1");
        JsonNode payload = server.awaitEvent("c1", LiveAgentEvents.MESSAGES_TO_CLIENT);

        assertThat(payload)
                .isEqualTo(
                        json(
                                """
                {"messages": [
                   {"sender": "user", "message": "Sawubona"},
                   {"sender": "bot", "message": "Sawubona! Ngingakusiza ngani?"},
                   {"sender": "user", "message": "I want to talk to a person"},
                   {"sender": "bot", "message": "Connecting you to an agent"}],
                 "bot_id": "bot-1"}"""));
    }

    @Test
    void messagesIsAnsweredEveryTimeWhateverItsPayload() throws Exception {
        client.open(request("c1"), new RecordingListener());
        server.awaitConversation("c1");

        server.requestMessages("c1");
        server.emit("c1", LiveAgentEvents.MESSAGES, Map.of("page", 2));
        server.emit("c1", LiveAgentEvents.MESSAGES, "all");
        server.awaitEvents("c1", LiveAgentEvents.MESSAGES_TO_CLIENT, 3);

        assertThat(server.awaitConversation("c1").events())
                .containsExactly(
                        LiveAgentEvents.USERNAME,
                        LiveAgentEvents.MESSAGES_TO_CLIENT,
                        LiveAgentEvents.MESSAGES_TO_CLIENT,
                        LiveAgentEvents.MESSAGES_TO_CLIENT);
        assertThat(server.awaitConversation("c1").first(LiveAgentEvents.MESSAGES_TO_CLIENT))
                .isEqualTo(json("{\"messages\": [], \"bot_id\": \"bot-1\"}"));
    }

    @Test
    void toUserMessagesReachTheListenerInOrder() {
        RecordingListener listener = new RecordingListener();
        client.open(request("c1"), listener);
        server.awaitConversation("c1");

        server.emitToUser("c1", "Hi, I'm Thandi from support");
        server.emitToUser("c1", "How can I help?");
        server.emitToUser("c1", "Ngiyakuzwa");

        assertThat(listener.awaitAgentMessages(3))
                .containsExactly("Hi, I'm Thandi from support", "How can I help?", "Ngiyakuzwa");
        assertThat(listener.calls().get(0)).isEqualTo("connected");
    }

    @Test
    void userMessagesAreSentAsFromUserWithConversationAndBotIds() throws Exception {
        RecordingListener listener = new RecordingListener();
        LiveAgentSession session = client.open(request("c1"), listener);
        listener.await("connected");

        session.send("My order has not arrived");
        session.send("It is order 42");

        assertThat(server.awaitFromUser("c1", 2)).containsExactly("My order has not arrived", "It is order 42");
        assertThat(server.awaitConversation("c1").received().get(1).payload())
                .isEqualTo(
                        json(
                                "{\"message\": \"My order has not arrived\", \"ConversationID\": \"c1\", \"BotID\": \"bot-1\"}"));
    }

    @Test
    void disconnectSocketClosesTheConnectionAndEndsTheSession() {
        RecordingListener listener = new RecordingListener();
        client.open(request("c1"), listener);
        server.awaitConversation("c1");

        server.endChat("c1");

        listener.await("ended");
        server.awaitDisconnected("c1");
        assertThat(listener.calls()).containsExactly("connected", "ended");
        assertThat(client.openSessions()).isZero();
    }

    @Test
    void disconnectSocketWithAPayloadAlsoEndsTheSession() {
        RecordingListener listener = new RecordingListener();
        client.open(request("c1"), listener);
        server.awaitConversation("c1");

        server.emit("c1", LiveAgentEvents.DISCONNECT_SOCKET, Map.of("reason", "resolved"));

        listener.await("ended");
        server.awaitDisconnected("c1");
        assertThat(listener.calls()).containsExactly("connected", "ended");
    }

    @Test
    void eachConversationHasItsOwnConnection() {
        RecordingListener first = new RecordingListener();
        RecordingListener second = new RecordingListener();
        LiveAgentSession one = client.open(request("c1"), first);
        LiveAgentSession two = client.open(request("c2"), second);
        server.awaitConversation("c1");
        server.awaitConversation("c2");

        server.emitToUser("c2", "for two");
        server.emitToUser("c1", "for one");
        one.send("from one");
        two.send("from two");

        assertThat(first.awaitAgentMessages(1)).containsExactly("for one");
        assertThat(second.awaitAgentMessages(1)).containsExactly("for two");
        assertThat(server.awaitFromUser("c1", 1)).containsExactly("from one");
        assertThat(server.awaitFromUser("c2", 1)).containsExactly("from two");
        assertThat(server.connections()).hasSize(2);
        assertThat(server.connections("c1")).hasSize(1);
        assertThat(server.connections("c2")).hasSize(1);
    }

    // ---- buffering ----

    @Test
    void messagesTypedWhileConnectingAreDeliveredInOrderAfterUsername() {
        server.sendStartConversation(false);
        RecordingListener listener = new RecordingListener();
        LiveAgentSession session = client.open(request("c1"), listener);
        session.send("one");
        session.send("two");
        Connection connection = server.awaitConnections(1).get(0);
        session.send("three");
        assertThat(connection.received()).as("nothing before startConversation").isEmpty();

        connection.emit(LiveAgentEvents.START_CONVERSATION);

        assertThat(server.awaitFromUser("c1", 3)).containsExactly("one", "two", "three");
        assertThat(connection.events())
                .containsExactly(
                        LiveAgentEvents.USERNAME,
                        LiveAgentEvents.FROM_USER,
                        LiveAgentEvents.FROM_USER,
                        LiveAgentEvents.FROM_USER);
        listener.await("connected");
        session.send("four");
        assertThat(server.awaitFromUser("c1", 4)).containsExactly("one", "two", "three", "four");
    }

    @Test
    void sendRacingWithTheStartConversationFlushKeepsEveryMessageInOrder() throws Exception {
        server.sendStartConversation(false);
        LiveAgentSession session = client.open(request("c1"), new RecordingListener());
        Connection connection = server.awaitConnections(1).get(0);
        List<String> typed =
                IntStream.rangeClosed(1, 300).mapToObj(i -> "m" + i).toList();
        CountDownLatch go = new CountDownLatch(1);
        Thread typist = new Thread(() -> {
            awaitQuietly(go);
            typed.forEach(session::send);
        });
        typist.start();

        go.countDown();
        connection.emit(LiveAgentEvents.START_CONVERSATION);
        typist.join();

        assertThat(server.awaitFromUser("c1", typed.size())).containsExactlyElementsOf(typed);
        assertThat(connection.events().get(0)).isEqualTo(LiveAgentEvents.USERNAME);
        assertThat(connection.events()).containsOnlyOnce(LiveAgentEvents.USERNAME);
    }

    // ---- failures ----

    @Test
    void serverDownFailsPromptlyAsUnreachableWithTheUndeliveredMessages() {
        server.close();
        RecordingListener listener = new RecordingListener();
        LiveAgentSession session = client.open(
                new HandoffRequest(
                        LiveAgentUrls.of(URI.create("http://127.0.0.1:" + TestLiveAgentServer.freePort())),
                        "c1",
                        "bot-1",
                        null,
                        null,
                        null,
                        List.of(),
                        Duration.ofMinutes(5),
                        LONG),
                listener);
        session.send("hello?");

        // the connect timeout is 5 minutes: failing within the await proves it does not wait for it
        LiveAgentFailure failure = listener.awaitFailure();

        assertThat(failure.kind()).isEqualTo(LiveAgentFailure.Kind.UNREACHABLE);
        // the message is in the failure, or, if it reached the session just after the failure, told not delivered
        listener.awaitCalls("the message accounted for", calls -> calls.stream().anyMatch(c -> c.contains("hello?")));
        assertThat(List.of(
                        List.of("failed: UNREACHABLE [hello?]"),
                        List.of("failed: UNREACHABLE []", "not delivered: hello? [unreachable]")))
                .contains(listener.calls());
        assertThat(client.openSessions()).isZero();
    }

    @Test
    void serverThatNeverSendsStartConversationFailsWithTimeoutAndClosesTheConnection() {
        server.sendStartConversation(false);
        RecordingListener listener = new RecordingListener();
        LiveAgentSession session = client.open(request("c1", Duration.ofSeconds(1), LONG), listener);
        session.send("anyone there?");
        session.send("hello?");

        LiveAgentFailure failure = listener.awaitFailure();

        assertThat(failure.kind()).isEqualTo(LiveAgentFailure.Kind.TIMEOUT);
        assertThat(listener.undelivered()).containsExactly("anyone there?", "hello?");
        assertThat(listener.calls()).containsExactly("failed: TIMEOUT [anyone there?, hello?]");
        server.awaitAllDisconnected();
        assertThat(server.connections())
                .allSatisfy(c -> assertThat(c.received()).isEmpty());
    }

    @Test
    void tcpServerThatAcceptsAndSaysNothingFailsWithTimeout() throws Exception {
        ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        List<Socket> accepted = new CopyOnWriteArrayList<>();
        extras.add(() -> {
            silent.close();
            for (Socket socket : accepted) {
                socket.close();
            }
        });
        Thread acceptor = new Thread(() -> {
            try {
                while (true) {
                    accepted.add(silent.accept());
                }
            } catch (IOException closed) {
                // test over
            }
        });
        acceptor.setDaemon(true);
        acceptor.start();
        RecordingListener listener = new RecordingListener();
        LiveAgentSession session = client.open(
                new HandoffRequest(
                        LiveAgentUrls.of(URI.create("http://127.0.0.1:" + silent.getLocalPort())),
                        "c1",
                        "bot-1",
                        null,
                        null,
                        null,
                        List.of(),
                        Duration.ofSeconds(1),
                        LONG),
                listener);
        session.send("hello?");

        LiveAgentFailure failure = listener.awaitFailure();

        assertThat(failure.kind()).isEqualTo(LiveAgentFailure.Kind.TIMEOUT);
        assertThat(listener.undelivered()).containsExactly("hello?");
        assertThat(accepted).isNotEmpty();
    }

    @Test
    void refusedConnectionFailsAtOnceAsRefused() {
        server.refuseConnections(true);
        RecordingListener listener = new RecordingListener();
        LiveAgentSession session = client.open(request("c1", Duration.ofMinutes(5), LONG), listener);
        session.send("hello?");

        LiveAgentFailure failure = listener.awaitFailure();

        assertThat(failure.kind()).isEqualTo(LiveAgentFailure.Kind.REFUSED);
        assertThat(failure.detail()).contains(TestLiveAgentServer.REFUSAL);
        assertThat(listener.calls()).containsExactly("failed: REFUSED [hello?]");
        assertThat(server.refusedConnections()).isEqualTo(1);
    }

    // ---- reconnection ----

    @Test
    void serverThatGoesDownAndComesBackGetsUsernameAgainThenTheMessagesTypedMeanwhileInOrder() {
        RecordingListener listener = new RecordingListener();
        LiveAgentSession session = client.open(request("c1", LONG, LONG), listener);
        listener.await("connected");
        session.send("before");
        server.awaitFromUser("c1", 1);

        server.stop();
        listener.await("reconnecting");
        session.send("while down 1");
        session.send("while down 2");
        server.restart();

        listener.await("reconnected");
        Connection second = server.awaitConnection("c1", 2);
        assertThat(server.awaitFromUser("c1", 3)).containsExactly("before", "while down 1", "while down 2");
        assertThat(second.events())
                .containsExactly(LiveAgentEvents.USERNAME, LiveAgentEvents.FROM_USER, LiveAgentEvents.FROM_USER);
        assertThat(listener.calls()).containsExactly("connected", "reconnecting", "reconnected");

        session.send("after");
        server.emitToUser("c1", "welcome back");
        assertThat(server.awaitFromUser("c1", 4)).endsWith("after");
        assertThat(listener.awaitAgentMessages(1)).containsExactly("welcome back");
    }

    @Test
    void serverSideDisconnectWithoutDisconnectSocketIsReconnected() {
        RecordingListener listener = new RecordingListener();
        LiveAgentSession session = client.open(request("c1", LONG, LONG), listener);
        server.awaitConversation("c1");
        listener.await("connected");

        server.sendStartConversation(false);
        server.dropConnection("c1");
        listener.await("reconnecting");
        session.send("kept");
        Connection second = server.awaitConnections(2).get(1);
        second.emit(LiveAgentEvents.START_CONVERSATION);

        listener.await("reconnected");
        assertThat(server.awaitFromUser("c1", 1)).containsExactly("kept");
        assertThat(second.events()).containsExactly(LiveAgentEvents.USERNAME, LiveAgentEvents.FROM_USER);
        assertThat(listener.calls()).containsExactly("connected", "reconnecting", "reconnected");
    }

    @Test
    void connectionThatDoesNotComeBackFailsAsLostWithTheUndeliveredMessages() {
        RecordingListener listener = new RecordingListener();
        LiveAgentSession session = client.open(request("c1", LONG, Duration.ofSeconds(3)), listener);
        listener.await("connected");

        server.stop();
        listener.await("reconnecting");
        session.send("are you there?");
        session.send("hello?");

        LiveAgentFailure failure = listener.awaitFailure();
        assertThat(failure.kind()).isEqualTo(LiveAgentFailure.Kind.LOST);
        assertThat(listener.calls())
                .containsExactly("connected", "reconnecting", "failed: LOST [are you there?, hello?]");
        assertThat(client.openSessions()).isZero();
    }

    // ---- robustness ----

    @Test
    void unknownEventsAreIgnored() {
        RecordingListener listener = new RecordingListener();
        LiveAgentSession session = client.open(request("c1"), listener);
        server.awaitConversation("c1");

        server.emit("c1", "typing", Map.of("agent", "Thandi"));
        server.emit("c1", "agent_joined");
        server.emit("c1", "queue_position", 3);
        server.emitToUser("c1", "still here");
        session.send("good");

        assertThat(listener.awaitAgentMessages(1)).containsExactly("still here");
        assertThat(server.awaitFromUser("c1", 1)).containsExactly("good");
        assertThat(listener.calls()).containsExactly("connected", "agent: still here");
    }

    @Test
    void malformedToUserPayloadsAreSurvivedAndTheSessionKeepsWorking() {
        RecordingListener listener = new RecordingListener();
        RecordingListener bystander = new RecordingListener();
        LiveAgentSession session = client.open(request("c1"), listener);
        client.open(request("c2"), bystander);
        server.awaitConversation("c1");
        server.awaitConversation("c2");

        server.emit("c1", LiveAgentEvents.TO_USER);
        server.emit("c1", LiveAgentEvents.TO_USER, (Object) null);
        server.emit("c1", LiveAgentEvents.TO_USER, 42);
        server.emit("c1", LiveAgentEvents.TO_USER, "not an object");
        server.emit("c1", LiveAgentEvents.TO_USER, List.of("an", "array"));
        server.emit("c1", LiveAgentEvents.TO_USER, Map.of("text", "no message key"));
        server.emit("c1", LiveAgentEvents.TO_USER, Map.of("message", 7));
        server.emit("c1", LiveAgentEvents.TO_USER, Arrays.asList((Object) null));
        server.emitToUser("c1", "a proper one");
        server.emitToUser("c2", "meanwhile");
        session.send("still talking");

        assertThat(listener.awaitAgentMessages(1)).containsExactly("a proper one");
        assertThat(listener.calls()).containsExactly("connected", "agent: a proper one");
        assertThat(bystander.awaitAgentMessages(1)).containsExactly("meanwhile");
        assertThat(server.awaitFromUser("c1", 1)).containsExactly("still talking");
        server.endChat("c1");
        listener.await("ended");
    }

    @Test
    void listenerNeverRunsOnTheSocketIoEventThreadAndASlowListenerHoldsUpNoOtherConversation() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        RecordingListener slowRecorder = new RecordingListener();
        RecordingListener fast = new RecordingListener();
        client.open(request("slow"), new dev.handoff.liveagent.LiveAgentListener() {
            @Override
            public void onConnected() {
                slowRecorder.onConnected();
            }

            @Override
            public void onAgentMessage(String text) {
                awaitQuietly(release);
                slowRecorder.onAgentMessage(text);
            }

            @Override
            public void onEnded() {
                slowRecorder.onEnded();
            }

            @Override
            public void onFailed(LiveAgentFailure failure, List<String> undelivered) {
                slowRecorder.onFailed(failure, undelivered);
            }
        });
        client.open(request("fast"), fast);
        server.awaitConversation("slow");
        server.awaitConversation("fast");

        server.emitToUser("slow", "first");
        server.emitToUser("slow", "second");
        server.emitToUser("fast", "not stuck behind the slow one");
        server.endChat("fast");
        fast.await("ended");
        release.countDown();

        assertThat(slowRecorder.awaitAgentMessages(2)).containsExactly("first", "second");
        assertThat(fast.calls()).containsExactly("connected", "agent: not stuck behind the slow one", "ended");
        assertThat(slowRecorder.threads()).isNotEmpty().doesNotContain("EventThread");
        assertThat(fast.threads()).isNotEmpty().doesNotContain("EventThread");
        assertThat(slowRecorder.overlapped()).isFalse();
    }

    @Test
    void closeIsIdempotentClosesTheConnectionAndSilencesTheListener() {
        RecordingListener listener = new RecordingListener();
        LiveAgentSession session = client.open(request("c1"), listener);
        listener.await("connected");

        session.close();
        session.close();

        server.awaitDisconnected("c1");
        session.close();
        session.send("too late");
        assertThat(listener.calls()).containsExactly("connected");
        assertThat(client.openSessions()).isZero();
        assertThat(server.fromUser("c1")).isEmpty();
    }

    @Test
    void closeWhileConnectingCancelsTheConnectTimeout() {
        server.sendStartConversation(false);
        RecordingListener closed = new RecordingListener();
        LiveAgentSession session = client.open(request("closed", Duration.ofSeconds(1), LONG), closed);
        session.close();

        // a later session with the same timeout fails; the closed one's timeout, due first, said nothing
        RecordingListener later = new RecordingListener();
        client.open(request("later", Duration.ofSeconds(1), LONG), later);
        assertThat(later.awaitFailure().kind()).isEqualTo(LiveAgentFailure.Kind.TIMEOUT);
        assertThat(closed.calls()).isEmpty();
    }

    @Test
    void closingTheClientClosesEveryConversationAndRefusesNewOnes() {
        RecordingListener first = new RecordingListener();
        RecordingListener second = new RecordingListener();
        client.open(request("c1"), first);
        client.open(request("c2"), second);
        first.await("connected");
        second.await("connected");

        client.close();
        client.close();

        server.awaitDisconnected("c1");
        server.awaitDisconnected("c2");
        assertThat(first.calls()).containsExactly("connected");
        assertThat(second.calls()).containsExactly("connected");
        assertThatThrownBy(() -> client.open(request("c3"), new RecordingListener()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
    }

    // ---- helpers ----

    private HandoffRequest request(String conversationId) {
        return request(conversationId, Duration.ofSeconds(30), Duration.ofSeconds(30));
    }

    private HandoffRequest request(String conversationId, Duration connectTimeout, Duration reconnectTimeout) {
        return new HandoffRequest(
                LiveAgentUrls.of(server.url()),
                conversationId,
                "bot-1",
                null,
                null,
                null,
                List.of(),
                connectTimeout,
                reconnectTimeout);
    }

    private static JsonNode json(String text) throws IOException {
        return JSON.readTree(text);
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            if (!latch.await(TestLiveAgentServer.AWAIT.toSeconds(), TimeUnit.SECONDS)) {
                throw new AssertionError("latch not released");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
