package dev.handoff.liveagent;

/**
 * What a live-agent session reports about its conversation. Calls for one session come one at a
 * time, in order, off the transport's threads.
 */
public interface LiveAgentListener {

    /** {@code username} was sent for the first time: the live agent has the conversation. */
    void onConnected();

    /** A {@code to_user} message: show it to the user. */
    void onAgentMessage(String text);

    /** The connection dropped; the session is trying to re-establish it. Messages sent now are kept. */
    default void onReconnecting() {}

    /** The connection is back and {@code username} was sent again; kept messages are being delivered. */
    default void onReconnected() {}

    /** {@code disconnect_socket}: the live chat is over and the connection is closed. */
    void onEnded();

    /**
     * The handoff could not be established, or the connection was lost for good. The connection is
     * closed. {@code undelivered} holds the user's messages that never reached the live agent, in order.
     */
    void onFailed(LiveAgentFailure failure, java.util.List<String> undelivered);
}
