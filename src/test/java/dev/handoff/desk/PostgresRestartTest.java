package dev.handoff.desk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.handoff.desk.api.AgentEvents;
import dev.handoff.desk.api.Contact;
import dev.handoff.desk.config.DeskConfig;
import dev.handoff.desk.server.DeskService;
import dev.handoff.desk.store.JdbcChatStore;
import dev.handoff.desk.store.StoredChat;
import dev.handoff.desk.store.StoredMessage;
import dev.handoff.desk.store.StoredTranslation;
import dev.handoff.desk.support.LocalPostgres;
import dev.handoff.desk.support.TestAgent;
import dev.handoff.desk.support.TestBot;
import dev.handoff.desk.support.TestDesks;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.json.JSONArray;
import org.json.JSONObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The desk on the PostgreSQL server of this machine ({@link LocalPostgres}: 127.0.0.1:5432, database
 * {@code test}, user {@code postgres}, trust auth), in a schema of its own per test, dropped afterwards.
 */
class PostgresRestartTest extends RestartTestBase {
    @TempDir
    Path data;

    LocalPostgres.Schema schema;

    @BeforeEach
    void createSchema() {
        schema = LocalPostgres.freshSchema();
    }

    @AfterEach
    void dropSchema() {
        if (schema != null) {
            schema.close();
        }
    }

    String url() {
        return schema.url();
    }

    @Override
    DeskConfig config() {
        return TestDesks.config(data).withDb(url());
    }

    @Test
    void aNulInAUserMessageWithAClientIdIsStoredAndReadBackUnchanged() throws Exception {
        Instant now = Instant.parse("2026-01-05T08:00:00Z");
        try (JdbcChatStore store = JdbcChatStore.open(url(), null, null)) {
            store.create(new StoredChat(
                    "c1", "bot", "conv", "sales", "en", Contact.NONE, null, "queued", null, now, now, now, null, null));
            store.appendFromClient(
                    new StoredMessage("c1", 1, false, "user", null, "a\u0000b", "en", null, now), "id\u00001");
            assertThat(store.messages("c1"))
                    .singleElement()
                    .extracting(StoredMessage::text)
                    .isEqualTo("a\u0000b");
            assertThat(store.clientMessageIds("c1")).containsExactly("id\u00001");
        }
    }

    @Test
    void aNulInAMessageAndInTheBotHistoryIsStoredAndDeliveredUnchanged() throws Exception {
        DeskConfig config = config();
        String url = TestDesks.url(config);
        String history = "order\u0000 42 \uFFFF0";
        String message = "a\u0000b\u0000";
        String chatId;
        DeskService first = TestDesks.start(config);
        try (TestAgent ann = TestAgent.signIn(url, "ann", "ann-token");
                TestBot bot = TestBot.connect(
                        url, "conv-nul", Map.of("department", "sales"), List.<String[]>of(new String[] {"user", history
                        }))) {
            chatId = ann.nextAssigned();
            ann.events.await(AgentEvents.CHAT, v -> texts(v).contains(history));
            bot.say(message);
            JSONObject m = (JSONObject) ann.events.await(AgentEvents.MESSAGE);
            assertThat(m.optString("text")).isEqualTo(message);
        } finally {
            first.stop();
        }
        DeskService second = TestDesks.start(config);
        try (TestAgent ann = TestAgent.signIn(url, "ann", "ann-token")) {
            ann.emit(AgentEvents.GET_CHAT, "chatId", chatId);
            assertThat(texts(ann.events.await(AgentEvents.CHAT))).containsExactly(history, message);
        } finally {
            second.stop();
        }
    }

    private static List<String> texts(Object chatView) {
        JSONArray messages = ((JSONObject) chatView).optJSONArray("messages");
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < messages.length(); i++)
            texts.add(messages.optJSONObject(i).optString("text"));
        return texts;
    }

    @Test
    void theSchemaIsMigratedAndChatsContactsMessagesAndAssignmentsAreStored() throws Exception {
        Instant now = Instant.parse("2026-01-05T08:00:00Z");
        try (JdbcChatStore store = JdbcChatStore.open(url(), null, null)) {
            StoredChat chat = new StoredChat(
                    "c1",
                    "bot",
                    "conv",
                    "sales",
                    "zu",
                    new Contact("Sipho", "s@example.org", null),
                    null,
                    "queued",
                    null,
                    now,
                    now,
                    now,
                    null,
                    null);
            store.create(chat);
            store.append(new StoredMessage("c1", 1, false, "user", null, "sawubona", "zu", null, now));
            store.replaceHistory(
                    "c1", List.of(new StoredMessage("c1", 1, true, "bot", null, "hello", "zu", null, now)));
            store.assignmentStarted("c1", "ann", now);
            store.assignmentEnded("c1", "ann", now.plusSeconds(60), "resolved");
            store.update(new StoredChat(
                    "c1",
                    "bot",
                    "conv",
                    "sales",
                    "zu",
                    chat.contact(),
                    "Order",
                    "archived",
                    "ann",
                    now,
                    now,
                    now,
                    now.plusSeconds(60),
                    "resolved"));

            assertThat(store.messages("c1")).extracting(StoredMessage::text).containsExactly("hello", "sawubona");
            store.updateMessage(store.messages("c1")
                    .get(1)
                    .relabeled("zu", new StoredTranslation("hello", "en", "apertium", null)));
            store.append(new StoredMessage(
                    "c1",
                    2,
                    false,
                    "agent",
                    "ann",
                    "Thanks",
                    "en",
                    StoredTranslation.failed("zu", "x", "timeout"),
                    now));
            assertThat(store.messages("c1"))
                    .extracting(StoredMessage::translation)
                    .containsExactly(
                            null,
                            new StoredTranslation("hello", "en", "apertium", null),
                            new StoredTranslation(null, "zu", "x", "timeout"));
            assertThat(store.chat("c1").orElseThrow().contact().name()).isEqualTo("Sipho");
            assertThat(store.archived(0, 10)).extracting(StoredChat::subject).containsExactly("Order");
            assertThat(store.openChats()).isEmpty();
            assertThat(store.assignments("c1")).containsExactly("ann:resolved");
        }
        try (Connection c = DriverManager.getConnection(url());
                Statement s = c.createStatement();
                var rs = s.executeQuery(
                        "SELECT count(*) FROM " + schema.name() + ".flyway_schema_history WHERE success")) {
            rs.next();
            assertThat(rs.getInt(1)).as("V1 to V8").isEqualTo(8);
        }
    }
}
