package dev.handoff.desk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.handoff.desk.api.AgentEvents;
import dev.handoff.desk.config.DeskConfig;
import dev.handoff.desk.server.DeskService;
import dev.handoff.desk.support.TestAgent;
import dev.handoff.desk.support.TestBot;
import dev.handoff.desk.support.TestDesks;
import dev.handoff.desk.support.TestTranslator;
import dev.handoff.protocol.LiveAgentEvents;
import dev.handoff.translate.TranslationException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.json.JSONArray;
import org.json.JSONObject;
import org.junit.jupiter.api.Test;

/** A desk restarted in the middle of a chat loses no stored message, and the reconnecting bot resumes its chat. */
abstract class RestartTestBase {
    /** The config of both runs: same port, same database. */
    abstract DeskConfig config();

    @Test
    void aDeskRestartedMidChatLosesNoMessageAndTheReconnectingBotResumesItsChat() throws Exception {
        DeskConfig config = config();
        String url = TestDesks.url(config);
        DeskService first = TestDesks.start(config);
        String chatId;
        try (TestBot bot = TestBot.connect(
                url,
                "conv-restart",
                Map.of("department", "sales", "language", "en"),
                List.of(new String[] {"user", "help"}, new String[] {"bot", "one moment"}),
                true)) {
            try (TestAgent ann = TestAgent.signIn(url, "ann", "ann-token")) {
                JSONObject assigned = (JSONObject) ann.events.await(AgentEvents.ASSIGNED);
                chatId = TestAgent.chatIdOf(assigned);
                // the history comes with the assignment when the bot sent it first, else in a 'chat' after it
                if (assigned.optJSONArray("messages").length() != 2)
                    ann.events.await(
                            AgentEvents.CHAT,
                            v -> ((JSONObject) v).optJSONArray("messages").length() == 2);
                bot.say("before restart");
                ann.events.await(
                        AgentEvents.MESSAGE,
                        m -> ((JSONObject) m).optString("text").equals("before restart"));
                ann.emit(AgentEvents.SEND, "chatId", chatId, "text", "agent before restart");
                assertThat(bot.nextToUser()).isEqualTo("agent before restart");
            }
            bot.events.await(LiveAgentEvents.START_CONVERSATION);
            first.stop();

            DeskService second = TestDesks.start(config);
            try (TestAgent ann = TestAgent.connect(url, "ann", "ann-token")) {
                ann.events.await(AgentEvents.SIGNED_IN);
                JSONObject queue = (JSONObject) ann.events.await(AgentEvents.QUEUE);
                assertThat(queue.getJSONArray("mine").getJSONObject(0).getString("chatId"))
                        .isEqualTo(chatId);

                bot.events.await(LiveAgentEvents.START_CONVERSATION);
                bot.say("after restart");
                ann.events.await(
                        AgentEvents.MESSAGE,
                        m -> ((JSONObject) m).optString("text").equals("after restart"));
                ann.emit(AgentEvents.SEND, "chatId", chatId, "text", "agent after restart");
                assertThat(bot.nextToUser()).isEqualTo("agent after restart");
                assertThat(bot.events.all(LiveAgentEvents.MESSAGES))
                        .as("history asked once: it is stored")
                        .hasSize(1);

                ann.emit(AgentEvents.GET_CHAT, "chatId", chatId);
                JSONArray messages = ((JSONObject) ann.events.await(
                                AgentEvents.CHAT, v -> TestAgent.chatIdOf(v).equals(chatId)))
                        .getJSONArray("messages");
                List<String> texts = new ArrayList<>();
                for (int i = 0; i < messages.length(); i++)
                    texts.add(messages.getJSONObject(i).getString("text"));
                assertThat(texts)
                        .containsExactly(
                                "help",
                                "one moment",
                                "before restart",
                                "agent before restart",
                                "after restart",
                                "agent after restart");

                ann.emit(AgentEvents.RESOLVE, "chatId", chatId);
                bot.events.await(LiveAgentEvents.DISCONNECT_SOCKET);
            } finally {
                second.stop();
            }
        }
    }

    @Test
    void afterADeskRestartARepeatedUserMessageIsStoredOnceAndUnacknowledgedAgentMessagesAreSentAgain()
            throws Exception {
        DeskConfig config = config();
        String url = TestDesks.url(config);
        DeskService first = TestDesks.start(config);
        String chatId;
        try (TestBot bot = TestBot.delivery(url, "conv-delivery-restart", Map.of("department", "sales"))) {
            try (TestAgent ann = TestAgent.signIn(url, "ann", "ann-token")) {
                chatId = ann.nextAssigned();
                bot.events.await(TestBot.USERNAME_ACK);
                bot.say("u1", "stored once");
                bot.events.await(TestBot.FROM_USER_ACK);
                ann.emit(AgentEvents.SEND, "chatId", chatId, "text", "acknowledged");
                assertThat(bot.awaitDelivered(1)).containsExactly("acknowledged");
                bot.withholdAcks(true);
                ann.emit(AgentEvents.SEND, "chatId", chatId, "text", "not acknowledged");
                assertThat(bot.awaitDelivered(2)).containsExactly("acknowledged", "not acknowledged");
            }
            first.stop();

            DeskService second = TestDesks.start(config);
            try (TestAgent ann = TestAgent.signIn(url, "ann", "ann-token")) {
                bot.withholdAcks(false);
                bot.events.await(TestBot.USERNAME_ACK);
                bot.events.await(
                        LiveAgentEvents.TO_USER,
                        m -> ((JSONObject) m).optString("message").equals("not acknowledged"));
                bot.say("u1", "stored once");
                bot.events.await(TestBot.FROM_USER_ACK);
                ann.emit(AgentEvents.SEND, "chatId", chatId, "text", "after restart");
                // an acknowledgement the first desk had no time to store may bring a message again: the client drops it
                // by id
                assertThat(bot.awaitDelivered(3)).containsExactly("acknowledged", "not acknowledged", "after restart");

                ann.emit(AgentEvents.GET_CHAT, "chatId", chatId);
                JSONArray messages = ((JSONObject) ann.events.await(
                                AgentEvents.CHAT,
                                v -> TestAgent.chatIdOf(v).equals(chatId)
                                        && ((JSONObject) v)
                                                        .optJSONArray("messages")
                                                        .length()
                                                >= 4))
                        .getJSONArray("messages");
                List<String> texts = new ArrayList<>();
                for (int i = 0; i < messages.length(); i++)
                    texts.add(messages.getJSONObject(i).getString("text"));
                assertThat(texts).containsExactly("stored once", "acknowledged", "not acknowledged", "after restart");
            } finally {
                second.stop();
            }
        }
    }

    @Test
    void translationsAreStoredBesideTheOriginalsAndATranslatedReplyIsSentAgainAfterARestartWithTheSameText()
            throws Exception {
        DeskConfig config = config();
        String url = TestDesks.url(config);
        TestTranslator translator = new TestTranslator();
        DeskService first = TestDesks.start(config, translator);
        String chatId;
        try (TestBot bot =
                TestBot.delivery(url, "conv-translated-restart", Map.of("department", "sales", "language", "zu"))) {
            try (TestAgent ann = TestAgent.signIn(url, "ann", "ann-token")) {
                chatId = ann.nextAssigned();
                bot.events.await(TestBot.USERNAME_ACK);
                bot.say("u1", "Sawubona");
                JSONObject shown = (JSONObject) ann.events.await(
                        AgentEvents.MESSAGE,
                        m -> ((JSONObject) m).optString("text").equals("Sawubona"));
                assertThat(shown.getJSONObject("translation").getString("text")).isEqualTo("[zu→en] Sawubona");
                ann.emit(AgentEvents.SEND, "chatId", chatId, "text", "acknowledged");
                assertThat(bot.awaitDelivered(1)).containsExactly("[en→zu] acknowledged");
                bot.withholdAcks(true);
                ann.emit(AgentEvents.SEND, "chatId", chatId, "text", "not acknowledged");
                assertThat(bot.awaitDelivered(2)).containsExactly("[en→zu] acknowledged", "[en→zu] not acknowledged");
            }
            first.stop();

            // the second run's engine is down: what the views and the user get was stored
            translator.failWith(TranslationException.Reason.UNAVAILABLE);
            DeskService second = TestDesks.start(config, translator);
            try (TestAgent ann = TestAgent.signIn(url, "ann", "ann-token")) {
                bot.withholdAcks(false);
                bot.events.await(TestBot.USERNAME_ACK);
                bot.events.await(
                        LiveAgentEvents.TO_USER,
                        m -> ((JSONObject) m).optString("message").equals("[en→zu] not acknowledged"));

                JSONObject synced = (JSONObject) ann.events.await(
                        AgentEvents.CHAT_SYNC, v -> TestAgent.chatIdOf(v).equals(chatId));
                JSONArray messages = synced.getJSONArray("messages");
                List<String> shown = new ArrayList<>();
                for (int i = 0; i < messages.length(); i++) {
                    JSONObject m = messages.getJSONObject(i);
                    shown.add(m.getString("text") + " => "
                            + m.getJSONObject("translation").getString("text"));
                }
                assertThat(shown)
                        .containsExactly(
                                "Sawubona => [zu→en] Sawubona",
                                "acknowledged => [en→zu] acknowledged",
                                "not acknowledged => [en→zu] not acknowledged");
            } finally {
                second.stop();
            }
        }
    }
}
