package dev.handoff.desk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.handoff.desk.api.AgentEvents;
import dev.handoff.desk.config.DeskConfig;
import dev.handoff.desk.server.DeskService;
import dev.handoff.desk.support.LogCapture;
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

/**
 * Malformed payloads, early events, unknown events and oversized messages: each gets a logged warning,
 * the offending connection keeps working, and a witness conversation running meanwhile is not disturbed.
 */
class BadInputTest {
    @TempDir
    Path data;

    DeskService desk;
    String url;
    LogCapture log;
    TestAgent ann;
    TestBot witness;
    String witnessChat;

    @BeforeEach
    void start() {
        DeskConfig config = TestDesks.config(data);
        desk = TestDesks.start(config);
        url = TestDesks.url(config);
        log = LogCapture.of("dev.handoff.desk");
        ann = TestAgent.signIn(url, "ann", "ann-token");
        witness = TestBot.connect(url, "witness", Map.of("department", "sales"), List.<String[]>of());
        witnessChat = ann.nextAssigned();
    }

    @AfterEach
    void stop() {
        witness.close();
        ann.close();
        desk.stop();
        log.close();
    }

    /** The witness conversation still works both ways, and nothing was logged as an error. */
    void witnessIsUndisturbed(String round) {
        witness.say("witness " + round);
        ann.events.await(
                AgentEvents.MESSAGE, m -> ((JSONObject) m).optString("text").equals("witness " + round));
        ann.emit(AgentEvents.SEND, "chatId", witnessChat, "text", "answer " + round);
        assertThat(witness.nextToUser()).isEqualTo("answer " + round);
        assertThat(log.errors()).isEmpty();
        assertThat(witness.connected()).isTrue();
    }

    @Test
    void usernameWithWrongTypesOrMissingKeysIsWarnedAndTheConnectionCanStillIdentifyItself() {
        try (TestBot bot = TestBot.raw(url, "late").open()) {
            bot.events.await(LiveAgentEvents.START_CONVERSATION);
            bot.emit(LiveAgentEvents.USERNAME, TestAgent.json("ConversationID", 42, "BotID", "b"));
            assertThat(log.awaitWarning("username")).contains("'ConversationID' must be a string, got a number (42)");
            bot.emit(LiveAgentEvents.USERNAME, TestAgent.json("BotID", "b"));
            assertThat(log.awaitWarning("'ConversationID' is missing")).contains("keys: [BotID]");
            bot.emit(LiveAgentEvents.USERNAME, "just a string");
            log.awaitWarning("expected a JSON object, got a string ('just a string')");
            bot.emit(LiveAgentEvents.USERNAME);
            log.awaitWarning("expected a JSON object, got nothing");
            bot.emit(LiveAgentEvents.USERNAME, TestAgent.json("ConversationID", "", "BotID", "b"));
            log.awaitWarning("'ConversationID' is missing or empty");
            bot.emit(
                    LiveAgentEvents.USERNAME,
                    TestAgent.json("ConversationID", "late", "BotID", "b", "contact", "not an object"));
            log.awaitWarning("expected a JSON object, got a string ('not an object')");

            bot.emit(
                    LiveAgentEvents.USERNAME,
                    TestAgent.json("ConversationID", "late", "BotID", "b", "department", "sales"));
            bot.events.await(LiveAgentEvents.MESSAGES);
            witnessIsUndisturbed("after bad usernames");
        }
    }

    @Test
    void eventsBeforeUsernameAreWarnedAndDropped() {
        try (TestBot bot = TestBot.raw(url, "early").open()) {
            bot.events.await(LiveAgentEvents.START_CONVERSATION);
            bot.emit(
                    LiveAgentEvents.FROM_USER,
                    TestAgent.json("message", "hello?", "ConversationID", "early", "BotID", "b"));
            assertThat(log.awaitWarning("from_user")).contains("no 'username' yet");
            bot.emit(LiveAgentEvents.MESSAGES_TO_CLIENT, TestAgent.json("messages", new JSONArray(), "bot_id", "b"));
            assertThat(log.awaitWarning("messages_to_client")).contains("no 'username' yet");
            witnessIsUndisturbed("after early events");
            assertThat(ann.events.all(AgentEvents.MESSAGE))
                    .noneMatch(m -> ((JSONObject) m).optString("text").equals("hello?"));
        }
    }

    @Test
    void unknownEventsAreIgnoredWithoutDisturbingAnyone() {
        try (TestBot bot = TestBot.raw(url, "odd").open()) {
            bot.events.await(LiveAgentEvents.START_CONVERSATION);
            bot.emit("fly_me_to_the_moon", TestAgent.json("please", true));
            bot.emit("to_user", TestAgent.json("message", "pretending to be the server"));
            ann.emitRaw("self_destruct", TestAgent.json("now", true));
            log.awaitWarning("fly_me_to_the_moon");
            log.awaitWarning("self_destruct");
            bot.emit(LiveAgentEvents.USERNAME, TestAgent.json("ConversationID", "odd", "BotID", "b"));
            bot.events.await(LiveAgentEvents.MESSAGES);
            witnessIsUndisturbed("after unknown events");
        }
    }

    @Test
    void userMessagesWithWrongTypesOrOverTheMaximumSizeAreWarnedAndNotDelivered() {
        witness.say("x".repeat(201));
        assertThat(log.awaitWarning("from_user")).contains("201 characters; the maximum is 200");
        witness.emit(
                LiveAgentEvents.FROM_USER, TestAgent.json("message", 7, "ConversationID", "witness", "BotID", "b"));
        log.awaitWarning("'message' must be a string, got a number (7)");
        witness.emit(LiveAgentEvents.FROM_USER, new JSONArray().put("an array"));
        log.awaitWarning("expected a JSON object, got an array of 1");
        witnessIsUndisturbed("after bad messages");
        assertThat(ann.events.all(AgentEvents.MESSAGE))
                .extracting(m -> ((JSONObject) m).optString("text"))
                .noneMatch(t -> t.startsWith("xxx"));
    }

    @Test
    void aHistoryWithBadEntriesKeepsTheGoodOnesAndWarnsAboutEachBadOne() throws Exception {
        JSONArray messages = new JSONArray()
                .put(TestAgent.json("sender", "user", "message", "hi"))
                .put(TestAgent.json("sender", "system", "message", "who am I"))
                .put(TestAgent.json("sender", "bot"))
                .put("not an entry")
                .put(TestAgent.json("sender", "bot", "message", "y".repeat(201)))
                .put(TestAgent.json("sender", "bot", "message", "hello"));
        witness.emit(LiveAgentEvents.MESSAGES_TO_CLIENT, TestAgent.json("messages", messages, "bot_id", "b"));
        JSONObject view = (JSONObject) ann.events.await(
                AgentEvents.CHAT, v -> ((JSONObject) v).optJSONArray("messages").length() == 2);
        assertThat(view.getJSONArray("messages").getJSONObject(1).getString("text"))
                .isEqualTo("hello");
        log.awaitWarning("messages[1] skipped: 'sender' must be 'user' or 'bot', got 'system'");
        log.awaitWarning("messages[2] skipped: 'message' is missing");
        log.awaitWarning("messages[3] skipped: expected a JSON object");
        log.awaitWarning("messages[4] skipped: 'message' has 201 characters");
        witness.emit(LiveAgentEvents.MESSAGES_TO_CLIENT, TestAgent.json("messages", "none", "bot_id", "b"));
        log.awaitWarning("'messages' must be an array, got a string ('none')");
        witnessIsUndisturbed("after a bad history");
    }

    @Test
    void badAgentRequestsAreAnsweredWithDeskErrorAndWarned() {
        ann.emit(AgentEvents.SEND, "chatId", witnessChat, "text", 12);
        assertThat(((JSONObject) ann.events.await(AgentEvents.ERROR)).optString("code"))
                .isEqualTo("bad_request");
        ann.emitRaw(AgentEvents.TAKE, "not an object");
        JSONObject error = (JSONObject) ann.events.await(AgentEvents.ERROR);
        assertThat(error.optString("event")).isEqualTo("take");
        assertThat(error.optString("message")).isEqualTo("expected a JSON object, got a string ('not an object')");
        ann.emit(AgentEvents.TRANSFER, "chatId", witnessChat, "agent", "bob", "department", "support");
        assertThat(((JSONObject) ann.events.await(AgentEvents.ERROR)).optString("message"))
                .contains("exactly one of");
        ann.emit(AgentEvents.SET_STATUS, "status", "sleeping");
        assertThat(((JSONObject) ann.events.await(AgentEvents.ERROR)).optString("message"))
                .contains("'online' or 'away'");
        ann.emit(AgentEvents.SEND, "chatId", witnessChat, "text", "z".repeat(201));
        assertThat(((JSONObject) ann.events.await(AgentEvents.ERROR)).optString("code"))
                .isEqualTo("too_long");
        log.awaitWarning("refused (too_long)");
        witnessIsUndisturbed("after bad agent requests");
    }

    @Test
    void aPayloadBeyondTheFrameLimitClosesOnlyThatConnection() {
        try (TestBot flooder = TestBot.connect(url, "flooder", Map.of("department", "sales"), List.<String[]>of())) {
            flooder.events.await(LiveAgentEvents.MESSAGES);
            flooder.say("f".repeat(3 << 20));
            flooder.events.await(io.socket.client.Socket.EVENT_DISCONNECT);
            witnessIsUndisturbed("after a flood");
        }
    }
}
