package dev.handoff.desk.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.handoff.desk.api.AgentEvents;
import dev.handoff.desk.config.DeskConfig;
import dev.handoff.desk.config.DeskConfigLoader;
import dev.handoff.desk.server.DeskService;
import dev.handoff.desk.support.LocalPostgres;
import dev.handoff.desk.support.Sockets;
import dev.handoff.desk.support.TestAgent;
import dev.handoff.desk.support.TestBot;
import dev.handoff.testing.FaultProxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.json.JSONObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two desk nodes in one JVM on one PostgreSQL schema and one Redis prefix: a bot on one node and an agent on the
 * other chat as on one desk; the node that leads is stopped and the other takes over with the chat.
 */
class TwoNodesInOneJvmTest {
    @TempDir
    Path dir;

    private final String prefix = "test-two-" + UUID.randomUUID().toString().substring(0, 8);
    private final LocalPostgres.Schema schema = LocalPostgres.freshSchema();
    private final List<DeskService> nodes = new ArrayList<>();
    private final List<AutoCloseable> clients = new ArrayList<>();
    private final List<AutoCloseable> proxies = new ArrayList<>();
    private final Map<DeskService, Integer> ports = new java.util.HashMap<>();

    @AfterEach
    void cleanUp() throws Exception {
        for (AutoCloseable c : clients) c.close();
        for (DeskService n : nodes) n.stop();
        for (AutoCloseable p : proxies) p.close(); // after the nodes: they write what they queued as they stop
        schema.close();
        ClusterRig.deleteKeys(prefix);
    }

    private DeskService node(String id) throws Exception {
        return node(id, schema.url());
    }

    /** Extra top-level settings for the nodes made next (e.g. {@code sla: 1s}). */
    private String extra = "";

    /** The agents of the nodes made next ({@code null}: the rig's). */
    private String agents;

    private DeskService node(String id, String db) throws Exception {
        int port = Sockets.freePort();
        Path file = dir.resolve(id + ".yaml");
        Files.writeString(
                file,
                ClusterRig.yaml(
                                port,
                                db,
                                id,
                                prefix,
                                agents == null
                                        ? ClusterRig.Options.DEFAULT
                                        : ClusterRig.Options.DEFAULT.withAgentsYaml(agents))
                        .replace("tick: 100ms", "tick: 100ms\n" + extra));
        DeskConfig config = DeskConfigLoader.load(file);
        DeskService service = new DeskService(config, Clock.systemUTC()).start();
        nodes.add(service);
        ports.put(service, port);
        return service;
    }

    private String url(DeskService node) {
        return "http://127.0.0.1:" + ports.get(node);
    }

    private static void awaitLeader(DeskService node) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!node.leads()) {
            assertThat(System.nanoTime()).as("node leads within 10 s").isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    @Test
    void aBotOnOneNodeAndAnAgentOnTheOtherChatAsOnOneDesk() throws Exception {
        DeskService n1 = node("n1");
        awaitLeader(n1);
        DeskService n2 = node("n2");

        TestAgent ann = TestAgent.signIn(url(n2), "ann", "ann-token");
        clients.add(ann);
        TestBot bot = TestBot.delivery(url(n2), "conv-1", Map.of("department", "sales"));
        clients.add(bot);
        String chatId = ann.nextAssigned();
        bot.say("m1", "hello from node two");
        ann.awaitUserMessage(chatId, "hello from node two");
        ann.emit(AgentEvents.SEND, "chatId", chatId, "text", "hello from the agent");
        assertThat(bot.awaitDelivered(1)).containsExactly("hello from the agent");
    }

    @Test
    void anAgentSignedInOnTwoNodesIsOneAgentAndQueueChangesReachEveryNode() throws Exception {
        DeskService n1 = node("n1");
        awaitLeader(n1);
        DeskService n2 = node("n2");
        TestAgent annHere = TestAgent.signIn(url(n1), "ann", "ann-token");
        clients.add(annHere);
        TestAgent annThere = TestAgent.signIn(url(n2), "ann", "ann-token");
        clients.add(annThere);
        TestAgent ben = TestAgent.signIn(url(n2), "ben", "ben-token");
        clients.add(ben);
        ben.emit(AgentEvents.SET_STATUS, "status", "away"); // so that the chat goes to ann
        ben.events.await(AgentEvents.STATUS);
        annHere.emit(AgentEvents.SET_STATUS, "status", "away"); // so that the chat waits in the queue
        annThere.events.await(AgentEvents.STATUS);

        TestBot bot = TestBot.delivery(url(n1), "one-agent", Map.of("department", "sales"));
        clients.add(bot);
        // the chat opened on node 1 waits: ben, on node 2, sees it added to the queue
        Object added =
                ben.events.await(AgentEvents.QUEUE_CHANGED, e -> "added".equals(((JSONObject) e).optString("change")));
        String waiting = TestAgent.chatIdOf(added);
        // ann takes it in one tab: both of ann's connections, on two nodes, are shown the one assignment
        annHere.emit(AgentEvents.TAKE, "chatId", waiting);
        String here = annHere.nextAssigned();
        String there = annThere.nextAssigned();
        assertThat(here).isEqualTo(waiting);
        assertThat(there).isEqualTo(here);
        ben.events.await(AgentEvents.QUEUE_CHANGED, e -> "removed".equals(((JSONObject) e).optString("change")));
        bot.say("m1", "to both tabs");
        annHere.awaitUserMessage(here, "to both tabs");
        annThere.awaitUserMessage(here, "to both tabs");
        annThere.emit(AgentEvents.SEND, "chatId", here, "text", "from the second tab");
        assertThat(bot.awaitDelivered(1)).containsExactly("from the second tab");
    }

    @Test
    void anAgentOnAFollowerReadsRenamesResolvesAndBrowsesTheArchiveThroughTheLeader() throws Exception {
        DeskService n1 = node("n1");
        awaitLeader(n1);
        DeskService n2 = node("n2");
        TestAgent ann = TestAgent.signIn(url(n2), "ann", "ann-token");
        clients.add(ann);
        TestBot bot = TestBot.delivery(url(n1), "browse", Map.of("department", "sales"));
        clients.add(bot);
        String chatId = ann.nextAssigned();
        bot.say("m1", "my order is late");
        ann.awaitUserMessage(chatId, "my order is late");

        ann.emit(AgentEvents.GET_QUEUE);
        ann.events.await(AgentEvents.QUEUE, q -> q.toString().contains(chatId));
        ann.emit(AgentEvents.GET_CHAT, "chatId", chatId);
        ann.events.await(AgentEvents.CHAT, c -> c.toString().contains("my order is late"));
        ann.emit(AgentEvents.SUBJECT, "chatId", chatId, "subject", "Late order");
        ann.emit(AgentEvents.RESOLVE, "chatId", chatId);
        ann.events.await(AgentEvents.CHAT_ARCHIVED);
        ann.emit(AgentEvents.LIST_ARCHIVE, "offset", 0, "limit", 10);
        ann.events.await(AgentEvents.ARCHIVE, a -> a.toString().contains("Late order"));
        ann.events.all(AgentEvents.CHAT).clear();
        ann.emit(AgentEvents.GET_ARCHIVED, "chatId", chatId);
        ann.events.await(
                AgentEvents.CHAT,
                c -> c.toString().contains("Late order") && c.toString().contains("my order is late"));
        assertThat(ann.events.all(AgentEvents.ERROR)).isEmpty();
    }

    @Test
    void aConsoleSignedInOnOneNodeIsSignedInOnTheOtherAndSigningOutThereClosesItsSockets() throws Exception {
        String hash = at.favre.lib.crypto.bcrypt.BCrypt.withDefaults().hashToString(4, "secret".toCharArray());
        agents = "  - {name: ann, password: \"" + hash + "\", departments: [sales]}\n";
        DeskService n1 = node("n1");
        awaitLeader(n1);
        DeskService n2 = node("n2");
        java.net.http.HttpClient http = java.net.http.HttpClient.newBuilder()
                .version(java.net.http.HttpClient.Version.HTTP_1_1)
                .build();
        var signIn = http.send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create(url(n1) + "/api/session"))
                        .header("Content-Type", "application/json")
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofString(
                                "{\"name\":\"ann\",\"password\":\"secret\"}"))
                        .build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(signIn.statusCode()).isEqualTo(200);
        String setCookie = signIn.headers().firstValue("Set-Cookie").orElseThrow();
        String cookie = setCookie.substring(0, setCookie.indexOf(';'));

        // the page came from node 1; its socket reaches node 2
        TestAgent ann = TestAgent.connectWithHeaders(url(n2), "ann", Map.of("Cookie", List.of(cookie)));
        clients.add(ann);
        ann.events.await(AgentEvents.SIGNED_IN);

        var signOut = http.send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create(url(n1) + "/api/session"))
                        .header("Cookie", cookie)
                        .DELETE()
                        .build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(signOut.statusCode()).isEqualTo(204);
        ann.events.await(io.socket.client.Socket.EVENT_DISCONNECT);
        TestAgent after = TestAgent.connectWithHeaders(url(n2), "ann", Map.of("Cookie", List.of(cookie)));
        clients.add(after);
        after.events.await(io.socket.client.Socket.EVENT_CONNECT_ERROR); // the session is over on node 2 too
        assertThat(after.events.all(AgentEvents.SIGNED_IN)).isEmpty();
    }

    @Test
    void anSlaReminderFiresOnceForAChatThoughTwoNodesRun() throws Exception {
        extra = "sla: 1s";
        DeskService n1 = node("n1");
        awaitLeader(n1);
        DeskService n2 = node("n2");
        TestAgent ann = TestAgent.signIn(url(n2), "ann", "ann-token");
        clients.add(ann);
        TestBot bot = TestBot.delivery(url(n2), "sla-once", Map.of("department", "sales"));
        clients.add(bot);
        ann.nextAssigned();
        ann.events.await(AgentEvents.SLA_REMINDER);
        Thread.sleep(2_500); // a second node's timers would have fired by now
        assertThat(ann.events.all(AgentEvents.SLA_REMINDER)).hasSize(1);
    }

    @Test
    void postgresUnreachableForAWhileFailsCallsAsUnavailableAndLosesOrDoublesNothing() throws Exception {
        FaultProxy postgres = FaultProxy.to("127.0.0.1", 5432);
        proxies.add(postgres);
        String viaProxy = schema.url().replace("127.0.0.1:5432", "127.0.0.1:" + postgres.port());
        DeskService n1 = node("n1", viaProxy);
        awaitLeader(n1);
        DeskService n2 = node("n2", viaProxy);
        TestAgent ann = TestAgent.signIn(url(n2), "ann", "ann-token");
        clients.add(ann);
        TestBot bot = TestBot.delivery(url(n2), "pg-outage", Map.of("department", "sales"));
        clients.add(bot);
        String chatId = ann.nextAssigned();
        bot.say("u1", "before");
        ann.awaitUserMessage(chatId, "before");

        postgres.refuse(true);
        postgres.cutAll();
        // the leader's lock went with its connection: nobody leads; calls fail as unavailable
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (n1.leads() || n2.leads()) {
            assertThat(System.nanoTime()).as("no node leads without PostgreSQL").isLessThan(deadline);
            Thread.sleep(50);
        }
        bot.say("u2", "during"); // not taken now: kept by the bot and sent again
        TestAgent refused = TestAgent.connect(url(n2), "ann", "ann-token");
        clients.add(refused);
        Object error = refused.events.await(AgentEvents.ERROR);
        assertThat(error.toString()).contains("unavailable");

        postgres.refuse(false);
        deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!n1.leads() && !n2.leads()) {
            assertThat(System.nanoTime()).as("a node leads again").isLessThan(deadline);
            Thread.sleep(50);
        }
        // a new leader: the follower drops its clients so that they resume from what is stored
        ann.events.await(io.socket.client.Socket.EVENT_DISCONNECT);
        TestAgent again = TestAgent.signIn(url(n2), "ann", "ann-token");
        clients.add(again);
        again.events.await(AgentEvents.CHAT_SYNC);
        bot.say("u3", "after");
        again.awaitUserMessage(chatId, "after");
        again.emit(AgentEvents.SEND, "chatId", chatId, "text", "welcome back");
        assertThat(bot.awaitDelivered(1)).containsExactly("welcome back");
        org.json.JSONObject sync =
                (org.json.JSONObject) again.events.all(AgentEvents.CHAT_SYNC).get(0);
        List<String> users = new ArrayList<>();
        for (Object m : again.events.all(AgentEvents.MESSAGE)) users.add(((org.json.JSONObject) m).optString("text"));
        org.json.JSONArray stored = sync.getJSONArray("messages");
        for (int i = 0; i < stored.length(); i++)
            users.add(stored.getJSONObject(i).optString("text"));
        assertThat(users).filteredOn("before"::equals).hasSize(1);
        assertThat(users).filteredOn("during"::equals).hasSize(1);
        assertThat(users).filteredOn("after"::equals).hasSize(1);
    }

    @Test
    void anAgentOnTheLeaderAndABotOnAFollowerExchangeMessagesInOrder() throws Exception {
        DeskService n1 = node("n1");
        awaitLeader(n1);
        DeskService n2 = node("n2");

        TestAgent ann = TestAgent.signIn(url(n1), "ann", "ann-token");
        clients.add(ann);
        TestBot bot = TestBot.delivery(url(n2), "conv-2", Map.of("department", "sales"));
        clients.add(bot);
        String chatId = ann.nextAssigned();
        for (int i = 1; i <= 20; i++) bot.say("u" + i, "user " + i);
        for (int i = 1; i <= 20; i++) ann.emit(AgentEvents.SEND, "chatId", chatId, "text", "agent " + i);
        List<String> expected = new ArrayList<>();
        for (int i = 1; i <= 20; i++) expected.add("agent " + i);
        assertThat(bot.awaitDelivered(20)).containsExactlyElementsOf(expected);
        ann.awaitUserMessage(chatId, "user 20");
        List<String> users = new ArrayList<>();
        for (int i = 1; i <= 20; i++) users.add("user " + i);
        assertThat(ann.userMessages(chatId)).containsExactlyElementsOf(users);
    }
}
