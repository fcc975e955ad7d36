package dev.handoff.desk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.handoff.desk.api.AgentEvents;
import dev.handoff.desk.config.DeskConfig;
import dev.handoff.desk.core.HelpDesk;
import dev.handoff.desk.core.OpenChat;
import dev.handoff.desk.server.DeskService;
import dev.handoff.desk.store.ChatFacts;
import dev.handoff.desk.store.ChatStore;
import dev.handoff.desk.store.JdbcChatStore;
import dev.handoff.desk.store.WriteBehindChatStore;
import dev.handoff.desk.support.MutableClock;
import dev.handoff.desk.support.RecordingOutbox;
import dev.handoff.desk.support.TestAgent;
import dev.handoff.desk.support.TestBot;
import dev.handoff.desk.support.TestDesks;
import dev.handoff.desk.support.TestTranslator;
import dev.handoff.protocol.LiveAgentEvents;
import dev.handoff.translate.TranslationException;
import java.time.Duration;
import java.time.Instant;
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

    /** The desk's store as {@code DeskService} makes it: writing behind, on the config's database. */
    private static ChatStore store(DeskConfig config) {
        return new WriteBehindChatStore(
                JdbcChatStore.open(config.jdbcUrl(), config.dbUser(), config.dbPassword()),
                100,
                Duration.ofSeconds(10));
    }

    @Test
    void aChatsFactsAreStoredWithItAndSurviveARestartWithoutBeingOverwrittenByLaterEvents() {
        DeskConfig config = config();
        Instant t0 = Instant.parse("2026-01-05T08:00:00Z");
        MutableClock clock = new MutableClock(t0);
        String chatId;
        try (ChatStore store = store(config)) {
            HelpDesk desk = new HelpDesk(config, store, clock, new RecordingOutbox(), () -> "chat-facts");
            chatId = desk.openChat(new OpenChat("conv-facts", "bot-1", "sales", "en", null, false), id -> {})
                    .chatId();
            clock.advance(Duration.ofSeconds(30));
            desk.agentConnected("ann", view -> {});
            clock.advance(Duration.ofSeconds(10));
            desk.userMessage(chatId, null, "hello?");
            clock.advance(Duration.ofSeconds(20));
            desk.reply("ann", chatId, "first reply").join();
        }
        try (ChatStore store = store(config)) {
            assertThat(store.chat(chatId).orElseThrow().facts())
                    .isEqualTo(new ChatFacts(t0.plusSeconds(30), "ann", t0.plusSeconds(60), null, 0, 1, 1));
            clock.advance(Duration.ofSeconds(40));
            HelpDesk desk = new HelpDesk(config, store, clock, new RecordingOutbox(), () -> "unused");
            desk.resumeStored();
            desk.agentConnected("ann", view -> {});
            desk.agentConnected("cara", view -> {});
            desk.reply("ann", chatId, "after restart").join();
            desk.userMessage(chatId, null, "thanks");
            desk.transfer("ann", chatId, "cara", null);
            clock.advance(Duration.ofSeconds(100));
            desk.reply("cara", chatId, "cara here").join();
            desk.resolve("cara", chatId);
        }
        try (JdbcChatStore store = JdbcChatStore.open(config.jdbcUrl(), config.dbUser(), config.dbPassword())) {
            assertThat(store.chat(chatId).orElseThrow().facts())
                    .as("the first agent and the first reply stay those of the first run")
                    .isEqualTo(
                            new ChatFacts(t0.plusSeconds(30), "ann", t0.plusSeconds(60), t0.plusSeconds(200), 1, 2, 3));
        }
    }

    @Test
    void aChatAnAgentHadBeforeTheChatFactsAndResolvedAfterAnUpgradeIsNotAbandoned() {
        DeskConfig config = config();
        Instant t0 = Instant.parse("2026-01-05T08:00:00Z");
        MutableClock clock = new MutableClock(t0.plusSeconds(600));
        try (JdbcChatStore store = JdbcChatStore.open(config.jdbcUrl(), config.dbUser(), config.dbPassword())) {
            // as an older desk left it: assigned to ann, no facts, no assignment row
            store.create(new dev.handoff.desk.store.StoredChat(
                    "c-before",
                    "bot-1",
                    "conv-before",
                    "sales",
                    "en",
                    null,
                    null,
                    "assigned",
                    "ann",
                    t0,
                    t0.plusSeconds(5),
                    t0.plusSeconds(60),
                    null,
                    null));
        }
        try (ChatStore store = store(config)) {
            HelpDesk desk = new HelpDesk(config, store, clock, new RecordingOutbox(), () -> "unused");
            desk.resumeStored();
            desk.agentConnected("ann", view -> {});
            desk.resolve("ann", "c-before");
        }
        try (JdbcChatStore store = JdbcChatStore.open(config.jdbcUrl(), config.dbUser(), config.dbPassword())) {
            ChatFacts facts = store.chat("c-before").orElseThrow().facts();
            assertThat(facts.assignedAt()).as("from when it was queued").isEqualTo(t0.plusSeconds(5));
            assertThat(facts.firstAgent()).isEqualTo("ann");
            assertThat(facts.resolvedAt()).isEqualTo(t0.plusSeconds(600));
        }
    }

    /** The config's database migrated to V6, as a desk before V7 left it: {@code rows} inserted with plain SQL. */
    private static void atV6(DeskConfig config, String... rows) throws Exception {
        at("6", config, rows);
    }

    /** The config's database migrated to {@code version}: {@code rows} inserted with plain SQL. */
    private static void at(String version, DeskConfig config, String... rows) throws Exception {
        org.flywaydb.core.Flyway.configure(RestartTestBase.class.getClassLoader())
                .dataSource(config.jdbcUrl(), config.dbUser(), config.dbPassword())
                .locations("classpath:db/migration")
                .target(version)
                .load()
                .migrate();
        try (java.sql.Connection c =
                        java.sql.DriverManager.getConnection(config.jdbcUrl(), config.dbUser(), config.dbPassword());
                java.sql.Statement s = c.createStatement()) {
            for (String row : rows) s.executeUpdate(row);
        }
    }

    @Test
    void afterMigrationV8AUserMessageStoredBeforeItIsStillKnownByItsIdAndNotStoredTwice() throws Exception {
        DeskConfig config = config();
        long t0 = Instant.parse("2026-01-05T08:00:00Z").toEpochMilli();
        String message =
                "INSERT INTO desk_messages (chat_id, seq, history, sender, text, created_at, client_id) VALUES ";
        at(
                "7",
                config,
                "INSERT INTO desk_chats (id, bot_id, conversation_id, department, status, agent, created_at,"
                        + " queued_at) VALUES ('c-v7', 'b', 'conv-v7', 'sales', 'assigned', 'ann', " + t0 + ", " + t0
                        + ")",
                "INSERT INTO desk_assignments (chat_id, agent, started_at) VALUES ('c-v7', 'ann', " + t0 + ")",
                message + "('c-v7', 1, FALSE, 'user', 'hello', " + t0 + ", 'u-1')",
                message + "('c-v7', 2, FALSE, 'agent', 'hi', " + t0 + ", NULL)",
                message + "('c-v7', 3, FALSE, 'user', 'my order', " + t0 + ", 'u-2')");
        MutableClock clock = new MutableClock(Instant.ofEpochMilli(t0 + 60_000));
        try (ChatStore store = store(config)) {
            assertThat(store.clientMessageIds("c-v7")).containsExactlyInAnyOrder("u-1", "u-2");
            HelpDesk desk = new HelpDesk(config, store, clock, new RecordingOutbox(), () -> "unused");
            desk.resumeStored();
            HelpDesk.Received again = desk.userMessage("c-v7", "u-2", "my order");
            assertThat(again.duplicate())
                    .as("the id was stored before the upgrade")
                    .isTrue();
            HelpDesk.Received next = desk.userMessage("c-v7", "u-3", "where is it?");
            assertThat(next.duplicate()).isFalse();
            next.durable().get(10, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(store.messages("c-v7"))
                    .extracting(dev.handoff.desk.store.StoredMessage::text)
                    .containsExactly("hello", "hi", "my order", "where is it?");
        }
        try (JdbcChatStore store = JdbcChatStore.open(config.jdbcUrl(), config.dbUser(), config.dbPassword())) {
            assertThat(store.clientMessageIds("c-v7")).containsExactlyInAnyOrder("u-1", "u-2", "u-3");
        }
    }

    @Test
    void migrationV7FillsInTheFactsOfChatsStoredBeforeTheyWereKept() throws Exception {
        DeskConfig config = config();
        long t0 = Instant.parse("2026-01-05T08:00:00Z").toEpochMilli();
        String chat = "INSERT INTO desk_chats (id, bot_id, conversation_id, department, status, agent, created_at,"
                + " queued_at, archived_at, archive_reason) VALUES ";
        String assignment = "INSERT INTO desk_assignments (chat_id, agent, started_at, ended_at, end_reason) VALUES ";
        String message = "INSERT INTO desk_messages (chat_id, seq, history, sender, text, created_at) VALUES ";
        atV6(
                config,
                chat + "('resolved', 'b', 'c1', 'sales', 'archived', 'bob', " + t0 + ", " + t0 + ", " + (t0 + 300_000)
                        + ", 'resolved')",
                assignment + "('resolved', 'bob', " + (t0 + 100_000) + ", " + (t0 + 300_000) + ", 'resolved')",
                assignment + "('resolved', 'ann', " + (t0 + 10_000) + ", " + (t0 + 100_000) + ", 'transfer')",
                message + "('resolved', 1, TRUE, 'agent', 'an older agent line in the history', " + t0 + ")",
                message + "('resolved', 1, FALSE, 'user', 'hello', " + (t0 + 20_000) + ")",
                message + "('resolved', 2, FALSE, 'agent', 'hi', " + (t0 + 30_000) + ")",
                message + "('resolved', 3, FALSE, 'agent', 'bob here', " + (t0 + 150_000) + ")",
                chat + "('left', 'b', 'c2', 'sales', 'archived', NULL, " + t0 + ", " + t0 + ", " + (t0 + 60_000)
                        + ", 'user_disconnected')",
                message + "('left', 1, FALSE, 'user', 'anyone?', " + (t0 + 5_000) + ")",
                chat + "('open', 'b', 'c3', 'sales', 'assigned', 'ann', " + t0 + ", " + t0 + ", NULL, NULL)",
                assignment + "('open', 'ann', " + (t0 + 50_000) + ", NULL, NULL)");
        try (JdbcChatStore store = JdbcChatStore.open(config.jdbcUrl(), config.dbUser(), config.dbPassword())) {
            ChatFacts resolved = store.chat("resolved").orElseThrow().facts();
            assertThat(resolved.assignedAt()).as("the first assignment").isEqualTo(Instant.ofEpochMilli(t0 + 10_000));
            assertThat(resolved.firstAgent()).isEqualTo("ann");
            assertThat(resolved.firstReplyAt())
                    .as("the first agent message after the history")
                    .isEqualTo(Instant.ofEpochMilli(t0 + 30_000));
            assertThat(resolved.resolvedAt()).isEqualTo(Instant.ofEpochMilli(t0 + 300_000));

            ChatFacts left = store.chat("left").orElseThrow().facts();
            assertThat(left.assignedAt()).as("abandoned: no agent ever had it").isNull();
            assertThat(left.firstAgent()).isNull();
            assertThat(left.firstReplyAt()).isNull();
            assertThat(left.resolvedAt()).isNull();

            ChatFacts open = store.chat("open").orElseThrow().facts();
            assertThat(open.assignedAt()).isEqualTo(Instant.ofEpochMilli(t0 + 50_000));
            assertThat(open.firstAgent()).isEqualTo("ann");
            assertThat(open.firstReplyAt()).isNull();
            assertThat(open.resolvedAt()).isNull();
        }
    }

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
