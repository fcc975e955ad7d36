package dev.handoff.liveagent.socketio;

import static org.assertj.core.api.Assertions.assertThat;

import dev.handoff.liveagent.DeliveryState;
import dev.handoff.liveagent.HandoffRequest;
import dev.handoff.liveagent.LiveAgentFailure;
import dev.handoff.liveagent.LiveAgentListener;
import dev.handoff.liveagent.LiveAgentSession;
import dev.handoff.liveagent.LiveAgentUrls;
import dev.handoff.liveagent.RecordingListener;
import dev.handoff.liveagent.TestLiveAgentServer;
import dev.handoff.liveagent.TestLiveAgentServer.Connection;
import dev.handoff.liveagent.TestLiveAgentServer.Received;
import dev.handoff.protocol.LiveAgentEvents;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The delivery addition (README) on the bot side, against a real Socket.IO server that offers it or not. */
class DeliveryAdditionTest {

    /** The client's settings; a subclass runs every test here on another implementation. */
    SocketIoSettings settings() {
        return SocketIoSettings.defaults();
    }

    private static final Duration LONG = Duration.ofSeconds(60);

    private TestLiveAgentServer server;
    private SocketIoLiveAgentClient client;

    @BeforeEach
    void start() {
        server = TestLiveAgentServer.start().offerDelivery(true);
        client = new SocketIoLiveAgentClient(
                settings().withReconnectionDelays(Duration.ofMillis(100), Duration.ofMillis(500)));
    }

    @AfterEach
    void stop() {
        client.close();
        server.close();
    }

    // ---- negotiation ----

    @Test
    void aServerThatDoesNotOfferItGetsPlainProtocolWithoutIdsOrDeliveryKey() {
        server.offerDelivery(false);
        RecordingListener listener = new RecordingListener();
        LiveAgentSession session = client.open(request("c1"), listener);
        listener.await("connected");
        session.send("hello");
        server.emitToUser("c1", 7, "hi there");
        server.emitAgentStatus("c1", "away");
        server.emitToUser("c1", 7, "hi there");

        assertThat(server.awaitFromUser("c1", 1)).containsExactly("hello");
        assertThat(listener.awaitAgentMessages(2)).containsExactly("hi there", "hi there");
        Connection connection = server.awaitConversation("c1");
        assertThat(connection.first(LiveAgentEvents.USERNAME).has("delivery")).isFalse();
        assertThat(connection.first(LiveAgentEvents.FROM_USER).has("id")).isFalse();
        assertThat(server.storedFromUser("c1")).isEmpty();
        assertThat(listener.calls()).containsExactly("connected", "agent: hi there", "agent: hi there");
    }

    @Test
    void aClientWithDeliveryOffSpeaksPlainProtocolEvenWhenTheServerOffersIt() {
        client.close();
        client = new SocketIoLiveAgentClient(settings().withDelivery(false));
        RecordingListener listener = new RecordingListener();
        LiveAgentSession session = client.open(request("c1"), listener);
        listener.await("connected");
        session.send("hello");

        assertThat(server.awaitFromUser("c1", 1)).containsExactly("hello");
        Connection connection = server.awaitConversation("c1");
        assertThat(connection.first(LiveAgentEvents.USERNAME).has("delivery")).isFalse();
        assertThat(connection.first(LiveAgentEvents.FROM_USER).has("id")).isFalse();
        assertThat(server.storedFromUser("c1")).isEmpty();
    }

    @Test
    void aServerThatOffersItGetsUsernameWithDeliveryAndUserMessagesWithStableDistinctIds() {
        RecordingListener listener = new RecordingListener();
        LiveAgentSession session = client.open(request("c1"), listener);
        listener.await("connected");
        session.send("one");
        session.send("two");

        assertThat(server.awaitStoredFromUser("c1", 2)).containsExactly("one", "two");
        Connection connection = server.awaitConversation("c1");
        assertThat(connection.first(LiveAgentEvents.USERNAME).path("delivery").asInt())
                .isEqualTo(1);
        List<String> ids = fromUserIds(connection.received());
        assertThat(ids).hasSize(2).doesNotHaveDuplicates().allSatisfy(id -> assertThat(id)
                .isNotBlank());
    }

    @Test
    void connectedIsReportedOnlyOnceTheServerAcknowledgesUsername() {
        server.withholdUsernameAcks(true);
        RecordingListener listener = new RecordingListener();
        LiveAgentSession session = client.open(request("c1", Duration.ofSeconds(2), LONG), listener);
        session.send("kept until accepted");
        Connection connection = server.awaitConversation("c1");

        LiveAgentFailure failure = listener.awaitFailure();

        assertThat(failure.kind()).isEqualTo(LiveAgentFailure.Kind.TIMEOUT);
        assertThat(listener.calls()).containsExactly("failed: TIMEOUT [kept until accepted]");
        assertThat(connection.events()).containsExactly(LiveAgentEvents.USERNAME);
    }

    @Test
    void aChatTheServerCannotCreateFailsAsRefusedWithItsErrorAndTheKeptMessages() {
        server.refuseChats("department_unknown", "no department 'sales'");
        RecordingListener listener = new RecordingListener();
        LiveAgentSession session = client.open(request("c1"), listener);
        session.send("hello?");

        LiveAgentFailure failure = listener.awaitFailure();

        assertThat(failure.kind()).isEqualTo(LiveAgentFailure.Kind.REFUSED);
        assertThat(failure.detail()).contains("no department 'sales'").contains("department_unknown");
        assertThat(listener.calls()).containsExactly("failed: REFUSED [hello?]");
        server.awaitDisconnected("c1");
        assertThat(client.openSessions()).isZero();
    }

    // ---- user -> agent ----

    @Test
    void unacknowledgedMessagesAreSentAgainInOrderAfterAServerSideDisconnectAndStoredOnce() {
        RecordingListener listener = new RecordingListener();
        LiveAgentSession session = client.open(request("c1", LONG, LONG), listener);
        listener.await("connected");
        server.withholdFromUserAcks(true);
        session.send("m1");
        session.send("m2");
        assertThat(server.awaitStoredFromUser("c1", 2)).containsExactly("m1", "m2");
        List<String> firstIds = fromUserIds(server.awaitConversation("c1").received());

        server.withholdFromUserAcks(false);
        server.dropConnection("c1");
        listener.await("reconnected");
        session.send("m3");

        assertThat(server.awaitStoredFromUser("c1", 3)).containsExactly("m1", "m2", "m3");
        acknowledgementsArrived("c1", 100);
        Connection second = server.awaitConnection("c1", 2);
        assertThat(server.awaitFromUser("c1", 5)).containsExactly("m1", "m2", "m1", "m2", "m3");
        assertThat(fromUserIds(second.received())).startsWith(firstIds.toArray(String[]::new));

        // acknowledged now: a further reconnect sends nothing again
        server.dropConnection("c1");
        Connection third = server.awaitConnection("c1", 3);
        session.send("m4");
        assertThat(server.awaitStoredFromUser("c1", 4)).containsExactly("m1", "m2", "m3", "m4");
        assertThat(third.events()).containsExactly(LiveAgentEvents.USERNAME, LiveAgentEvents.FROM_USER);
        assertThat(listener.awaitCalls("the second reconnect", all -> all.size() >= 6))
                .containsExactly(
                        "connected", "reconnecting", "reconnected", "agent: (barrier)", "reconnecting", "reconnected");
    }

    @Test
    void messagesKeptWhileReconnectingWaitForTheNewUsernameAcknowledgement() {
        RecordingListener listener = new RecordingListener();
        LiveAgentSession session = client.open(request("c1", LONG, LONG), listener);
        listener.await("connected");
        server.sendStartConversation(false);
        server.dropConnection("c1");
        listener.await("reconnecting");
        session.send("kept");
        Connection second = server.awaitConnections(2).get(1);

        second.emit(LiveAgentEvents.START_CONVERSATION, java.util.Map.of("delivery", 1));

        listener.await("reconnected");
        assertThat(server.awaitStoredFromUser("c1", 1)).containsExactly("kept");
        assertThat(second.events()).containsExactly(LiveAgentEvents.USERNAME, LiveAgentEvents.FROM_USER);
    }

    @Test
    void aMessageTheServerRejectsIsReportedNotDeliveredAndNotSentAgain() {
        server.rejectFromUser("far too long", "too_long");
        RecordingListener listener = new RecordingListener();
        LiveAgentSession session = client.open(request("c1", LONG, LONG), listener);
        listener.await("connected");
        session.send("fine");
        session.send("far too long");
        session.send("also fine");

        listener.await("not delivered: far too long [too_long]");
        assertThat(server.awaitStoredFromUser("c1", 2)).containsExactly("fine", "also fine");
        acknowledgementsArrived("c1", 100);
        server.dropConnection("c1");
        listener.await("reconnected");
        session.send("after");
        assertThat(server.awaitStoredFromUser("c1", 3)).containsExactly("fine", "also fine", "after");
        assertThat(server.awaitConnection("c1", 2).events())
                .containsExactly(LiveAgentEvents.USERNAME, LiveAgentEvents.FROM_USER);
    }

    @Test
    void aMessageTheServerRefusesBusyIsKeptAndSentAgainInOrderAndTheUserIsNotTold() {
        server.refuseFromUserForNow("busy", 2);
        RecordingListener listener = new RecordingListener();
        LiveAgentSession session = client.open(request("c1", LONG, LONG), listener);
        listener.await("connected");
        session.send("one");
        session.send("two");
        session.send("three");

        assertThat(server.awaitStoredFromUser("c1", 3)).containsExactly("one", "two", "three");
        acknowledgementsArrived("c1", 100);
        Connection connection = server.awaitConversation("c1");
        assertThat(fromUserIds(connection.received()).size())
                .as("refused, then sent again on the same connection")
                .isGreaterThan(3);
        assertThat(server.connections("c1")).hasSize(1);
        assertThat(listener.calls())
                .as("busy is not final: never reported to the user")
                .noneMatch(c -> c.startsWith("not delivered") || c.startsWith("failed"));
        session.send("four");
        assertThat(server.awaitStoredFromUser("c1", 4)).containsExactly("one", "two", "three", "four");
    }

    @Test
    void aConnectionLostForGoodListsTheUnacknowledgedMessagesAsUndelivered() {
        RecordingListener listener = new RecordingListener();
        LiveAgentSession session = client.open(request("c1", LONG, Duration.ofSeconds(2)), listener);
        listener.await("connected");
        session.send("acknowledged");
        server.awaitStoredFromUser("c1", 1);
        server.withholdFromUserAcks(true);
        session.send("stored but never acknowledged");
        server.awaitStoredFromUser("c1", 2);

        server.stop();

        assertThat(listener.awaitFailure().kind()).isEqualTo(LiveAgentFailure.Kind.LOST);
        assertThat(listener.undelivered()).containsExactly("stored but never acknowledged");
    }

    // ---- agent -> user ----

    @Test
    void agentMessagesAreAcknowledgedAndDuplicatesByIdDropped() {
        RecordingListener listener = new RecordingListener();
        client.open(request("c1"), listener);
        listener.await("connected");

        server.emitToUser("c1", 1, "a");
        server.emitToUser("c1", 2, "b");
        server.emitToUser("c1", 2, "b");
        server.emitToUser("c1", 1, "a");
        server.emitToUser("c1", 3, "c");

        assertThat(server.awaitToUserAcks("c1", 5)).containsExactly(1L, 2L, 2L, 1L, 3L);
        assertThat(listener.awaitAgentMessages(3)).containsExactly("a", "b", "c");
    }

    @Test
    void agentMessagesSentAgainAfterAReconnectAreNotShownTwice() {
        RecordingListener listener = new RecordingListener();
        client.open(request("c1", LONG, LONG), listener);
        listener.await("connected");
        server.emitToUser("c1", 1, "a");
        server.awaitToUserAcks("c1", 1);

        server.dropConnection("c1");
        listener.await("reconnected");
        server.emitToUser("c1", 1, "a");
        server.emitToUser("c1", 2, "b");

        assertThat(server.awaitToUserAcks("c1", 3)).containsExactly(1L, 1L, 2L);
        assertThat(listener.awaitAgentMessages(2)).containsExactly("a", "b");
    }

    @Test
    void aNewChatAfterAReconnectNumbersItsAgentMessagesAnewAndNoneIsDropped() {
        RecordingListener listener = new RecordingListener();
        client.open(request("c1", LONG, LONG), listener);
        listener.await("connected");
        server.emitToUser("c1", 5, "before");
        server.awaitToUserAcks("c1", 1);

        server.chatIdPrefix("second-chat-"); // the desk archived the first chat while the bot was away
        server.dropConnection("c1");
        listener.await("reconnected");
        server.emitToUser("c1", 1, "after");

        assertThat(listener.awaitAgentMessages(2)).containsExactly("before", "after");
    }

    @Test
    void userMessagesNotYetAcknowledgedWhenTheChatEndsAreNamedToTheUserBeforeTheEnd() {
        server.withholdFromUserAcks(true);
        RecordingListener listener = new RecordingListener();
        LiveAgentSession session = client.open(request("c1", LONG, LONG), listener);
        listener.await("connected");
        session.send("are you still there?");
        server.awaitStoredFromUser("c1", 1);
        server.endChat("c1");

        assertThat(listener.awaitCalls("the end", calls -> calls.contains("ended")))
                .containsSubsequence("not delivered: are you still there? [chat_ended]", "ended");
    }

    @Test
    void agentStatusTellsTheListenerTheAgentIsAwayAndBack() {
        RecordingListener listener = new RecordingListener();
        client.open(request("c1"), listener);
        listener.await("connected");

        server.emitAgentStatus("c1", "away");
        server.emitAgentStatus("c1", "sideways");
        server.emitAgentStatus("c1", "back");

        listener.await("agent back");
        assertThat(listener.calls()).containsExactly("connected", "agent away", "agent back");
    }

    // ---- across a restart of the bot process ----

    @Test
    void anAgentMessageIsAcknowledgedOnlyOnceTheListenerHasReturnedWithIt() throws Exception {
        var entered = new java.util.concurrent.CountDownLatch(1);
        var release = new java.util.concurrent.CountDownLatch(1);
        var connected = new java.util.concurrent.CountDownLatch(1);
        var states = new java.util.concurrent.CopyOnWriteArrayList<DeliveryState>();
        client.open(request("c1"), new LiveAgentListener() {
            @Override
            public void onConnected() {
                connected.countDown();
            }

            @Override
            public void onAgentMessage(String text) {
                throw new AssertionError("the state-carrying call is the one made");
            }

            @Override
            public void onAgentMessage(String text, DeliveryState state) {
                states.add(state);
                entered.countDown();
                try {
                    release.await(); // a listener storing the message
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }

            @Override
            public void onEnded() {}

            @Override
            public void onFailed(LiveAgentFailure failure, List<String> undelivered) {}
        });
        assertThat(connected.await(20, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        server.emitToUser("c1", 4, "stored first");
        assertThat(entered.await(20, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        Thread.sleep(300); // time for an acknowledgement that does not wait, were there one
        assertThat(server.toUserAcks("c1")).isEmpty();

        release.countDown();
        assertThat(server.awaitToUserAcks("c1", 1)).containsExactly(4L);
        assertThat(states.get(0).lastAgentMessageId()).isEqualTo(4L);
    }

    @Test
    void
            aSessionResumedFromAnotherProcesssStatePresentsItsTokenResendsUnacknowledgedIdsGivesNewOnesAFreshPrefixAndDropsWhatWasDelivered() {
        var stored = new DeliveryState(
                "chat-c1",
                "token-7",
                5,
                "pfx",
                2,
                List.of(new DeliveryState.UserMessage("pfx-2", "kept"))); // the same chat
        RecordingListener listener = new RecordingListener();
        LiveAgentSession session = client.open(request("c1").resuming(stored), listener);
        listener.await("connected");

        Connection connection = server.awaitConversation("c1");
        assertThat(connection.first(LiveAgentEvents.USERNAME).path("resume").asText())
                .isEqualTo("token-7");
        assertThat(server.awaitFromUser("c1", 1)).containsExactly("kept");
        session.send("new");
        assertThat(server.awaitFromUser("c1", 2)).containsExactly("kept", "new");
        List<String> ids = fromUserIds(connection.received());
        assertThat(ids).hasSize(2);
        assertThat(ids.get(0)).as("an unacknowledged message keeps its id").isEqualTo("pfx-2");
        assertThat(ids.get(1))
                .as("a new message never takes an id the earlier process may have sent unstored")
                .doesNotStartWith("pfx-");

        server.emitToUser("c1", 5, "delivered before the restart");
        server.emitToUser("c1", 6, "written while the bot was down");
        assertThat(server.awaitToUserAcks("c1", 2)).containsExactly(5L, 6L);
        assertThat(listener.awaitAgentMessages(1)).containsExactly("written while the bot was down");
    }

    // ---- helpers ----

    /**
     * A round trip on the conversation's connection: the client acknowledges this {@code to_user} only
     * after it handled everything the server sent before it, the acknowledgements of stored messages too.
     */
    private void acknowledgementsArrived(String conversationId, long barrierId) {
        int before = server.toUserAcks(conversationId).size();
        server.emitToUser(conversationId, barrierId, "(barrier)");
        server.awaitToUserAcks(conversationId, before + 1);
    }

    private static List<String> fromUserIds(List<Received> received) {
        return received.stream()
                .filter(r -> r.event().equals(LiveAgentEvents.FROM_USER))
                .map(Received::payload)
                .map(p -> p.path("id").asText())
                .toList();
    }

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
}
