package dev.handoff.desk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.handoff.desk.api.AgentEvents;
import dev.handoff.desk.config.DeskConfig;
import dev.handoff.desk.server.DeskService;
import dev.handoff.desk.support.DeskConfigs;
import dev.handoff.desk.support.TestAgent;
import dev.handoff.desk.support.TestBot;
import dev.handoff.desk.support.TestDesks;
import dev.handoff.protocol.LiveAgentEvents;
import dev.handoff.testing.FaultProxy;
import io.socket.client.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.json.JSONArray;
import org.json.JSONObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The delivery addition over real sockets: acknowledged, exactly once, in order, through drops and stalls. */
class DeliveryTest {
    static final Map<String, Object> SALES = Map.of("department", "sales");

    @TempDir
    Path data;

    DeskConfig config;
    DeskService desk;
    String url;

    @BeforeEach
    void start() throws Exception {
        config = DeskConfigs.withHeartbeat(TestDesks.config(data), Duration.ofSeconds(1), Duration.ofSeconds(1));
        desk = TestDesks.start(config);
        url = TestDesks.url(config);
    }

    @AfterEach
    void stop() throws Exception {
        desk.stop();
    }

    static boolean text(Object m, String text) {
        return ((JSONObject) m).optString("text").equals(text);
    }

    static boolean id(Object ack, String id) {
        return ((JSONObject) ack).optString("id").equals(id);
    }

    static List<String> texts(JSONArray messages) throws Exception {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < messages.length(); i++)
            out.add(messages.getJSONObject(i).getString("text"));
        return out;
    }

    @Test
    void theUsernameIsAcknowledgedWithTheStoredChatAndRefusedWhenTheChatCannotBeCreated() throws Exception {
        try (TestAgent ann = TestAgent.signIn(url, "ann", "ann-token");
                TestBot bot = TestBot.delivery(url, "conv-ok", SALES);
                TestBot tooLong = TestBot.delivery(url, "x".repeat(600), SALES)) {
            JSONObject start = (JSONObject) bot.events.await(LiveAgentEvents.START_CONVERSATION);
            assertThat(start.getInt("delivery")).isEqualTo(1);
            JSONObject ok = (JSONObject) bot.events.await(TestBot.USERNAME_ACK);
            assertThat(ok.getBoolean("ok")).isTrue();
            assertThat(ok.getString("chatId")).isEqualTo(ann.nextAssigned());

            JSONObject refused = (JSONObject) tooLong.events.await(TestBot.USERNAME_ACK);
            assertThat(refused.getBoolean("ok")).isFalse();
            assertThat(refused.getJSONObject("error").getString("code")).isEqualTo("too_long");
            assertThat(refused.getJSONObject("error").getString("message")).contains("ConversationID");
        }
    }

    @Test
    void aUserMessageIsAcknowledgedOnceStoredAndARepeatedIdIsShownToTheAgentOnce() throws Exception {
        try (TestAgent ann = TestAgent.signIn(url, "ann", "ann-token");
                TestBot bot = TestBot.delivery(url, "conv-dup", SALES)) {
            String chatId = ann.nextAssigned();
            bot.events.await(TestBot.USERNAME_ACK);
            bot.say("m1", "first");
            bot.say("m1", "first");
            bot.say("m2", "x".repeat(201));
            bot.say("m3", "third");
            for (int i = 0; i < 2; i++) {
                JSONObject ack = (JSONObject) bot.events.await(TestBot.FROM_USER_ACK, a -> id(a, "m1"));
                assertThat(ack.getBoolean("ok"))
                        .as("a repeated id is answered the same way")
                        .isTrue();
            }
            JSONObject tooLong = (JSONObject) bot.events.await(TestBot.FROM_USER_ACK, a -> id(a, "m2"));
            assertThat(tooLong.getBoolean("ok")).isFalse();
            assertThat(tooLong.getJSONObject("error").getString("code")).isEqualTo("too_long");
            bot.events.await(TestBot.FROM_USER_ACK, a -> id(a, "m3"));

            ann.events.await(AgentEvents.MESSAGE, m -> text(m, "third"));
            ann.emit(AgentEvents.GET_CHAT, "chatId", chatId);
            JSONObject chat = (JSONObject) ann.events.await(
                    AgentEvents.CHAT,
                    v -> TestAgent.chatIdOf(v).equals(chatId)
                            && ((JSONObject) v).optJSONArray("messages").length() > 0);
            assertThat(texts(chat.getJSONArray("messages"))).containsExactly("first", "third");
            assertThat(ann.events.all(AgentEvents.MESSAGE).stream().filter(m -> text(m, "first")))
                    .hasSize(1);
        }
    }

    @Test
    void unacknowledgedAgentMessagesAreSentAgainAfterAReconnectAndDeliveredOnce() throws Exception {
        try (FaultProxy proxy = FaultProxy.to("127.0.0.1", config.port());
                TestAgent ann = TestAgent.signIn(url, "ann", "ann-token");
                TestBot bot = TestBot.delivery(proxy.url().toString(), "conv-resend", SALES)) {
            String chatId = ann.nextAssigned();
            bot.events.await(TestBot.USERNAME_ACK);
            ann.emit(AgentEvents.SEND, "chatId", chatId, "text", "one");
            assertThat(bot.awaitDelivered(1)).containsExactly("one");

            bot.withholdAcks(true);
            ann.emit(AgentEvents.SEND, "chatId", chatId, "text", "two");
            ann.emit(AgentEvents.SEND, "chatId", chatId, "text", "three");
            assertThat(bot.awaitDelivered(3)).containsExactly("one", "two", "three");
            bot.withholdAcks(false);
            proxy.cutAll();

            bot.events.await(TestBot.USERNAME_ACK);
            List<Object> sentAgain = new ArrayList<>();
            for (int i = 0; i < 2; i++)
                sentAgain.add(((JSONObject) bot.events.await(
                                LiveAgentEvents.TO_USER,
                                m -> ((JSONObject) m).optString("message").matches("two|three")))
                        .getString("message"));
            assertThat(sentAgain).as("the wire carried them twice").hasSize(2);
            ann.emit(AgentEvents.SEND, "chatId", chatId, "text", "four");
            assertThat(bot.awaitDelivered(4)).containsExactly("one", "two", "three", "four");
        }
    }

    @Test
    void agentMessagesWrittenWhileTheBotIsAwayArriveInOrderWhenItReturns() throws Exception {
        try (FaultProxy proxy = FaultProxy.to("127.0.0.1", config.port());
                TestAgent ann = TestAgent.signIn(url, "ann", "ann-token");
                TestBot bot = TestBot.delivery(proxy.url().toString(), "conv-away", SALES)) {
            String chatId = ann.nextAssigned();
            bot.events.await(TestBot.USERNAME_ACK);
            proxy.refuse(true);
            proxy.cutAll();
            ann.events.await(
                    AgentEvents.QUEUE_CHANGED,
                    c -> !((JSONObject) c).optJSONObject("chat").optBoolean("userConnected"));
            for (int i = 1; i <= 20; i++) ann.emit(AgentEvents.SEND, "chatId", chatId, "text", "while away " + i);
            for (int i = 1; i <= 20; i++) {
                String t = "while away " + i;
                ann.events.await(AgentEvents.MESSAGE, m -> text(m, t));
            }
            proxy.refuse(false);
            List<String> expected = new ArrayList<>();
            for (int i = 1; i <= 20; i++) expected.add("while away " + i);
            assertThat(bot.awaitDelivered(20)).containsExactlyElementsOf(expected);
        }
    }

    @Test
    void anAgentWhoWasAwayGetsEveryUserMessageOnceWhenBack() throws Exception {
        try (TestBot bot = TestBot.delivery(url, "conv-agent-away", SALES)) {
            String chatId;
            try (TestAgent ann = TestAgent.signIn(url, "ann", "ann-token")) {
                chatId = ann.nextAssigned();
                bot.events.await(TestBot.USERNAME_ACK);
                bot.say("u1", "before");
                ann.events.await(AgentEvents.MESSAGE, m -> text(m, "before"));
            }
            assertThat(((JSONObject) bot.events.await(TestBot.AGENT_STATUS)).getString("status"))
                    .isEqualTo("away");
            for (int i = 1; i <= 10; i++) bot.say("a" + i, "meanwhile " + i);
            for (int i = 1; i <= 10; i++) bot.events.await(TestBot.FROM_USER_ACK);
            try (TestAgent ann = TestAgent.signIn(url, "ann", "ann-token")) {
                ann.events.await(AgentEvents.QUEUE);
                JSONObject sync = (JSONObject) ann.events.await(AgentEvents.CHAT_SYNC);
                assertThat(TestAgent.chatIdOf(sync)).isEqualTo(chatId);
                List<String> expected = new ArrayList<>(List.of("before"));
                for (int i = 1; i <= 10; i++) expected.add("meanwhile " + i);
                assertThat(texts(sync.getJSONArray("messages"))).containsExactlyElementsOf(expected);
                assertThat(((JSONObject) bot.events.await(TestBot.AGENT_STATUS)).getString("status"))
                        .isEqualTo("back");
            }
        }
    }

    @Test
    void theHeartbeatClosesAStalledConnectionWithinIntervalPlusTimeout() throws Exception {
        try (FaultProxy proxy = FaultProxy.to("127.0.0.1", config.port());
                TestAgent ann = TestAgent.signIn(url, "ann", "ann-token");
                TestBot bot = TestBot.delivery(proxy.url().toString(), "conv-stall", SALES, "polling")) {
            ann.nextAssigned();
            bot.events.await(TestBot.USERNAME_ACK);
            long stalled = System.nanoTime();
            proxy.stall();
            ann.events.await(
                    AgentEvents.QUEUE_CHANGED,
                    c -> !((JSONObject) c).optJSONObject("chat").optBoolean("userConnected"),
                    Duration.ofSeconds(10));
            Duration noticed = Duration.ofNanos(System.nanoTime() - stalled);
            assertThat(noticed).as("interval 1s + timeout 1s, with slack").isLessThan(Duration.ofSeconds(5));
            bot.events.await(Socket.EVENT_DISCONNECT);
            proxy.resume();
        }
    }

    @Test
    void aResolvedChatDeliversItsLastMessagesBeforeDisconnectSocket() throws Exception {
        try (FaultProxy proxy = FaultProxy.to("127.0.0.1", config.port());
                TestAgent ann = TestAgent.signIn(url, "ann", "ann-token");
                TestBot bot = TestBot.delivery(proxy.url().toString(), "conv-resolve", SALES)) {
            String chatId = ann.nextAssigned();
            bot.events.await(TestBot.USERNAME_ACK);
            bot.withholdAcks(true);
            ann.emit(AgentEvents.SEND, "chatId", chatId, "text", "goodbye");
            bot.awaitDelivered(1);
            ann.emit(AgentEvents.RESOLVE, "chatId", chatId);
            ann.events.await(AgentEvents.CHAT_ARCHIVED);
            Thread.sleep(300);
            assertThat(bot.events.names()).doesNotContain(LiveAgentEvents.DISCONNECT_SOCKET);

            bot.withholdAcks(false);
            proxy.cutAll();
            bot.events.await(TestBot.USERNAME_ACK);
            bot.events.await(LiveAgentEvents.DISCONNECT_SOCKET);
            assertThat(bot.delivered()).containsExactly("goodbye");
        }
    }
}
