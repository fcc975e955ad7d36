package dev.handoff.desk.server;

import com.corundumstudio.socketio.AckCallback;
import com.corundumstudio.socketio.SocketIOClient;
import dev.handoff.desk.api.AgentEvent;
import dev.handoff.desk.cluster.ClusterConnections;
import dev.handoff.protocol.AgentJoinedPayload;
import dev.handoff.protocol.LiveAgentEvents;
import dev.handoff.protocol.QueuePositionPayload;
import dev.handoff.protocol.ToUserPayload;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link dev.handoff.desk.core.DeskOutbox} over Socket.IO: which bot connection carries which chat, which
 * connections are which agent's. As {@link dev.handoff.desk.core.DeskConnections} it knows this node's connections
 * by {@link #id}: the endpoints {@link #register} each one when it connects and {@link #forget} it when it closes.
 * In cluster mode it is also what the leader's relays reach on this node ({@link ClusterConnections.Local}).
 */
final class SocketOutbox implements ClusterConnections.Local {
    private static final Logger log = LoggerFactory.getLogger(SocketOutbox.class);
    /** Set on a bot connection whose {@code username} asked for the delivery addition. */
    static final String DELIVERY_ATTRIBUTE = "desk.delivery";
    /** Set on a bot connection whose {@code username} accepted the notices addition. */
    static final String NOTICES_ATTRIBUTE = "desk.notices";

    static final String AGENT_STATUS = "agent_status";
    private final Map<String, SocketIOClient> users = new ConcurrentHashMap<>();
    private final Map<String, Set<SocketIOClient>> agents = new ConcurrentHashMap<>();
    /** This node's open connections by {@link #id}: as many as the connection caps let in. */
    private final Map<String, SocketIOClient> connections = new ConcurrentHashMap<>();

    /** {@code NODE|} in cluster mode (the leader routes a connection's events by it), else empty. */
    private final String node;

    /** A single desk's outbox: connection ids are namespace and session. */
    SocketOutbox() {
        this.node = "";
    }

    /**
     * A cluster node's outbox: connection ids start with {@code NODE|RUN|} (RUN: random, new in each process), so the
     * leader knows where each one is, and that those of an earlier run of the node are gone.
     */
    SocketOutbox(String node) {
        this.node = node + "|" + java.util.UUID.randomUUID().toString().substring(0, 8) + "|";
    }

    /**
     * The connection's id for the desk: its namespace and its session (a random UUID), after {@code NODE|} in
     * cluster mode.
     */
    String id(SocketIOClient client) {
        return node + client.getNamespace().getName() + " " + client.getSessionId();
    }

    /** Cluster mode: the chat resumed on another node, so this connection no longer carries it and is closed. */
    @Override
    public void replaced(String chatId, String connection) {
        SocketIOClient client = connection(connection);
        if (client == null) return;
        detachUser(chatId, client);
        client.del(LiveAgentEndpoint.CHAT_ATTRIBUTE);
        LiveAgentEndpoint.close(client);
    }

    /**
     * Cluster mode: drops every open connection of this node, bots' and agents', at the transport, so that each
     * reconnects and resumes (after a change of leader, or when this node's connection to Redis is back).
     */
    @Override
    public void closeAll() {
        for (SocketIOClient client : java.util.List.copyOf(connections.values())) LiveAgentEndpoint.drop(client);
    }

    /** The connection is open: the desk may name it. Returns its {@link #id}. */
    String register(SocketIOClient client) {
        String id = id(client);
        connections.put(id, client);
        return id;
    }

    /**
     * The connection closed: this node forgets it, as an agent's connection too (in a cluster, the leader may not
     * tell it to). A bot's stays its chat's until the desk detached it ({@link #detachUser(String, String)} decides
     * whether the user is gone); {@link LiveAgentEndpoint} then drops what is left.
     */
    void forget(SocketIOClient client) {
        connections.remove(id(client), client);
        for (Set<SocketIOClient> set : agents.values()) set.remove(client);
    }

    /** The open connection with this id, or {@code null}. */
    SocketIOClient connection(String id) {
        return id == null ? null : connections.get(id);
    }

    /**
     * The connection now carries the chat (its {@link LiveAgentEndpoint#CHAT_ATTRIBUTE} says so); a previous
     * connection of the same chat no longer does, and its id is returned (the caller closes it), else {@code null}.
     */
    @Override
    public String attachUser(String chatId, String connection) {
        SocketIOClient client = connections.get(connection);
        if (client == null) return null;
        client.set(LiveAgentEndpoint.CHAT_ATTRIBUTE, chatId);
        SocketIOClient previous = users.put(chatId, client);
        if (previous == null || previous == client) return null;
        previous.del(LiveAgentEndpoint.CHAT_ATTRIBUTE);
        return id(previous);
    }

    @Override
    public boolean detachUser(String chatId, String connection) {
        SocketIOClient c = users.get(chatId);
        return c != null && id(c).equals(connection) && users.remove(chatId, c);
    }

    /** True when the connection was the chat's current one (and is no longer). */
    boolean detachUser(String chatId, SocketIOClient client) {
        return users.remove(chatId, client);
    }

    @Override
    public void attachAgent(String agent, String connection) {
        SocketIOClient client = connections.get(connection);
        if (client != null)
            agents.computeIfAbsent(agent, k -> ConcurrentHashMap.newKeySet()).add(client);
    }

    @Override
    public boolean detachAgent(String agent, String connection) {
        Set<SocketIOClient> set = agents.get(agent);
        if (set != null) set.removeIf(c -> id(c).equals(connection));
        return true; // a single desk counted every connection that signed in, attached or closed meanwhile
    }

    @Override
    public void send(String connection, AgentEvent event) {
        SocketIOClient client = connections.get(connection);
        if (client != null) send(client, event);
    }

    @Override
    public void toUser(String chatId, int id, String text, Runnable acknowledged) {
        SocketIOClient c = users.get(chatId);
        if (c == null) {
            log.debug("chat {}: the bot connection is gone; the message is stored", chatId);
            return;
        }
        if (!delivery(c)) {
            c.sendEvent(LiveAgentEvents.TO_USER, new ToUserPayload(text));
            return;
        }
        c.sendEvent(
                LiveAgentEvents.TO_USER,
                new AckCallback<>(Object.class) {
                    @Override
                    public void onSuccess(Object result) {
                        acknowledged.run();
                    }
                },
                new DeliveredToUser(text, id));
    }

    @Override
    public void agentStatus(String chatId, String status) {
        SocketIOClient c = users.get(chatId);
        if (c != null && delivery(c)) c.sendEvent(AGENT_STATUS, Map.of("status", status));
    }

    @Override
    public void queuePosition(String chatId, int position, String department) {
        SocketIOClient c = users.get(chatId);
        if (c != null && notices(c))
            c.sendEvent(LiveAgentEvents.QUEUE_POSITION, new QueuePositionPayload(position, department));
    }

    @Override
    public void agentJoined(String chatId, String agent, String language) {
        SocketIOClient c = users.get(chatId);
        if (c != null && notices(c)) c.sendEvent(LiveAgentEvents.AGENT_JOINED, new AgentJoinedPayload(agent, language));
    }

    static boolean notices(SocketIOClient client) {
        return Boolean.TRUE.equals(client.get(NOTICES_ATTRIBUTE));
    }

    static boolean delivery(SocketIOClient client) {
        return Boolean.TRUE.equals(client.get(DELIVERY_ATTRIBUTE));
    }

    /** {@code to_user} with the delivery addition: the message and its id, growing within the chat. */
    record DeliveredToUser(String message, long id) {}

    @Override
    public void endUserChat(String chatId) {
        SocketIOClient c = users.remove(chatId);
        if (c != null) {
            c.sendEvent(LiveAgentEvents.DISCONNECT_SOCKET, Map.of("reason", "chat ended"));
        }
    }

    @Override
    public void toAgent(String agent, AgentEvent event) {
        Set<SocketIOClient> set = agents.get(agent);
        if (set == null) return;
        for (SocketIOClient c : set) send(c, event);
    }

    /** The event on one agent connection: its name, and its payload as the JSON argument. */
    static void send(SocketIOClient client, AgentEvent event) {
        client.sendEvent(event.event(), event.payload());
    }
}
