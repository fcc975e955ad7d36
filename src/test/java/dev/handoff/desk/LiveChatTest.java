package dev.handoff.desk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.handoff.desk.api.AgentEvents;
import dev.handoff.desk.config.DeskConfig;
import dev.handoff.desk.server.DeskService;
import dev.handoff.desk.support.TestAgent;
import dev.handoff.desk.support.TestBot;
import dev.handoff.desk.support.TestDesks;
import dev.handoff.protocol.LiveAgentEvents;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.json.JSONArray;
import org.json.JSONObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A whole live chat over real sockets: bot (io.socket Java client) -> desk -> agent and back. */
class LiveChatTest {
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

    @Test
    void aBotHandsOffAndTheAgentChatsWithTheUserUntilResolvingSendsDisconnectSocket() throws Exception {
        try (TestAgent ann = TestAgent.signIn(url, "ann", "ann-token");
                TestBot bot = TestBot.connect(
                        url,
                        "conv-1",
                        Map.of(
                                "department",
                                "sales",
                                "language",
                                "zu",
                                "contact",
                                Map.of("name", "Sipho", "email", "sipho@example.org")),
                        List.of(new String[] {"user", "I want a person"}, new String[] {"bot", "Connecting you"}))) {
            bot.events.await(LiveAgentEvents.START_CONVERSATION);
            bot.events.await(LiveAgentEvents.MESSAGES);
            String chatId = ann.nextAssigned();

            JSONObject withHistory = (JSONObject) ann.events.await(
                    AgentEvents.CHAT,
                    v -> TestAgent.chatIdOf(v).equals(chatId)
                            && ((JSONObject) v).optJSONArray("messages").length() == 2);
            JSONArray history = withHistory.getJSONArray("messages");
            assertThat(history.getJSONObject(0).getString("sender")).isEqualTo("user");
            assertThat(history.getJSONObject(0).getString("text")).isEqualTo("I want a person");
            assertThat(history.getJSONObject(0).getBoolean("history")).isTrue();
            assertThat(history.getJSONObject(1).getString("sender")).isEqualTo("bot");
            JSONObject chat = withHistory.getJSONObject("chat");
            assertThat(chat.getString("department")).isEqualTo("sales");
            assertThat(chat.getString("language")).isEqualTo("zu");
            assertThat(chat.getJSONObject("contact").getString("name")).isEqualTo("Sipho");
            assertThat(chat.getString("conversationId")).isEqualTo("conv-1");

            bot.say("My order is late");
            JSONObject fromUser = (JSONObject) ann.events.await(
                    AgentEvents.MESSAGE,
                    m -> ((JSONObject) m).optString("sender").equals("user"));
            assertThat(fromUser.getString("text")).isEqualTo("My order is late");
            assertThat(fromUser.getString("language")).isEqualTo("zu");
            assertThat(fromUser.has("translation")).isTrue();

            ann.emit(AgentEvents.SEND, "chatId", chatId, "text", "Let me check that for you");
            assertThat(bot.nextToUser()).isEqualTo("Let me check that for you");

            ann.emit(AgentEvents.RESOLVE, "chatId", chatId);
            bot.events.await(LiveAgentEvents.DISCONNECT_SOCKET);
            bot.events.await(io.socket.client.Socket.EVENT_DISCONNECT);
            JSONObject archived = (JSONObject) ann.events.await(AgentEvents.CHAT_ARCHIVED);
            assertThat(archived.getString("reason")).isEqualTo("resolved");

            ann.emit(AgentEvents.LIST_ARCHIVE);
            JSONObject page = (JSONObject) ann.events.await(AgentEvents.ARCHIVE);
            assertThat(page.getJSONArray("chats").getJSONObject(0).getString("chatId"))
                    .isEqualTo(chatId);
            ann.emit(AgentEvents.GET_ARCHIVED, "chatId", chatId);
            JSONObject read = (JSONObject) ann.events.await(AgentEvents.CHAT);
            assertThat(read.getJSONObject("chat").getString("status")).isEqualTo("archived");
            assertThat(read.getJSONArray("messages").length()).isEqualTo(4);

            ann.emit(AgentEvents.SEND, "chatId", chatId, "text", "too late");
            JSONObject error = (JSONObject) ann.events.await(AgentEvents.ERROR);
            assertThat(error.getString("code")).isEqualTo("not_found");
        }
    }

    @Test
    void aBotOnHttpLongPollingOrTheDefaultUpgradeChatsJustTheSame() throws Exception {
        try (TestAgent ann = TestAgent.signIn(url, "ann", "ann-token");
                TestBot polling = TestBot.connect(
                        url,
                        "polling",
                        Map.of("department", "sales"),
                        List.<String[]>of(new String[] {"user", "over polling"}),
                        "polling");
                TestBot upgrading = TestBot.connect(
                        url,
                        "upgrading",
                        Map.of("department", "sales"),
                        List.<String[]>of(new String[] {"user", "polling then websocket"}),
                        "polling",
                        "websocket")) {
            for (TestBot bot : List.of(polling, upgrading)) {
                bot.events.await(LiveAgentEvents.MESSAGES);
                bot.say("hello from " + bot.conversationId);
                JSONObject m = (JSONObject) ann.events.await(
                        AgentEvents.MESSAGE,
                        x -> ((JSONObject) x).optString("text").equals("hello from " + bot.conversationId));
                ann.emit(AgentEvents.SEND, "chatId", m.getString("chatId"), "text", "hi " + bot.conversationId);
                assertThat(bot.nextToUser()).isEqualTo("hi " + bot.conversationId);
                ann.emit(AgentEvents.RESOLVE, "chatId", m.getString("chatId"));
                bot.events.await(LiveAgentEvents.DISCONNECT_SOCKET);
            }
        }
    }

    @Test
    void aConnectionWithoutAValidTokenIsRefused() {
        try (TestAgent nobody = TestAgent.connect(url, "nobody", "wrong-token");
                TestAgent anonymous = TestAgent.connect(url, "anonymous", null)) {
            JSONObject error = (JSONObject) nobody.events.await(io.socket.client.Socket.EVENT_CONNECT_ERROR);
            assertThat(error.optString("message")).isEqualTo("invalid token");
            // refused in the handshake, as a wrong token is: never connected, then disconnected
            JSONObject refused = (JSONObject) anonymous.events.await(io.socket.client.Socket.EVENT_CONNECT_ERROR);
            assertThat(refused.optString("message")).isEqualTo("invalid token");
            assertThat(nobody.events.names()).doesNotContain(AgentEvents.SIGNED_IN);
            assertThat(anonymous.events.names())
                    .doesNotContain(AgentEvents.SIGNED_IN, io.socket.client.Socket.EVENT_CONNECT);
        }
    }
}
