package dev.handoff.desk.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.handoff.desk.api.AgentEvents;
import dev.handoff.desk.api.Contact;
import dev.handoff.desk.config.DeskConfig;
import dev.handoff.desk.config.DeskConfigLoader;
import dev.handoff.desk.server.DeskService;
import dev.handoff.desk.store.JdbcChatStore;
import dev.handoff.desk.store.StoredChat;
import dev.handoff.desk.support.LocalPostgres;
import dev.handoff.desk.support.Sockets;
import dev.handoff.desk.support.TestAgent;
import dev.handoff.desk.support.TestBot;
import dev.handoff.desk.support.TestDesks;
import dev.handoff.protocol.LiveAgentEvents;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.json.JSONArray;
import org.json.JSONObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The console's archive search: {@code archive} with {@code query} finds archived chats by contact
 * (name, email, phone) or by conversation or chat id, ignoring case, filtered in SQL before the page is
 * taken, and never beyond the agent's departments.
 */
class ArchiveSearchTest {
    @TempDir
    Path data;

    @Test
    void theStoreSearchesContactsAndIdsWithinDepartmentsBeforePagingOnH2() {
        try (JdbcChatStore store = JdbcChatStore.open("jdbc:h2:file:" + data.resolve("desk"), null, null)) {
            checkSearch(store);
        }
    }

    @Test
    void theStoreSearchesContactsAndIdsWithinDepartmentsBeforePagingOnPostgres() {
        try (LocalPostgres.Schema schema = LocalPostgres.freshSchema();
                JdbcChatStore store = JdbcChatStore.open(schema.url(), null, null)) {
            checkSearch(store);
        }
    }

    static void checkSearch(JdbcChatStore store) {
        Instant t0 = Instant.parse("2024-05-01T10:00:00Z");
        archive(
                store,
                "c-1",
                "conv-Alpha",
                "sales",
                new Contact("Nomsa Dlamini", "nomsa@example.com", "+27 82 1"),
                t0,
                1);
        archive(store, "c-2", "conv-beta", "sales", new Contact("Pieter Nel", "pieter@example.com", null), t0, 2);
        archive(store, "c-3", "conv-gamma", "support", new Contact("Nomsa Zulu", null, "+27 83 2"), t0, 3);
        archive(store, "c-4", "conv-100%_sure", "sales", null, t0, 4);
        archive(store, "c-5", "conv-delta", "sales", new Contact("Sipho", "nomsa.friend@example.com", null), t0, 5);
        store.create(new StoredChat(
                "c-open",
                "bot",
                "conv-open-nomsa",
                "sales",
                "en",
                new Contact("Nomsa Open", null, null),
                null,
                "queued",
                null,
                t0,
                t0,
                t0,
                null,
                null));

        assertThat(ids(store.searchArchive(null, "NOMSA", 0, 50)))
                .as("name or email, any case, every department, newest first, archived only")
                .containsExactly("c-5", "c-3", "c-1");
        assertThat(ids(store.searchArchive(Set.of("sales"), "nomsa", 0, 50)))
                .as("within the departments")
                .containsExactly("c-5", "c-1");
        assertThat(ids(store.searchArchive(Set.of("sales"), "nomsa", 1, 1))).containsExactly("c-1");
        assertThat(ids(store.searchArchive(Set.of(), "nomsa", 0, 50))).isEmpty();
        assertThat(ids(store.searchArchive(null, "alpha", 0, 50))).containsExactly("c-1");
        assertThat(ids(store.searchArchive(null, "c-2", 0, 50))).containsExactly("c-2");
        assertThat(ids(store.searchArchive(null, "+27 83", 0, 50))).containsExactly("c-3");
        assertThat(ids(store.searchArchive(null, "100%_", 0, 50)))
                .as("LIKE's wildcards are matched literally")
                .containsExactly("c-4");
        assertThat(ids(store.searchArchive(null, "%", 0, 50))).containsExactly("c-4");
        assertThat(ids(store.searchArchive(null, "_", 0, 50))).containsExactly("c-4");
        assertThat(ids(store.searchArchive(null, "' OR '1'='1", 0, 50))).isEmpty();
    }

    private static void archive(
            JdbcChatStore store,
            String id,
            String conversation,
            String department,
            Contact contact,
            Instant t0,
            int n) {
        StoredChat open = new StoredChat(
                id, "bot", conversation, department, "en", contact, null, "queued", null, t0, t0, t0, null, null);
        store.create(open);
        Instant at = t0.plusSeconds(n);
        store.update(new StoredChat(
                id,
                "bot",
                conversation,
                department,
                "en",
                contact,
                null,
                "archived",
                null,
                t0,
                t0,
                at,
                at,
                "resolved"));
    }

    private static List<String> ids(List<StoredChat> chats) {
        return chats.stream().map(StoredChat::id).toList();
    }

    @Test
    void anAgentsArchiveSearchAnswersWithTheQueryAndOnlyItsDepartmentsChats() throws Exception {
        DeskConfig config = DeskConfigLoader.parse(
                        """
                        host: 127.0.0.1
                        departments: [sales, support]
                        autoAssign: false
                        autoReply: {every: 0s}
                        agents:
                          - {name: sam, token: sam-token, departments: [sales], maxChats: 10}
                          - {name: sue, token: sue-token, departments: [support], maxChats: 10}
                        """,
                        "search test")
                .withDataDir(data)
                .withPort(Sockets.freePort());
        DeskService desk = TestDesks.start(config);
        List<TestBot> bots = new ArrayList<>();
        String url = TestDesks.url(config);
        try (TestAgent sam = TestAgent.signIn(url, "sam", "sam-token");
                TestAgent sue = TestAgent.signIn(url, "sue", "sue-token")) {
            archived(url, bots, sam, "conv-s1", "sales", "Lindiwe Mokoena");
            archived(url, bots, sam, "conv-s2", "sales", "Johan Botha");
            archived(url, bots, sue, "conv-t1", "support", "Lindiwe Khumalo");

            sam.emit(AgentEvents.LIST_ARCHIVE, "offset", 0, "limit", 20, "query", "  lindiwe ");
            JSONObject page = (JSONObject)
                    sam.events.await(AgentEvents.ARCHIVE, p -> "lindiwe".equals(((JSONObject) p).optString("query")));
            assertThat(conversations(page)).containsExactly("conv-s1");

            sam.emit(AgentEvents.LIST_ARCHIVE, "query", "conv-t1");
            page = (JSONObject)
                    sam.events.await(AgentEvents.ARCHIVE, p -> "conv-t1".equals(((JSONObject) p).optString("query")));
            assertThat(conversations(page))
                    .as("another department's chat is not found")
                    .isEmpty();

            sam.emit(AgentEvents.LIST_ARCHIVE, "offset", 0, "limit", 20);
            page = (JSONObject) sam.events.await(AgentEvents.ARCHIVE, p -> ((JSONObject) p).isNull("query"));
            assertThat(conversations(page)).containsExactly("conv-s2", "conv-s1");

            sam.emit(AgentEvents.LIST_ARCHIVE, "query", "x".repeat(201));
            JSONObject refused = (JSONObject) sam.events.await(AgentEvents.ERROR);
            assertThat(refused.optString("code")).isEqualTo("too_long");
        } finally {
            bots.forEach(TestBot::close);
            desk.stop();
        }
    }

    private static void archived(
            String url, List<TestBot> bots, TestAgent agent, String conversation, String dept, String name) {
        TestBot bot = TestBot.connect(
                url, conversation, Map.of("department", dept, "contact", Map.of("name", name)), List.of());
        bots.add(bot);
        bot.events.await(LiveAgentEvents.MESSAGES);
        JSONObject added = (JSONObject) agent.events.await(AgentEvents.QUEUE_CHANGED, c -> ((JSONObject) c)
                .optJSONObject("chat")
                .optString("conversationId")
                .equals(conversation));
        String chat = added.optJSONObject("chat").optString("chatId");
        agent.emit(AgentEvents.TAKE, "chatId", chat);
        agent.events.await(AgentEvents.ASSIGNED, v -> TestAgent.chatIdOf(v).equals(chat));
        agent.emit(AgentEvents.RESOLVE, "chatId", chat);
        agent.events.await(
                AgentEvents.CHAT_ARCHIVED,
                c -> ((JSONObject) c).optString("chatId").equals(chat));
    }

    private static List<String> conversations(JSONObject page) {
        JSONArray chats = page.optJSONArray("chats");
        List<String> out = new ArrayList<>();
        for (int i = 0; i < chats.length(); i++) out.add(chats.optJSONObject(i).optString("conversationId"));
        return out;
    }
}
