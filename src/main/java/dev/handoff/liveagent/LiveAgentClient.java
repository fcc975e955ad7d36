package dev.handoff.liveagent;

/**
 * The live-agent port: opens one live-agent connection per handed-off conversation.
 *
 * <p>{@link #open} never blocks: it starts connecting and returns at once. The listener's methods
 * are called in order for one session, never concurrently for one session, and never on a
 * transport's I/O or event thread, so a listener may do slow work.
 */
public interface LiveAgentClient extends AutoCloseable {

    LiveAgentSession open(HandoffRequest request, LiveAgentListener listener);

    /** Closes every open session and releases the client's threads. */
    @Override
    void close();
}
