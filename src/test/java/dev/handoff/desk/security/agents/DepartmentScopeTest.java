package dev.handoff.desk.security.agents;

import static org.assertj.core.api.Assertions.assertThat;

import dev.handoff.desk.api.AgentEvents;
import dev.handoff.desk.config.DeskConfig;
import dev.handoff.desk.config.DeskConfigLoader;
import dev.handoff.desk.server.DeskService;
import dev.handoff.desk.support.EventLog;
import dev.handoff.desk.support.Sockets;
import dev.handoff.desk.support.TestAgent;
import dev.handoff.desk.support.TestBot;
import dev.handoff.desk.support.TestDesks;
import dev.handoff.protocol.LiveAgentEvents;
import java.nio.file.Path;
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
 * Data by department, through every read path of {@code /agents}: a sales agent (sam), a support
 * agent (sue) and a supervisor who serves sales only (vera) on a real desk. Chats, their messages and
 * their contacts reach an agent only when the chat is its own, of a department it serves, or it is a
 * supervisor; any other chat reads as {@code not_found}, exactly like one that does not exist.
 */
class DepartmentScopeTest {
    static final String YAML =
            """
            host: 127.0.0.1
            departments: [sales, support]
            autoAssign: false
            autoReply: {every: 0s}
            agents:
              - {name: sam, token: sam-token, departments: [sales], maxChats: 10}
              - {name: sue, token: sue-token, departments: [support], maxChats: 10}
              - {name: vera, token: vera-token, departments: [sales], maxChats: 10, role: supervisor}
            """;

    @TempDir
    Path data;

    DeskService desk;
    String url;
    TestAgent sam;
    TestAgent sue;
    TestAgent vera;
    final List<TestBot> bots = new ArrayList<>();

    @BeforeEach
    void start() {
        DeskConfig config =
                DeskConfigLoader.parse(YAML, "scope test").withDataDir(data).withPort(Sockets.freePort());
        desk = TestDesks.start(config);
        url = TestDesks.url(config);
        sam = TestAgent.signIn(url, "sam", "sam-token");
        sue = TestAgent.signIn(url, "sue", "sue-token");
        vera = TestAgent.signIn(url, "vera", "vera-token");
    }

    @AfterEach
    void stop() {
        bots.forEach(TestBot::close);
        for (TestAgent a : new TestAgent[] {sam, sue, vera}) if (a != null) a.close();
        if (desk != null) desk.stop();
    }

    @Test
    void theArchiveListsOnlyTheChatsOfTheAgentsDepartmentsAndPagesAfterTheFilter() {
        List<String> sales = new ArrayList<>();
        List<String> support = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            sales.add(archived(sam, "sales-" + i, "sales", "buyer" + i + "@sales.example"));
            support.add(archived(sue, "support-" + i, "support", "caller" + i + "@support.example"));
        }

        List<String> samsFirst = archivePage(sam, 0, 2);
        List<String> samsSecond = archivePage(sam, 2, 2);
        assertThat(samsFirst).as("newest first, two of sam's three").containsExactly(sales.get(2), sales.get(1));
        assertThat(samsSecond).containsExactly(sales.get(0));
        assertThat(archivePage(sue, 0, 50)).containsExactlyInAnyOrderElementsOf(support);
        assertThat(archivePage(vera, 0, 50))
                .as("a supervisor sees every department")
                .containsExactlyInAnyOrderElementsOf(concat(sales, support));
    }

    @Test
    void anArchivedChatOfAnotherDepartmentReadsAsNotFoundThroughArchivedChatAndChatAlike() {
        String theirs = archived(sue, "support-1", "support", "pat@support.example");
        String missing = "c-no-such-chat";

        for (String event : List.of(AgentEvents.GET_ARCHIVED, AgentEvents.GET_CHAT)) {
            sam.emit(event, "chatId", theirs);
            JSONObject refused = refusal(sam, event, theirs);
            sam.emit(event, "chatId", missing);
            JSONObject unknown = refusal(sam, event, missing);
            assertThat(refused.optString("code")).isEqualTo("not_found");
            assertThat(refused.optString("message"))
                    .as("the same answer as a chat that does not exist")
                    .isEqualTo(unknown.optString("message").replace(missing, theirs));

            sue.emit(event, "chatId", theirs);
            assertThat(contactEmail(shown(sue, theirs))).isEqualTo("pat@support.example");
            vera.emit(event, "chatId", theirs);
            assertThat(contactEmail(shown(vera, theirs))).isEqualTo("pat@support.example");
        }
        assertNeverReceived(sam, "pat@support.example", "hello from support-1");
    }

    @Test
    void anOpenChatIsReadByItsAgentItsDepartmentAndSupervisorsOnly() {
        String waiting = opened("support-w", "support", "wait@support.example");
        String withSue = opened("support-a", "support", "assigned@support.example");
        sue.emit(AgentEvents.TAKE, "chatId", withSue);
        sue.events.await(AgentEvents.ASSIGNED, v -> TestAgent.chatIdOf(v).equals(withSue));

        for (String chat : List.of(waiting, withSue)) {
            sam.emit(AgentEvents.GET_CHAT, "chatId", chat);
            assertThat(refusal(sam, AgentEvents.GET_CHAT, chat).optString("code"))
                    .isEqualTo("not_found");
            vera.emit(AgentEvents.GET_CHAT, "chatId", chat);
            assertThat(shown(vera, chat).optJSONObject("chat").optString("department"))
                    .isEqualTo("support");
            sue.emit(AgentEvents.GET_CHAT, "chatId", chat);
            shown(sue, chat);
        }
        assertNeverReceived(sam, "wait@support.example", "assigned@support.example");
    }

    @Test
    void theQueueQueueChangesAndChatSyncShowAnAgentOnlyItsDepartmentsAndItsOwnChats() {
        String salesChat = opened("sales-q", "sales", "buyer@sales.example");
        String supportChat = opened("support-q", "support", "caller@support.example");
        sam.emit(AgentEvents.TAKE, "chatId", salesChat);
        sam.events.await(AgentEvents.ASSIGNED, v -> TestAgent.chatIdOf(v).equals(salesChat));

        sam.emit(AgentEvents.GET_QUEUE);
        JSONObject queue = (JSONObject) sam.events.await(
                AgentEvents.QUEUE, q -> ((JSONObject) q).optJSONArray("mine").length() == 1);
        assertThat(ids(queue.optJSONArray("waiting"))).doesNotContain(supportChat);
        assertThat(ids(queue.optJSONArray("mine"))).containsExactly(salesChat);

        try (TestAgent again = TestAgent.signIn(url, "sam", "sam-token")) {
            JSONObject sync = (JSONObject) again.events.await(AgentEvents.CHAT_SYNC);
            assertThat(TestAgent.chatIdOf(sync)).isEqualTo(salesChat);
            again.events.await(AgentEvents.QUEUE);
            assertThat(again.events.all(AgentEvents.CHAT_SYNC)).hasSize(1);
            assertNeverReceived(again, "caller@support.example", supportChat);
        }
        assertNeverReceived(sam, "caller@support.example", supportChat);
    }

    @Test
    void aChatTransferredToAnotherDepartmentLeavesTheFormerDepartmentsSight() {
        String chat = opened("support-t", "support", "moved@support.example");
        sue.emit(AgentEvents.TAKE, "chatId", chat);
        sue.events.await(AgentEvents.ASSIGNED, v -> TestAgent.chatIdOf(v).equals(chat));
        sue.emit(AgentEvents.TRANSFER, "chatId", chat, "department", "sales");
        sue.events.await(AgentEvents.UNASSIGNED);
        sam.events.await(AgentEvents.QUEUE_CHANGED, c -> TestAgent.chatIdOf(c).equals(chat));

        sam.emit(AgentEvents.GET_CHAT, "chatId", chat);
        assertThat(contactEmail(shown(sam, chat))).isEqualTo("moved@support.example");
        sue.emit(AgentEvents.GET_CHAT, "chatId", chat);
        assertThat(refusal(sue, AgentEvents.GET_CHAT, chat).optString("code")).isEqualTo("not_found");
    }

    // --- helpers

    /** Opens a chat from a bot in {@code department}; the chat id, as the department's agents see it queued. */
    String opened(String conversation, String department, String email) {
        TestBot bot = TestBot.connect(
                url,
                conversation,
                Map.of("department", department, "contact", Map.of("name", "User " + conversation, "email", email)),
                List.<String[]>of(new String[] {"user", "hello from " + conversation}));
        bots.add(bot);
        bot.events.await(LiveAgentEvents.MESSAGES);
        TestAgent servingIt = department.equals("sales") ? sam : sue;
        JSONObject added = (JSONObject) servingIt.events.await(AgentEvents.QUEUE_CHANGED, c -> ((JSONObject) c)
                .optJSONObject("chat")
                .optString("conversationId")
                .equals(conversation));
        return added.optJSONObject("chat").optString("chatId");
    }

    /** A chat taken by {@code agent}, who reads its history, then resolved: archived. */
    String archived(TestAgent agent, String conversation, String department, String email) {
        String chat = opened(conversation, department, email);
        agent.emit(AgentEvents.TAKE, "chatId", chat);
        agent.events.await(AgentEvents.ASSIGNED, v -> TestAgent.chatIdOf(v).equals(chat));
        agent.emit(AgentEvents.RESOLVE, "chatId", chat);
        agent.events.await(
                AgentEvents.CHAT_ARCHIVED,
                c -> ((JSONObject) c).optString("chatId").equals(chat));
        return chat;
    }

    static List<String> archivePage(TestAgent agent, int offset, int limit) {
        agent.emit(AgentEvents.LIST_ARCHIVE, "offset", offset, "limit", limit);
        JSONObject page =
                (JSONObject) agent.events.await(AgentEvents.ARCHIVE, p -> ((JSONObject) p).optInt("offset") == offset);
        return ids(page.optJSONArray("chats"));
    }

    static List<String> ids(JSONArray chats) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < chats.length(); i++) ids.add(chats.optJSONObject(i).optString("chatId"));
        return ids;
    }

    static JSONObject shown(TestAgent agent, String chat) {
        return (JSONObject)
                agent.events.await(AgentEvents.CHAT, v -> TestAgent.chatIdOf(v).equals(chat));
    }

    static JSONObject refusal(TestAgent agent, String event, String chat) {
        return (JSONObject) agent.events.await(
                AgentEvents.ERROR,
                e -> ((JSONObject) e).optString("event").equals(event)
                        && ((JSONObject) e).optString("message").contains(chat));
    }

    static String contactEmail(JSONObject view) {
        return view.optJSONObject("chat").optJSONObject("contact").optString("email");
    }

    /** Nothing {@code agent} received so far mentions any of {@code secrets}. */
    static void assertNeverReceived(TestAgent agent, String... secrets) {
        EventLog log = agent.events;
        for (String name : List.copyOf(log.names())) {
            for (Object data : log.all(name)) {
                String text = String.valueOf(data);
                for (String secret : secrets) {
                    if (name.equals(AgentEvents.ERROR)) continue; // echoes the id the agent asked for
                    assertThat(text).as("%s received in '%s'", secret, name).doesNotContain(secret);
                }
            }
        }
    }

    static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
