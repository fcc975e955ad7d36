package dev.handoff.desk.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.handoff.desk.api.AgentEvent;
import dev.handoff.desk.config.ClusterConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What keeps a node's sockets true to the leader: relays of a deposed leader are ignored, a missing relay makes the
 * node's clients resume, and the leader forgets the connections of a node's earlier run.
 */
class RelayOrderTest {
    private final String prefix = "test-relay-" + UUID.randomUUID().toString().substring(0, 8);
    private ClusterBus bus;

    @AfterEach
    void close() {
        if (bus != null) bus.close();
        ClusterRig.deleteKeys(prefix);
    }

    /** A node's sockets that only write down what they are told. */
    static final class Recording implements ClusterConnections.Local {
        final List<String> calls = new ArrayList<>();

        @Override
        public void replaced(String chatId, String connection) {
            calls.add("replaced " + chatId);
        }

        @Override
        public void closeAll() {
            calls.add("closeAll");
        }

        @Override
        public String attachUser(String chatId, String connection) {
            calls.add("attachUser " + chatId);
            return null;
        }

        @Override
        public boolean detachUser(String chatId, String connection) {
            calls.add("detachUser " + chatId);
            return true;
        }

        @Override
        public void attachAgent(String agent, String connection) {
            calls.add("attachAgent " + agent);
        }

        @Override
        public boolean detachAgent(String agent, String connection) {
            calls.add("detachAgent " + agent);
            return true;
        }

        @Override
        public void send(String connection, AgentEvent event) {
            calls.add("send " + event.event());
        }

        @Override
        public void toUser(String chatId, int id, String text, Runnable acknowledged) {
            calls.add("toUser " + chatId + " " + text);
        }

        @Override
        public void agentStatus(String chatId, String status) {}

        @Override
        public void queuePosition(String chatId, int position, String department) {}

        @Override
        public void agentJoined(String chatId, String agent, String language) {}

        @Override
        public void endUserChat(String chatId) {}

        @Override
        public void toAgent(String agent, AgentEvent event) {}
    }

    private static ObjectNode relay(long epoch, long seq, String text) {
        ObjectNode m = DeskCalls.JSON.createObjectNode();
        m.put("relay", "toUser").put("connection", "n2|run|/live_agent s").put("chatId", "c1");
        m.put("id", (int) seq).put("text", text).put("epoch", epoch).put("seq", seq);
        return m;
    }

    @Test
    void aDeposedLeadersLateRelaysAreIgnoredAndAMissingRelayMakesTheClientsResume() {
        Recording sockets = new Recording();
        AtomicInteger missed = new AtomicInteger();
        NodeRelay relay = new NodeRelay(null, sockets, missed::incrementAndGet);

        relay.received(relay(2, 1, "new leader 1"));
        relay.received(relay(1, 7, "old leader, late")); // ignored
        relay.received(relay(2, 2, "new leader 2"));
        assertThat(missed).hasValue(0);
        relay.received(relay(2, 4, "after a gap")); // 3 went missing
        assertThat(missed).hasValue(1);
        relay.received(relay(3, 1, "the next leader starts at 1"));
        assertThat(missed).hasValue(1);
        assertThat(sockets.calls)
                .containsExactly(
                        "toUser c1 new leader 1",
                        "toUser c1 new leader 2",
                        "toUser c1 after a gap",
                        "toUser c1 the next leader starts at 1");
    }

    @Test
    void theLeaderForgetsTheConnectionsOfANodesEarlierRunOnceItsNewRunConnects() {
        bus = ClusterBus.connect(new ClusterConfig(ClusterRig.REDIS, "n1", prefix), ClusterBus.Settings.DEFAULT);
        List<String> restarted = new ArrayList<>();
        ClusterConnections connections =
                new ClusterConnections(bus, "n1", new Recording(), 5, (node, run) -> restarted.add(node + " " + run));
        connections.attachAgent("ann", "n2|runA|/agents a");
        connections.attachUser("c1", "n2|runA|/live_agent b");
        assertThat(restarted).isEmpty();

        connections.attachUser("c2", "n2|runB|/live_agent c"); // n2 restarted
        assertThat(restarted).containsExactly("n2 runB");
        ClusterConnections.OnNode ghosts = connections.ghosts("n2", "runB");
        assertThat(ghosts.chats()).containsOnlyKeys("c1");
        assertThat(ghosts.agents()).containsOnlyKeys("ann");
    }

    @Test
    void aDeposedLeaderRelaysNothingMore() throws Exception {
        bus = ClusterBus.connect(new ClusterConfig(ClusterRig.REDIS, "n1", prefix), ClusterBus.Settings.DEFAULT);
        List<String> heard = new java.util.concurrent.CopyOnWriteArrayList<>();
        bus.subscribe(Requests.nodeChannel("n2"), m -> heard.add(m.path("text").asText()))
                .get(10, java.util.concurrent.TimeUnit.SECONDS);
        ClusterConnections connections = new ClusterConnections(bus, "n1", new Recording(), 5, (n, r) -> {});
        connections.attachUser("c1", "n2|runA|/live_agent b");
        connections.toUser("c1", 1, "while leading", () -> {});
        connections.close();
        connections.toUser("c1", 2, "after stepping down", () -> {});
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (heard.size() < 2 && System.nanoTime() < deadline) Thread.sleep(20);
        Thread.sleep(300);
        assertThat(heard).contains("while leading").doesNotContain("after stepping down");
    }
}
