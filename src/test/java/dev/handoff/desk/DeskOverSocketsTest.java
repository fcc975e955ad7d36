package dev.handoff.desk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.handoff.desk.api.AgentEvents;
import dev.handoff.desk.config.AutoReplyConfig;
import dev.handoff.desk.config.DeskConfig;
import dev.handoff.desk.server.DeskService;
import dev.handoff.desk.support.AgentScript;
import dev.handoff.desk.support.DeskConfigs;
import dev.handoff.desk.support.TestAgent;
import dev.handoff.desk.support.TestBot;
import dev.handoff.desk.support.TestDesks;
import dev.handoff.protocol.LiveAgentEvents;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.json.JSONObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Queue, auto-assign, maximum chats, transfer, SLA, auto-replies and the archive rules, over real sockets. */
class DeskOverSocketsTest {
    @TempDir
    Path data;

    DeskService desk;
    String url;

    void start(UnaryOperator<DeskConfig> customize) {
        DeskConfig config = customize.apply(TestDesks.config(data));
        desk = TestDesks.start(config);
        url = TestDesks.url(config);
    }

    @AfterEach
    void stop() {
        if (desk != null) desk.stop();
    }

    static TestBot bot(String url, String conversation, String department) {
        return TestBot.connect(url, conversation, Map.of("department", department), List.<String[]>of());
    }

    static boolean change(Object event, String change, String conversation) {
        JSONObject e = (JSONObject) event;
        return e.optString("change").equals(change)
                && e.optJSONObject("chat").optString("conversationId").equals(conversation);
    }

    @Test
    @SuppressWarnings("try") // the resource is held open for the test's length
    void anAgentAtItsMaximumLeavesTheNextChatInTheQueueUntilResolvingOneFreesAPlace() throws Exception {
        start(c -> c);
        try (TestAgent cara = TestAgent.signIn(url, "cara", "cara-token");
                TestBot first = bot(url, "first", "support")) {
            String firstChat = cara.nextAssigned();
            try (TestBot second = bot(url, "second", "support")) {
                cara.events.await(AgentEvents.QUEUE_CHANGED, e -> change(e, "added", "second"));
                cara.emit(AgentEvents.GET_QUEUE);
                JSONObject queue = (JSONObject) cara.events.await(
                        AgentEvents.QUEUE,
                        q -> ((JSONObject) q).optJSONArray("waiting").length() == 1);
                assertThat(queue.optJSONArray("mine").length()).isEqualTo(1);

                cara.emit(AgentEvents.RESOLVE, "chatId", firstChat);
                first.events.await(LiveAgentEvents.DISCONNECT_SOCKET);
                String secondChat = cara.nextAssigned();
                assertThat(secondChat).isNotEqualTo(firstChat);
                cara.events.await(AgentEvents.QUEUE_CHANGED, e -> change(e, "removed", "second"));
            }
        }
    }

    @Test
    void withAutoAssignOffAnAgentTakesAChatFromTheQueue() throws Exception {
        start(c -> DeskConfigs.withAutoAssign(c, false));
        try (TestAgent ann = TestAgent.signIn(url, "ann", "ann-token");
                TestBot bot = bot(url, "waiting", "sales")) {
            JSONObject added =
                    (JSONObject) ann.events.await(AgentEvents.QUEUE_CHANGED, e -> change(e, "added", "waiting"));
            String chatId = added.getJSONObject("chat").optString("chatId");
            ann.emit(AgentEvents.TAKE, "chatId", chatId);
            assertThat(ann.nextAssigned()).isEqualTo(chatId);
            ann.emit(AgentEvents.SEND, "chatId", chatId, "text", "I took your chat");
            assertThat(bot.nextToUser()).isEqualTo("I took your chat");
        }
    }

    @Test
    void aChatTransferredToADepartmentThenToAnAgentEndsWithThatAgentAndTheUserFollows() throws Exception {
        start(c -> c);
        try (AgentScript ann = AgentScript.agent(url, "ann");
                AgentScript bob = AgentScript.agent(url, "bob");
                AgentScript cara = AgentScript.agent(url, "cara");
                TestBot bot = bot(url, "moving", "sales")) {
            String chatId = ann.expectAssigned("moving").chatId();
            ann.transferToDepartment("support").expectUnassigned("transferred");
            assertThat(bob.expectAssigned("moving").chatId()).isEqualTo(chatId);
            bob.subject("Refund").transferToAgent("cara").expectUnassigned("transferred");
            assertThat(cara.expectAssigned("moving").chatId()).isEqualTo(chatId);
            bot.say("who is there now?");
            cara.expectMessage("who is there now?").say("Cara here");
            assertThat(bot.nextToUser()).isEqualTo("Cara here");
            cara.resolve();
            bot.events.await(LiveAgentEvents.DISCONNECT_SOCKET);
        }
    }

    @Test
    @SuppressWarnings("try") // the resource is held open for the test's length
    void anUnansweredNewChatRemindsItsAgentAfterTheSla() throws Exception {
        start(c -> DeskConfigs.withTimers(
                c, c.autoReply(), Duration.ofMillis(300), c.idleArchive(), c.disconnectGrace(), Duration.ofMillis(50)));
        try (TestAgent ann = TestAgent.signIn(url, "ann", "ann-token");
                TestBot bot = bot(url, "slow", "sales")) {
            String chatId = ann.nextAssigned();
            JSONObject reminder = (JSONObject) ann.events.await(AgentEvents.SLA_REMINDER);
            assertThat(reminder.optString("chatId")).isEqualTo(chatId);
            assertThat(reminder.optLong("waitingSeconds")).isGreaterThanOrEqualTo(0);
        }
    }

    @Test
    void waitingUsersGetQueueAutoRepliesInTheirLanguage() throws Exception {
        start(c -> DeskConfigs.withTimers(
                c,
                new AutoReplyConfig(Duration.ofMillis(300), Map.of("en", "Please hold", "zu", "Sicela ulinde")),
                c.sla(),
                c.idleArchive(),
                c.disconnectGrace(),
                Duration.ofMillis(50)));
        try (TestBot zulu = TestBot.connect(
                        url, "zulu", Map.of("department", "sales", "language", "zu"), List.<String[]>of());
                TestBot english = TestBot.connect(url, "english", Map.of("department", "sales"), List.<String[]>of())) {
            assertThat(zulu.nextToUser()).isEqualTo("Sicela ulinde");
            assertThat(zulu.nextToUser()).isEqualTo("Sicela ulinde");
            assertThat(english.nextToUser()).isEqualTo("Please hold");
        }
    }

    @Test
    void anIdleChatIsArchivedAndItsBotToldToDisconnect() throws Exception {
        start(c -> DeskConfigs.withTimers(
                c, c.autoReply(), c.sla(), Duration.ofMillis(500), c.disconnectGrace(), Duration.ofMillis(50)));
        try (TestAgent ann = TestAgent.signIn(url, "ann", "ann-token");
                TestBot bot = bot(url, "idle", "sales")) {
            String chatId = ann.nextAssigned();
            bot.events.await(LiveAgentEvents.DISCONNECT_SOCKET);
            JSONObject archived = (JSONObject) ann.events.await(AgentEvents.CHAT_ARCHIVED);
            assertThat(archived.optString("chatId")).isEqualTo(chatId);
            assertThat(archived.optString("reason")).isEqualTo("idle");
        }
    }

    @Test
    void aUserWhoDisconnectsHasTheirChatArchivedAfterTheGrace() throws Exception {
        start(c -> DeskConfigs.withTimers(
                c, c.autoReply(), c.sla(), c.idleArchive(), Duration.ofMillis(300), Duration.ofMillis(50)));
        try (TestAgent ann = TestAgent.signIn(url, "ann", "ann-token")) {
            TestBot bot = bot(url, "leaving", "sales");
            String chatId = ann.nextAssigned();
            bot.say("bye");
            ann.events.await(AgentEvents.MESSAGE);
            bot.close();
            JSONObject archived = (JSONObject) ann.events.await(AgentEvents.CHAT_ARCHIVED);
            assertThat(archived.optString("reason")).isEqualTo("user_disconnected");

            ann.emit(AgentEvents.SEND, "chatId", chatId, "text", "hello?");
            assertThat(((JSONObject) ann.events.await(AgentEvents.ERROR)).optString("code"))
                    .isEqualTo("not_found");
            ann.emit(AgentEvents.GET_ARCHIVED, "chatId", chatId);
            JSONObject read = (JSONObject) ann.events.await(AgentEvents.CHAT, v -> ((JSONObject) v)
                    .optJSONObject("chat")
                    .optString("status")
                    .equals("archived"));
            assertThat(read.getJSONObject("chat").optString("archiveReason")).isEqualTo("user_disconnected");
            assertThat(read.getJSONArray("messages").length()).isEqualTo(1);
        }
    }

    @Test
    @SuppressWarnings("try") // the resource is held open for the test's length
    void anAgentCanGoAwayComeBackAndSetItsLanguage() throws Exception {
        start(c -> c);
        try (TestAgent ann = TestAgent.signIn(url, "ann", "ann-token")) {
            ann.emit(AgentEvents.SET_STATUS, "status", "away");
            assertThat(((JSONObject) ann.events.await(AgentEvents.STATUS)).optString("status"))
                    .isEqualTo("away");
            try (TestBot bot = bot(url, "while-away", "sales")) {
                ann.events.await(AgentEvents.QUEUE_CHANGED, e -> change(e, "added", "while-away"));
                ann.emit(AgentEvents.SET_LANGUAGE, "language", "zu");
                JSONObject status = (JSONObject) ann.events.await(
                        AgentEvents.STATUS,
                        s -> ((JSONObject) s).optString("language").equals("zu"));
                assertThat(status.optString("status")).isEqualTo("away");
                assertThat(ann.events.all(AgentEvents.ASSIGNED)).isEmpty();
                ann.emit(AgentEvents.SET_STATUS, "status", "online");
                ann.nextAssigned();
            }
        }
    }
}
