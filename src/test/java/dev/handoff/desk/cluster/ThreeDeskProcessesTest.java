package dev.handoff.desk.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.handoff.desk.api.AgentEvents;
import dev.handoff.desk.support.RedisProcess;
import dev.handoff.desk.support.TestAgent;
import dev.handoff.desk.support.TestBot;
import dev.handoff.liveagent.HandoffRequest;
import dev.handoff.liveagent.LiveAgentSession;
import dev.handoff.liveagent.LiveAgentUrls;
import dev.handoff.liveagent.RecordingListener;
import dev.handoff.liveagent.socketio.SocketIoLiveAgentClient;
import dev.handoff.liveagent.socketio.SocketIoSettings;
import dev.handoff.protocol.LiveAgentEvents;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.json.JSONArray;
import org.json.JSONObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Three real {@code handoff desk} processes on this machine's PostgreSQL (one schema) and a Redis, as one desk:
 * scripted chats across nodes, a race for agents, a node killed with {@code kill -9}, Redis restarted. Node 1
 * starts first and leads. Bots speak the delivery addition (ids, acknowledgements, the resume token).
 */
class ThreeDeskProcessesTest {
    private static final Map<String, Object> SALES = Map.of("department", "sales");

    private ClusterRig rig;
    private RedisProcess redis;
    private final List<AutoCloseable> clients = new ArrayList<>();

    @AfterEach
    void cleanUp() throws Exception {
        for (AutoCloseable c : clients) c.close();
        if (rig != null) rig.close();
        if (redis != null) redis.close();
    }

    private <T extends AutoCloseable> T keep(T client) {
        clients.add(client);
        return client;
    }

    private TestAgent agent(int node, String name) {
        return keep(TestAgent.signIn(rig.url(node), name, name + "-token"));
    }

    /**
     * Signs in again as the console does after its connection was closed: a node that cannot reach a leader yet
     * refuses the sign-in ({@code desk_error}, then closes the connection), and the console tries again.
     */
    private TestAgent agentAgain(int node, String name) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            TestAgent agent = TestAgent.connect(rig.url(node), name, name + "-token");
            while (agent.events.names().stream().noneMatch(n -> n.equals(AgentEvents.SIGNED_IN) || n.equals(DISCONNECT))
                    && System.nanoTime() < deadline) {
                sleep(50);
            }
            if (agent.events.names().contains(AgentEvents.SIGNED_IN)) return keep(agent);
            agent.close();
            if (System.nanoTime() >= deadline) throw new AssertionError(name + " could not sign in again within 60 s");
            sleep(250);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    private List<String> userSays(TestBot bot, String prefix, int from, int to) {
        List<String> said = new ArrayList<>();
        for (int i = from; i <= to; i++) {
            bot.say(prefix + i, prefix + " " + i);
            said.add(prefix + " " + i);
        }
        return said;
    }

    private static List<String> agentSays(TestAgent agent, String chatId, String prefix, int from, int to) {
        List<String> said = new ArrayList<>();
        for (int i = from; i <= to; i++) {
            agent.emit(AgentEvents.SEND, "chatId", chatId, "text", prefix + " " + i);
            said.add(prefix + " " + i);
        }
        return said;
    }

    @Test
    void aBotOnNodeOneAndAnAgentOnNodeTwoGoThroughAWholeChat() {
        rig = ClusterRig.start(3, ClusterRig.Schemas.SHARED);
        TestAgent ann = agent(1, "ann");
        TestBot bot = keep(TestBot.delivery(rig.url(0), "whole-chat", SALES));
        String chatId = ann.nextAssigned();

        List<String> user = userSays(bot, "user", 1, 5);
        ann.awaitUserMessage(chatId, "user 5");
        assertThat(ann.userMessages(chatId)).containsExactlyElementsOf(user);
        List<String> agent = agentSays(ann, chatId, "agent", 1, 5);
        assertThat(bot.awaitDelivered(5)).containsExactlyElementsOf(agent);

        ann.emit(AgentEvents.RESOLVE, "chatId", chatId);
        bot.events.await(LiveAgentEvents.DISCONNECT_SOCKET);
        ann.events.await(AgentEvents.CHAT_ARCHIVED);
    }

    @Test
    void twoHundredChatsRaceForFourAgentsOnThreeNodesAndEachIsAssignedExactlyOnce() throws Exception {
        rig = ClusterRig.start(
                3,
                ClusterRig.Schemas.SHARED,
                ClusterRig.Options.DEFAULT.withAgents(List.of("a1", "a2", "a3", "a4"), 45));
        List<TestAgent> agents = new ArrayList<>();
        for (int i = 1; i <= 4; i++) agents.add(agent((i - 1) % 3, "a" + i));
        List<TestBot> bots = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            bots.add(keep(TestBot.connect(rig.url(i % 3), "race-" + i, SALES, List.of())));
        }
        // 4 × 45 = 180 chats can be had at once: the other 20 wait in the queue
        Supplier<Integer> assigned = () -> agents.stream()
                .mapToInt(a -> a.events.all(AgentEvents.ASSIGNED).size())
                .sum();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (assigned.get() < 180 && System.nanoTime() < deadline) Thread.sleep(100);
        Thread.sleep(2_000); // a double assignment or one past capacity would show by now
        Set<String> chats = new HashSet<>();
        for (TestAgent a : agents) {
            List<Object> mine = a.events.all(AgentEvents.ASSIGNED);
            assertThat(mine).as("no agent has more than its maximum").hasSizeLessThanOrEqualTo(45);
            for (Object view : mine) {
                assertThat(chats.add(TestAgent.chatIdOf(view)))
                        .as("chat assigned once")
                        .isTrue();
            }
        }
        assertThat(chats).hasSize(180);
    }

    @Test
    void theLeaderKilledMidChatLosesNothingAndTheChatGoesOnThroughTheOtherNodes() {
        rig = ClusterRig.start(3, ClusterRig.Schemas.SHARED);
        TestAgent ann = agent(2, "ann");
        TestBot bot = keep(TestBot.delivery(rig.url(1), "leader-killed", SALES));
        String chatId = ann.nextAssigned();
        List<String> user = new ArrayList<>(userSays(bot, "before", 1, 3));
        ann.awaitUserMessage(chatId, "before 3");
        List<String> agent = new ArrayList<>(agentSays(ann, chatId, "reply", 1, 3));
        bot.awaitDelivered(3);

        rig.kill(0); // the leader
        // the nodes left close their clients' connections once a new leader is elected: the bot comes back by
        // itself; the console signs in again and is shown the chat with everything stored
        ann.events.await(DISCONNECT);
        TestAgent again = agentAgain(2, "ann");
        JSONObject sync = (JSONObject) again.events.await(AgentEvents.CHAT_SYNC);
        assertThat(texts(sync)).containsSubsequence(user.get(0), user.get(2), agent.get(0), agent.get(2));

        user.addAll(userSays(bot, "after", 1, 3));
        agent.addAll(agentSays(again, chatId, "later", 1, 3));
        again.awaitUserMessage(chatId, "after 3");
        assertThat(bot.awaitDelivered(6)).containsExactlyElementsOf(agent);
        assertThat(again.userMessages(chatId)).containsExactly("after 1", "after 2", "after 3");
    }

    @Test
    void theNodeOfABotKilledMidChatLosesNothingWhenTheBotComesBackThroughAnother() {
        rig = ClusterRig.start(3, ClusterRig.Schemas.SHARED);
        TestAgent ann = agent(1, "ann");
        TestBot bot = keep(TestBot.delivery(rig.url(2), "bot-node-killed", SALES));
        String chatId = ann.nextAssigned();
        userSays(bot, "before", 1, 2);
        ann.awaitUserMessage(chatId, "before 2");
        List<String> agent = new ArrayList<>(agentSays(ann, chatId, "reply", 1, 2));
        bot.awaitDelivered(2);

        rig.kill(2);
        TestBot moved = keep(bot.movedTo(rig.url(0), SALES));
        moved.events.await(TestBot.USERNAME_ACK, a -> ((JSONObject) a).optBoolean("ok"));
        userSays(moved, "after", 1, 3);
        agent.addAll(agentSays(ann, chatId, "later", 1, 3));
        ann.awaitUserMessage(chatId, "after 3");
        assertThat(moved.awaitDelivered(5)).containsExactlyElementsOf(agent);
        assertThat(ann.userMessages(chatId)).containsExactly("before 1", "before 2", "after 1", "after 2", "after 3");
    }

    @Test
    void aBotClientGivenEveryNodesUrlGoesOnThroughTheNextWhenItsNodeIsKilled() {
        rig = ClusterRig.start(3, ClusterRig.Schemas.SHARED);
        TestAgent ann = agent(1, "ann");
        SocketIoLiveAgentClient client = new SocketIoLiveAgentClient(
                SocketIoSettings.defaults().withReconnectionDelays(Duration.ofMillis(100), Duration.ofMillis(500)));
        clients.add(client::close);
        RecordingListener listener = new RecordingListener();
        LiveAgentSession session = client.open(
                new HandoffRequest(
                        LiveAgentUrls.of(URI.create(rig.url(2)), URI.create(rig.url(0))),
                        "real-client",
                        "bot-1",
                        null,
                        null,
                        null,
                        List.of(),
                        Duration.ofSeconds(30),
                        Duration.ofSeconds(60)),
                listener);
        listener.await("connected");
        String chatId = ann.nextAssigned();
        session.send("before");
        ann.awaitUserMessage(chatId, "before");
        ann.emit(AgentEvents.SEND, "chatId", chatId, "text", "reply 1");
        listener.awaitAgentMessages(1);

        rig.kill(2); // the bot's node: the client goes on at node 1 with its resume token
        session.send("after");
        ann.awaitUserMessage(chatId, "after");
        ann.emit(AgentEvents.SEND, "chatId", chatId, "text", "reply 2");
        assertThat(listener.awaitAgentMessages(2)).containsExactly("reply 1", "reply 2");
        assertThat(ann.userMessages(chatId)).containsExactly("before", "after");
    }

    @Test
    void redisRestartedMidChatTheDeskRecoversByItselfAndLosesNothing() throws Exception {
        Path logs = Path.of("target", "cluster-rig");
        java.nio.file.Files.createDirectories(logs);
        redis = RedisProcess.start(logs.resolve("redis-restart.log"));
        rig = ClusterRig.start(3, ClusterRig.Schemas.SHARED, ClusterRig.Options.DEFAULT.withRedis(redis.url()));
        TestAgent ann = agent(1, "ann");
        TestBot bot = keep(TestBot.delivery(rig.url(2), "redis-restart", SALES));
        String chatId = ann.nextAssigned();
        userSays(bot, "before", 1, 2);
        ann.awaitUserMessage(chatId, "before 2");
        List<String> agent = new ArrayList<>(agentSays(ann, chatId, "reply", 1, 2));
        bot.awaitDelivered(2);

        redis.kill();
        redis.startAgain();
        // once each node's bus is back it closes its clients' connections: they resume
        ann.events.await(DISCONNECT, x -> true, Duration.ofSeconds(60));
        TestAgent again = agentAgain(1, "ann");
        again.events.await(AgentEvents.CHAT_SYNC);
        userSays(bot, "after", 1, 3);
        agent.addAll(agentSays(again, chatId, "later", 1, 3));
        again.awaitUserMessage(chatId, "after 3");
        assertThat(bot.awaitDelivered(5)).containsExactlyElementsOf(agent);
        assertThat(again.userMessages(chatId)).containsExactly("after 1", "after 2", "after 3");
    }

    private static final String DISCONNECT = io.socket.client.Socket.EVENT_DISCONNECT;

    private static List<String> texts(JSONObject view) {
        JSONArray messages = view.optJSONArray("messages");
        List<String> texts = new ArrayList<>();
        for (int i = 0; messages != null && i < messages.length(); i++)
            texts.add(messages.optJSONObject(i).optString("text"));
        return texts;
    }
}
