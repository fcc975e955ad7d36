package dev.handoff.desk.server;

import com.corundumstudio.socketio.SocketIOClient;
import dev.handoff.desk.api.AgentEvent;
import dev.handoff.desk.cluster.ClusterConnections;

/**
 * A cluster node's own sockets as the cluster sees them: the {@link SocketOutbox}'s calls, plus closing a
 * connection whose chat resumed on another node and closing them all so that every client resumes (after a change
 * of leader, or when this node's connection to Redis is back).
 */
final class NodeSockets implements ClusterConnections.Local {
    private final SocketOutbox outbox;

    NodeSockets(SocketOutbox outbox) {
        this.outbox = outbox;
    }

    @Override
    public void replaced(String chatId, String connection) {
        SocketIOClient client = outbox.connection(connection);
        if (client == null) return;
        outbox.detachUser(chatId, client);
        client.del(LiveAgentEndpoint.CHAT_ATTRIBUTE);
        LiveAgentEndpoint.close(client);
    }

    @Override
    public void closeAll() {
        for (SocketIOClient client : outbox.all()) LiveAgentEndpoint.drop(client);
    }

    @Override
    public String attachUser(String chatId, String connection) {
        return outbox.attachUser(chatId, connection);
    }

    @Override
    public boolean detachUser(String chatId, String connection) {
        return outbox.detachUser(chatId, connection);
    }

    @Override
    public void attachAgent(String agent, String connection) {
        outbox.attachAgent(agent, connection);
    }

    @Override
    public boolean detachAgent(String agent, String connection) {
        return outbox.detachAgent(agent, connection);
    }

    @Override
    public void send(String connection, AgentEvent event) {
        outbox.send(connection, event);
    }

    @Override
    public void toUser(String chatId, int id, String text, Runnable acknowledged) {
        outbox.toUser(chatId, id, text, acknowledged);
    }

    @Override
    public void agentStatus(String chatId, String status) {
        outbox.agentStatus(chatId, status);
    }

    @Override
    public void queuePosition(String chatId, int position, String department) {
        outbox.queuePosition(chatId, position, department);
    }

    @Override
    public void agentJoined(String chatId, String agent, String language) {
        outbox.agentJoined(chatId, agent, language);
    }

    @Override
    public void endUserChat(String chatId) {
        outbox.endUserChat(chatId);
    }

    @Override
    public void toAgent(String agent, AgentEvent event) {
        outbox.toAgent(agent, event);
    }
}
