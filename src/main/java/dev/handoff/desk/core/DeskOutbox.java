package dev.handoff.desk.core;

/**
 * Where the {@link HelpDesk} sends what it decides: messages for users (over {@code /live_agent})
 * and events for agents (over {@code /agents}). Called under the desk's lock: must not block.
 */
public interface DeskOutbox {
    /** {@code to_user {"message": text}} on the chat's bot connection, if it is connected. */
    void toUser(String chatId, String text);

    /** {@code disconnect_socket} on the chat's bot connection, if it is connected: the live chat is over. */
    void endUserChat(String chatId);

    /** An event of {@code dev.handoff.desk.api.AgentEvents} for every connection of the agent. */
    void toAgent(String agent, String event, Object payload);
}
