package dev.handoff.desk.core;

import dev.handoff.desk.api.AgentEvent;

/**
 * The sockets of one node, as the desk names them: a connection is a string id, unique across nodes. The desk
 * calls these under its lock (they must not block); a connection that is gone is ignored. In single-node mode
 * the server's outbox implements it; in cluster mode the desk's node will forward each call to the node that
 * holds the connection.
 */
public interface DeskConnections {
    /**
     * {@code connection} now carries the chat; the connection of the chat it replaces is returned ({@code null}:
     * none), and no longer carries it.
     */
    String attachUser(String chatId, String connection);

    /** Whether {@code connection} was the chat's current one (and is no longer). */
    boolean detachUser(String chatId, String connection);

    void attachAgent(String agent, String connection);

    /**
     * Whether the desk counted {@code connection} as the agent's: false for one it never attached (in a cluster, a
     * connection an earlier leader attached), whose closing must not take the agent offline.
     */
    boolean detachAgent(String agent, String connection);

    /** The event on one connection (of an agent). */
    void send(String connection, AgentEvent event);
}
