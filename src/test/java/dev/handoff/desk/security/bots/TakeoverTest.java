package dev.handoff.desk.security.bots;

import static dev.handoff.desk.security.bots.BotDesk.KEYLESS_BOT;
import static dev.handoff.desk.security.bots.BotDesk.SHOP;
import static dev.handoff.desk.security.bots.BotDesk.SHOP_KEY;
import static dev.handoff.desk.security.bots.BotDesk.code;
import static dev.handoff.desk.security.bots.BotDesk.userMessagesSeenBy;
import static org.assertj.core.api.Assertions.assertThat;

import dev.handoff.desk.api.AgentEvents;
import dev.handoff.desk.support.AgentScript;
import dev.handoff.desk.support.LogCapture;
import dev.handoff.desk.support.TestAgent;
import dev.handoff.desk.support.TestBot;
import dev.handoff.liveagent.LiveAgentSession;
import dev.handoff.liveagent.LiveAgentUrls;
import dev.handoff.liveagent.RecordingListener;
import dev.handoff.liveagent.socketio.SocketIoLiveAgentClient;
import dev.handoff.liveagent.socketio.SocketIoSettings;
import dev.handoff.protocol.LiveAgentEvents;
import dev.handoff.testing.FaultProxy;
import io.socket.client.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.json.JSONObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * No conversation takeover: a second connection claiming a chat it cannot prove is refused, logged, and
 * changes nothing for the first; the chat's own client resumes it with its resume token.
 */
class TakeoverTest {
    static final Map<String, Object> SALES = Map.of("department", "sales");
    static final int MESSAGES = 20;

    @TempDir
    Path data;

    BotDesk desk;
    SocketIoLiveAgentClient client;

    @AfterEach
    void stop() throws Exception {
        if (client != null) client.close();
        if (desk != null) desk.close();
    }

    private SocketIoLiveAgentClient client() {
        client = new SocketIoLiveAgentClient(
                SocketIoSettings.defaults().withReconnectionDelays(Duration.ofMillis(100), Duration.ofMillis(500)));
        return client;
    }

    /** The measured attack, scripted: it got 20 of 20 agent messages and cost the user 20 of theirs. */
    @Test
    void aSecondConnectionClaimingALiveChatIsRefusedAndTheFirstIsNeverDisturbed() throws Exception {
        desk = BotDesk.start(data, s -> s.withKeylessBots(true));
        RecordingListener user = new RecordingListener();
        try (LogCapture log = LogCapture.of(BotKeysTest.ENDPOINT_LOG);
                AgentScript ann = AgentScript.agent(desk.url, "ann")) {
            LiveAgentSession session = client().open(desk.request("conv-victim", KEYLESS_BOT), user);
            user.await("connected");
            ann.expectAssigned("conv-victim");

            List<String> userSent = new ArrayList<>();
            List<String> agentSent = new ArrayList<>();
            try (TestBot attacker = TestBot.delivery(desk.url, "conv-victim", SALES);
                    TestBot seedAttacker = TestBot.connect(desk.url, "conv-victim", SALES, List.of())) {
                for (int i = 1; i <= MESSAGES; i++) {
                    session.send("u-" + i);
                    userSent.add("u-" + i);
                    ann.say("a-" + i);
                    agentSent.add("a-" + i);
                    attacker.say("evil-" + i, "evil " + i);
                    seedAttacker.say("seed evil " + i);
                }
                assertThat(code(attacker.events.await(TestBot.USERNAME_ACK))).isEqualTo("conversation_in_use");
                JSONObject seedRefusal = (JSONObject) seedAttacker.events.await("desk_error");
                assertThat(seedRefusal.getString("code")).isEqualTo("conversation_in_use");

                assertThat(user.awaitAgentMessages(MESSAGES)).containsExactlyElementsOf(agentSent);
                ann.raw().events.await(AgentEvents.MESSAGE, m -> ((JSONObject) m)
                        .optString("text")
                        .equals("u-" + MESSAGES));
                Thread.sleep(300); // anything late from the attackers would show now
                assertThat(userMessagesSeenBy(ann.raw(), ann.chatId()))
                        .as("the agent takes nobody else's words for the user's")
                        .containsExactlyElementsOf(userSent);
                assertThat(attacker.events.all(LiveAgentEvents.TO_USER)).isEmpty();
                assertThat(seedAttacker.events.all(LiveAgentEvents.TO_USER)).isEmpty();
                assertThat(user.calls()).doesNotContain("reconnecting").noneMatch(c -> c.startsWith("failed"));

                String warning = log.awaitWarning("refused (conversation_in_use)");
                assertThat(warning).contains("127.0.0.1").contains("conv-victim");
            }
            // the user's connection is untouched: the chat goes on
            ann.say("still here");
            assertThat(user.awaitAgentMessages(MESSAGES + 1)).endsWith("still here");
        }
    }

    @Test
    void aReconnectWithTheResumeTokenTakesTheChatOverAndClosesTheOldConnection() throws Exception {
        desk = BotDesk.start(data, s -> s.withKeylessBots(true));
        try (TestAgent ann = TestAgent.signIn(desk.url, "ann", "ann-token");
                TestBot first = TestBot.delivery(desk.url, "conv-1", SALES)) {
            JSONObject opened = (JSONObject) first.events.await(TestBot.USERNAME_ACK);
            String token = opened.getString("resume");
            assertThat(token).hasSizeGreaterThanOrEqualTo(22); // at least 128 bits in base64url
            String chatId = ann.nextAssigned();
            var withToken = Map.<String, Object>of("department", "sales", "resume", token);
            try (TestBot second = TestBot.delivery(desk.url, "conv-1", withToken)) {
                JSONObject resumed = (JSONObject) second.events.await(TestBot.USERNAME_ACK);
                assertThat(resumed.getString("chatId")).isEqualTo(chatId);
                assertThat(resumed.getString("resume")).isEqualTo(token);
                first.events.await(Socket.EVENT_DISCONNECT);

                ann.emit(AgentEvents.SEND, "chatId", chatId, "text", "to the resumed connection");
                assertThat(second.awaitDelivered(1)).containsExactly("to the resumed connection");
                second.say("s1", "from the resumed connection");
                ann.events.await(
                        AgentEvents.MESSAGE,
                        m -> ((JSONObject) m).optString("text").equals("from the resumed connection"));
                assertThat(first.delivered()).isEmpty();
            }
        }
    }

    @Test
    void aChatWhoseConnectionIsGoneNeedsItsResumeToken() throws Exception {
        desk = BotDesk.start(data, s -> s.withKeylessBots(true));
        try (TestAgent ann = TestAgent.signIn(desk.url, "ann", "ann-token")) {
            String token;
            try (TestBot first = TestBot.delivery(desk.url, "conv-1", SALES)) {
                token = ((JSONObject) first.events.await(TestBot.USERNAME_ACK)).getString("resume");
                ann.nextAssigned();
            }
            awaitUserGone(ann);
            try (TestBot noToken = TestBot.delivery(desk.url, "conv-1", SALES);
                    TestBot wrongToken = TestBot.delivery(
                            desk.url, "conv-1", Map.of("department", "sales", "resume", "A" + token.substring(1)))) {
                assertThat(code(noToken.events.await(TestBot.USERNAME_ACK))).isEqualTo("conversation_in_use");
                assertThat(code(wrongToken.events.await(TestBot.USERNAME_ACK))).isEqualTo("conversation_in_use");
            }
            try (TestBot back = TestBot.delivery(desk.url, "conv-1", Map.of("department", "sales", "resume", token))) {
                assertThat(code(back.events.await(TestBot.USERNAME_ACK))).isNull();
            }
        }
    }

    @Test
    void aChatOfABotWithAKeyMayBeResumedWithTheKeyOnceItsConnectionIsGoneAndGetsANewToken() throws Exception {
        desk = BotDesk.start(data, s -> s.withKeylessBots(true));
        var shop = Map.<String, Object>of("BotID", SHOP, "department", "sales");
        var key = Map.of("key", SHOP_KEY);
        try (TestAgent ann = TestAgent.signIn(desk.url, "ann", "ann-token")) {
            String token;
            try (TestBot first = TestBot.delivery(desk.url, "conv-1", shop, key)) {
                token = ((JSONObject) first.events.await(TestBot.USERNAME_ACK)).getString("resume");
                ann.nextAssigned();
                try (TestBot keyOnly = TestBot.delivery(desk.url, "conv-1", shop, key)) {
                    assertThat(code(keyOnly.events.await(TestBot.USERNAME_ACK)))
                            .as("the key proves the bot, not the conversation: no takeover of a live connection")
                            .isEqualTo("conversation_in_use");
                }
            }
            awaitUserGone(ann);
            try (TestBot restarted = TestBot.delivery(desk.url, "conv-1", shop, key)) {
                JSONObject ack = (JSONObject) restarted.events.await(TestBot.USERNAME_ACK);
                assertThat(code(ack)).isNull();
                assertThat(ack.getString("resume")).isNotEqualTo(token);
            }
        }
    }

    @Test
    void aSeedChatWithoutALiveConnectionMayBeClaimedAgainWithoutProofButNotWhileItIsLive() throws Exception {
        desk = BotDesk.start(data, s -> s.withKeylessBots(true));
        try (TestAgent ann = TestAgent.signIn(desk.url, "ann", "ann-token")) {
            String chatId;
            try (TestBot first = TestBot.connect(desk.url, "seed-1", SALES, List.of())) {
                chatId = ann.nextAssigned();
                try (TestBot second = TestBot.connect(desk.url, "seed-1", SALES, List.of())) {
                    JSONObject refusal = (JSONObject) second.events.await("desk_error");
                    assertThat(refusal.getString("code")).isEqualTo("conversation_in_use");
                }
                ann.emit(AgentEvents.SEND, "chatId", chatId, "text", "first is still served");
                assertThat(first.nextToUser()).isEqualTo("first is still served");
            }
            awaitUserGone(ann);
            try (TestBot again = TestBot.connect(desk.url, "seed-1", SALES, List.of())) {
                again.events.await(LiveAgentEvents.START_CONVERSATION);
                ann.events.await(
                        AgentEvents.QUEUE_CHANGED,
                        c -> ((JSONObject) c).optJSONObject("chat").optBoolean("userConnected"));
                ann.emit(AgentEvents.SEND, "chatId", chatId, "text", "welcome back");
                assertThat(again.nextToUser()).isEqualTo("welcome back");
            }
        }
    }

    @Test
    void theResumeTokenSurvivesADeskRestartAndTheDatabaseKeepsOnlyItsHash() throws Exception {
        desk = BotDesk.start(data, s -> s.withKeylessBots(true));
        String token;
        String chatId;
        try (TestAgent ann = TestAgent.signIn(desk.url, "ann", "ann-token");
                TestBot first = TestBot.delivery(desk.url, "conv-r", SALES)) {
            JSONObject ack = (JSONObject) first.events.await(TestBot.USERNAME_ACK);
            token = ack.getString("resume");
            chatId = ack.getString("chatId");
            ann.nextAssigned();
            desk.service.stop();
        }
        try (Connection db = DriverManager.getConnection(
                        desk.config.jdbcUrl(), desk.config.dbUser(), desk.config.dbPassword());
                ResultSet rs = db.createStatement()
                        .executeQuery("SELECT resume_hash FROM desk_chats WHERE id = '" + chatId + "'")) {
            assertThat(rs.next()).isTrue();
            String sha256 = HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
            assertThat(rs.getString(1)).isEqualTo(sha256).doesNotContain(token);
        }
        desk.service = dev.handoff.desk.support.TestDesks.start(desk.config);
        try (TestBot noToken = TestBot.delivery(desk.url, "conv-r", SALES)) {
            assertThat(code(noToken.events.await(TestBot.USERNAME_ACK))).isEqualTo("conversation_in_use");
        }
        try (TestBot back = TestBot.delivery(desk.url, "conv-r", Map.of("department", "sales", "resume", token))) {
            JSONObject ack = (JSONObject) back.events.await(TestBot.USERNAME_ACK);
            assertThat(ack.getString("chatId")).isEqualTo(chatId);
            assertThat(ack.getString("resume")).isEqualTo(token);
        }
    }

    /** Our client through a cut connection: it resumes with its token and nothing is lost either way. */
    @Test
    void ourClientResumesThroughACutWithItsTokenAndNothingIsLost() throws Exception {
        desk = BotDesk.start(data, s -> s.withKeylessBots(true));
        RecordingListener user = new RecordingListener();
        try (FaultProxy proxy = FaultProxy.to("127.0.0.1", desk.config.port());
                AgentScript ann = AgentScript.agent(desk.url, "ann")) {
            var request = desk.request("conv-cut", KEYLESS_BOT);
            var viaProxy = new dev.handoff.liveagent.HandoffRequest(
                    LiveAgentUrls.of(URI.create(proxy.url().toString())),
                    request.conversationId(),
                    request.botId(),
                    request.department(),
                    request.language(),
                    request.contact(),
                    request.transcript(),
                    request.connectTimeout(),
                    request.reconnectTimeout());
            LiveAgentSession session = client().open(viaProxy, user);
            user.await("connected");
            ann.expectAssigned("conv-cut");
            List<String> userSent = new ArrayList<>();
            List<String> agentSent = new ArrayList<>();
            for (int i = 1; i <= MESSAGES; i++) {
                session.send("u-" + i);
                userSent.add("u-" + i);
                ann.say("a-" + i);
                agentSent.add("a-" + i);
                if (i % 5 == 0) proxy.cutAll();
                Thread.sleep(20);
            }
            assertThat(user.awaitAgentMessages(MESSAGES)).containsExactlyElementsOf(agentSent);
            ann.raw().events.await(AgentEvents.MESSAGE, m -> ((JSONObject) m)
                    .optString("text")
                    .equals("u-" + MESSAGES));
            assertThat(userMessagesSeenBy(ann.raw(), ann.chatId())).containsExactlyElementsOf(userSent);
            assertThat(user.calls()).contains("reconnected").noneMatch(c -> c.startsWith("failed"));
        }
    }

    /** Waits until the agent is told the user's connection is gone. */
    private static void awaitUserGone(TestAgent ann) {
        ann.events.await(
                AgentEvents.QUEUE_CHANGED,
                c -> !((JSONObject) c).optJSONObject("chat").optBoolean("userConnected"));
    }
}
