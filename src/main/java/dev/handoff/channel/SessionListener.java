package dev.handoff.channel;

/**
 * A transport that shows sessions' lines to their users (a Socket.IO room, REST long-polls).
 *
 * <p><b>Threading.</b> Called with the conversation's lock held, on the thread that made the line (a turn's
 * worker, a live-agent thread): hand the line to the transport and return; never block. For one session,
 * calls never overlap and come in the order of {@link ChatLine#seq()}.
 *
 * <p><b>Stability.</b> Experimental SPI.
 */
public interface SessionListener {
    /** A new line for the session's user. */
    void line(String sessionId, ChatLine line);

    /** The session's handoff state changed. */
    default void status(String sessionId, HandoffStatus status) {}
}
