package dev.handoff.liveagent;

/**
 * What a live-agent session reports about its conversation. Calls for one session come one at a
 * time, in order, off the transport's threads.
 */
public interface LiveAgentListener {

    /**
     * The live agent has the conversation: {@code username} was sent for the first time (and, with a
     * server that speaks the delivery addition, acknowledged: the chat is stored).
     */
    void onConnected();

    /** A {@code to_user} message: show it to the user. */
    void onAgentMessage(String text);

    /**
     * A {@code to_user} message, with the session's delivery state once it is handed over (its id counted as
     * delivered). The session acknowledges the message to the server only after this returns, so a listener
     * that stores the message and the state durably here loses and doubles nothing across a restart. By
     * default, {@link #onAgentMessage(String)}.
     */
    default void onAgentMessage(String text, DeliveryState state) {
        onAgentMessage(text);
    }

    /**
     * The session's delivery state changed (the server accepted the chat and gave its resume token, a user
     * message was given an id, or acknowledged): a listener that keeps conversations across restarts stores it.
     */
    default void onDeliveryState(DeliveryState state) {}

    /** The connection dropped; the session is trying to re-establish it. Messages sent now are kept. */
    default void onReconnecting() {}

    /**
     * The connection is back and {@code username} was sent (acknowledged) again; kept messages are
     * being delivered.
     */
    default void onReconnected() {}

    /** The agent the chat is assigned to lost their connection (delivery addition's {@code agent_status}). */
    default void onAgentAway() {}

    /** The agent (or another one the chat moved to) is there again after {@link #onAgentAway()}. */
    default void onAgentBack() {}

    /**
     * The chat waits in the live agent's queue at {@code position} (1: next). Only from a server that
     * reports the queue ({@link LiveAgentSession#reportsQueue()}, README "The notices addition"): when the
     * chat starts waiting, whenever its position changes, when it is back in a queue, and again after a
     * reconnect. The same position may come twice.
     */
    default void onQueuePosition(int position) {}

    /**
     * An agent has the chat: took it, was assigned it, or a transfer brought it. {@code agent} is the name
     * the desk shows users. Only from a server that reports the queue; again after a reconnect (the same
     * agent may come twice).
     */
    default void onAgentJoined(String agent) {}

    /**
     * The live agent's server will never take this user message (it answered it with a rejection):
     * tell the user it was not delivered. {@code code} is the server's stable error code, for example
     * {@code too_long}; {@code reason} its explanation (either may be {@code null}).
     */
    default void onNotDelivered(String userMessage, String code, String reason) {}

    /** {@code disconnect_socket}: the live chat is over and the connection is closed. */
    void onEnded();

    /**
     * The handoff could not be established, or the connection was lost for good. The connection is
     * closed. {@code undelivered} holds the user's messages that never reached the live agent (or, with
     * the delivery addition, were never acknowledged), in order.
     */
    void onFailed(LiveAgentFailure failure, java.util.List<String> undelivered);
}
