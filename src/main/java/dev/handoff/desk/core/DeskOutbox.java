package dev.handoff.desk.core;

import dev.handoff.desk.api.AgentEvent;

/**
 * Where the {@link HelpDesk} sends what it decides: messages for users (over {@code /live_agent})
 * and events for agents (over {@code /agents}). Called under the desk's lock: must not block.
 */
public interface DeskOutbox {
    /**
     * {@code to_user {"message": text}} on the chat's bot connection, if it is connected; with the
     * delivery addition also {@code "id"}, and {@code acknowledged} runs (on a socket thread, never under
     * the desk's lock) when the client acknowledges it. Without the addition it never runs.
     */
    void toUser(String chatId, int id, String text, Runnable acknowledged);

    /** {@code agent_status {"status": "away" | "back"}} on the chat's bot connection, if it is connected. */
    void agentStatus(String chatId, String status);

    /**
     * {@code queue_position {"position", "department"}} on the chat's bot connection, if it is connected
     * and accepted the notices addition: the chat waits at {@code position} (1: next).
     */
    void queuePosition(String chatId, int position, String department);

    /**
     * {@code agent_joined {"agent", "language"}} on the chat's bot connection, if it is connected and
     * accepted the notices addition: {@code agent} (the name shown to users) has the chat.
     */
    void agentJoined(String chatId, String agent, String language);

    /** {@code disconnect_socket} on the chat's bot connection, if it is connected: the live chat is over. */
    void endUserChat(String chatId);

    /** The event for every connection of the agent (none when the agent is offline). */
    void toAgent(String agent, AgentEvent event);
}
