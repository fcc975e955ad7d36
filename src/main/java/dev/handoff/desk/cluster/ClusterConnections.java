package dev.handoff.desk.cluster;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.handoff.desk.api.AgentEvent;
import dev.handoff.desk.core.DeskConnections;
import dev.handoff.desk.core.DeskOutbox;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The leader's view of every node's sockets: which connection carries which chat, which connections are which
 * agent's, and on which node each one is (a connection id starts with {@code NODE|}, see {@link #node}). What the
 * desk sends goes to the leader's own sockets directly ({@code local}) and to another node's as a message on that
 * node's channel, which its {@link NodeRelay} applies to its sockets in the order sent.
 *
 * <p>Called under the desk's lock: nothing here blocks (publishing is asynchronous). A message the bus cannot take
 * (Redis unreachable, too many waiting) is counted and logged; the node that missed it makes its clients resume
 * when its bus is back ({@link NodeRelay}), so nothing stays half-shown.
 *
 * <p>Acknowledgements: a {@code to_user} sent through another node is acknowledged back on the leader's channel;
 * {@link #acknowledged} runs what the desk asked to run. The ones still awaited are kept per chat and dropped when
 * the chat's connection goes.
 */
public final class ClusterConnections implements DeskConnections, DeskOutbox {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterConnections.class);
    /** A connection id is {@code NODE|namespace session}. */
    static final char NODE_END = '|';

    /** A node's own sockets: the leader's, and what a {@link NodeRelay} applies relayed calls to. */
    public interface Local extends DeskConnections, DeskOutbox {
        /** The chat resumed on another node: {@code connection} no longer carries it and is closed. */
        void replaced(String chatId, String connection);

        /** Closes every bot and agent connection of this node, so that each resumes (after a leader change). */
        void closeAll();
    }

    private final ClusterBus bus;
    private final String self;
    private final Local local;
    private final Map<String, String> chats = new ConcurrentHashMap<>();
    private final Map<String, Set<String>> agents = new ConcurrentHashMap<>();
    private final Map<String, java.util.concurrent.ConcurrentSkipListMap<Integer, Runnable>> awaitingAcks =
            new ConcurrentHashMap<>();
    /** Acknowledgements awaited per chat at most (ids are consecutive; a bot acknowledges in order). */
    static final int MAX_AWAITED_PER_CHAT = 1_000;

    private final AtomicLong lost = new AtomicLong();
    private volatile long lastLostLog;

    /** The leader's epoch, stamped on every relay: a node ignores relays of an older leader. */
    private final long epoch;
    /** Per node: the number of the last relay sent (each node checks that none is missing). Guarded by itself. */
    private final Map<String, long[]> sequences = new ConcurrentHashMap<>();
    /** Set when this leader stepped down: a deposed desk's late work sends nothing more. */
    private volatile boolean closed;
    /** Nodes seen with a new run (incarnation) whose earlier run's connections are left: for the leader to forget. */
    private final java.util.function.BiConsumer<String, String> restarted;
    /** Per node: the run its newest connection came from. */
    private final Map<String, String> runs = new ConcurrentHashMap<>();

    public ClusterConnections(ClusterBus bus, String self, Local local) {
        this(bus, self, local, 0, (node, run) -> {});
    }

    /**
     * @param epoch     the leader's epoch, on every relay
     * @param restarted told (node, its current run) when a connection of a new run of a node comes while the
     *                  leader still knows connections of an earlier run: those are gone
     */
    public ClusterConnections(
            ClusterBus bus,
            String self,
            Local local,
            long epoch,
            java.util.function.BiConsumer<String, String> restarted) {
        this.bus = bus;
        this.self = self;
        this.local = local;
        this.epoch = epoch;
        this.restarted = restarted;
    }

    /** This leader stepped down: nothing more is relayed. */
    public void close() {
        closed = true;
    }

    /** The run of the process a connection id names ({@code NODE|RUN|...}), or {@code ""} for none. */
    public static String run(String connection) {
        int a = connection == null ? -1 : connection.indexOf(NODE_END);
        int b = a < 0 ? -1 : connection.indexOf(NODE_END, a + 1);
        return b < 0 ? "" : connection.substring(a + 1, b);
    }

    /** Remembers the run a new connection comes from; an earlier run of the same node is reported once. */
    private void seen(String connection) {
        String node = node(connection);
        if (node == null) return;
        String run = run(connection);
        String before = runs.put(node, run);
        if (before != null && !before.equals(run)) restarted.accept(node, run);
    }

    /** Connections of {@code node} that are not of its run {@code run}: an earlier process's, gone. */
    public OnNode ghosts(String node, String run) {
        OnNode all = on(node);
        Map<String, String> c = new java.util.LinkedHashMap<>();
        all.chats().forEach((chat, connection) -> {
            if (!run.equals(run(connection))) c.put(chat, connection);
        });
        Map<String, List<String>> a = new java.util.LinkedHashMap<>();
        all.agents().forEach((agent, list) -> {
            for (String connection : list)
                if (!run.equals(run(connection)))
                    a.computeIfAbsent(agent, k -> new ArrayList<>()).add(connection);
        });
        return new OnNode(c, a);
    }

    /** The node a connection id names ({@code NODE|...}), or {@code null} for an id without one. */
    public static String node(String connection) {
        if (connection == null) return null;
        int end = connection.indexOf(NODE_END);
        return end <= 0 ? null : connection.substring(0, end);
    }

    private boolean here(String connection) {
        return self.equals(node(connection));
    }

    @Override
    public String attachUser(String chatId, String connection) {
        seen(connection);
        String previous = chats.put(chatId, connection);
        if (previous != null && !previous.equals(connection)) awaitingAcks.remove(chatId);
        if (here(connection)) local.attachUser(chatId, connection);
        else publish(connection, relay(connection, "attachUser").put("chatId", chatId));
        if (previous == null || previous.equals(connection)) return null;
        // the node that opened the chat closes a replaced connection of its own; another node's is told here
        if (!node(previous).equals(node(connection))) {
            if (here(previous)) local.replaced(chatId, previous);
            else publish(previous, relay(previous, "replaced").put("chatId", chatId));
        }
        return previous;
    }

    @Override
    public boolean detachUser(String chatId, String connection) {
        boolean was = chats.remove(chatId, connection);
        if (!was) return false;
        awaitingAcks.remove(chatId);
        if (here(connection)) local.detachUser(chatId, connection);
        else publish(connection, relay(connection, "detachUser").put("chatId", chatId));
        return true;
    }

    @Override
    public void attachAgent(String agent, String connection) {
        seen(connection);
        agents.computeIfAbsent(agent, a -> ConcurrentHashMap.newKeySet()).add(connection);
        if (here(connection)) local.attachAgent(agent, connection);
        else publish(connection, relay(connection, "attachAgent").put("agent", agent));
    }

    @Override
    public boolean detachAgent(String agent, String connection) {
        Set<String> set = agents.get(agent);
        boolean known = set != null && set.remove(connection);
        if (set != null && set.isEmpty()) agents.remove(agent, set);
        if (here(connection)) local.detachAgent(agent, connection);
        else publish(connection, relay(connection, "detachAgent").put("agent", agent));
        return known;
    }

    @Override
    public void send(String connection, AgentEvent event) {
        if (here(connection)) {
            local.send(connection, event);
            return;
        }
        ObjectNode m = relay(connection, "send");
        m.put("event", event.event());
        m.set("payload", DeskCalls.tree(event.payload()));
        publish(connection, m);
    }

    @Override
    public void toUser(String chatId, int id, String text, Runnable acknowledged) {
        String connection = chats.get(chatId);
        if (connection == null) return; // the bot is gone: the message is stored and sent when it is back
        if (here(connection)) {
            local.toUser(chatId, id, text, acknowledged);
            return;
        }
        java.util.concurrent.ConcurrentSkipListMap<Integer, Runnable> awaited =
                awaitingAcks.computeIfAbsent(chatId, c -> new java.util.concurrent.ConcurrentSkipListMap<>());
        awaited.put(id, acknowledged);
        // a bot without the delivery addition never acknowledges: keep the last ones only
        awaited.headMap(id - MAX_AWAITED_PER_CHAT).clear();
        ObjectNode m =
                relay(connection, "toUser").put("chatId", chatId).put("id", id).put("text", text);
        publish(connection, m);
    }

    /** A node says the bot acknowledged {@code to_user} {@code id} of the chat. */
    void acknowledged(String chatId, int id) {
        var awaited = awaitingAcks.get(chatId);
        Runnable run = awaited == null ? null : awaited.remove(id);
        if (run != null) run.run();
    }

    @Override
    public void agentStatus(String chatId, String status) {
        String connection = chats.get(chatId);
        if (connection == null) return;
        if (here(connection)) local.agentStatus(chatId, status);
        else
            publish(
                    connection,
                    relay(connection, "agentStatus").put("chatId", chatId).put("status", status));
    }

    @Override
    public void queuePosition(String chatId, int position, String department) {
        String connection = chats.get(chatId);
        if (connection == null) return;
        if (here(connection)) local.queuePosition(chatId, position, department);
        else
            publish(
                    connection,
                    relay(connection, "queuePosition")
                            .put("chatId", chatId)
                            .put("position", position)
                            .put("department", department));
    }

    @Override
    public void agentJoined(String chatId, String agent, String language) {
        String connection = chats.get(chatId);
        if (connection == null) return;
        if (here(connection)) local.agentJoined(chatId, agent, language);
        else
            publish(
                    connection,
                    relay(connection, "agentJoined")
                            .put("chatId", chatId)
                            .put("agent", agent)
                            .put("language", language));
    }

    @Override
    public void endUserChat(String chatId) {
        awaitingAcks.remove(chatId); // a late acknowledgement only ends the chat sooner; its grace ends it anyway
        String connection = chats.remove(chatId);
        if (connection == null) return;
        if (here(connection)) local.endUserChat(chatId);
        else publish(connection, relay(connection, "endUserChat").put("chatId", chatId));
    }

    @Override
    public void toAgent(String agent, AgentEvent event) {
        Set<String> set = agents.get(agent);
        if (set == null || set.isEmpty()) return;
        Set<String> nodes = new LinkedHashSet<>();
        for (String connection : set) nodes.add(node(connection));
        com.fasterxml.jackson.databind.JsonNode payload = null;
        for (String node : nodes) {
            if (self.equals(node)) {
                local.toAgent(agent, event);
                continue;
            }
            if (payload == null) payload = DeskCalls.tree(event.payload());
            ObjectNode m = DeskCalls.JSON.createObjectNode();
            m.put("relay", "toAgent");
            m.put("agent", agent);
            m.put("event", event.event());
            m.set("payload", payload);
            publishTo(node, m);
        }
    }

    /** The connections the leader knows on {@code node}: bots' chats and agents'. */
    public record OnNode(Map<String, String> chats, Map<String, List<String>> agents) {
        public boolean isEmpty() {
            return chats.isEmpty() && agents.isEmpty();
        }
    }

    /** What {@code node} holds, for when it is gone. */
    public OnNode on(String node) {
        Map<String, String> c = new java.util.LinkedHashMap<>();
        chats.forEach((chat, connection) -> {
            if (node.equals(node(connection))) c.put(chat, connection);
        });
        Map<String, List<String>> a = new java.util.LinkedHashMap<>();
        agents.forEach((agent, set) -> {
            for (String connection : set)
                if (node.equals(node(connection)))
                    a.computeIfAbsent(agent, k -> new ArrayList<>()).add(connection);
        });
        return new OnNode(c, a);
    }

    /** Every node that holds a connection the leader knows. */
    public Set<String> nodes() {
        Set<String> nodes = new LinkedHashSet<>();
        chats.values().forEach(c -> nodes.add(node(c)));
        agents.values().forEach(set -> set.forEach(c -> nodes.add(node(c))));
        return nodes;
    }

    /** Relay messages the bus could not take since the leader started. */
    public long lost() {
        return lost.get();
    }

    /** A relay message for the node of {@code connection}. */
    private static ObjectNode relay(String connection, String op) {
        ObjectNode m = DeskCalls.JSON.createObjectNode();
        m.put("relay", op);
        m.put("connection", connection);
        return m;
    }

    private void publish(String connection, ObjectNode message) {
        publishTo(node(connection), message);
    }

    private void publishTo(String node, ObjectNode message) {
        if (closed) return;
        message.put("epoch", epoch);
        long[] sequence = sequences.computeIfAbsent(node, n -> new long[1]);
        CompletableFuture<Long> sent;
        synchronized (sequence) { // numbered and handed to the bus in one order
            message.put("seq", ++sequence[0]);
            sent = bus.publish(Requests.nodeChannel(node), message);
        }
        sent.whenComplete((n, failure) -> {
            if (failure == null) return;
            long count = lost.incrementAndGet();
            long now = System.nanoTime();
            if (now - lastLostLog > 10_000_000_000L) {
                lastLostLog = now;
                LOG.warn(
                        "cluster: {} message(s) for other nodes' sockets could not be sent ({}); those nodes make"
                                + " their clients resume when their connection to Redis is back",
                        count,
                        failure.getMessage());
            }
        });
    }
}
