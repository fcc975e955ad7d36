package dev.handoff.liveagent;

/**
 * The live-agent port: opens one live-agent connection per handed-off conversation. Bound by
 * {@link LiveAgentModule} to the Socket.IO adapter; bind your own to reach another help desk.
 *
 * <p><b>Threading.</b> {@link #open} is called with the conversation's lock held and must never block:
 * it starts connecting and returns at once. The session's methods are thread-safe and never block.
 * The listener's methods are called in order for one session, never concurrently for one session,
 * and never on a transport's I/O or event thread, so a listener may take the conversation's lock
 * and do slow work.
 *
 * <p><b>Ordering.</b> For one session: {@code onConnected} before any {@code onAgentMessage};
 * {@code onReconnecting}/{@code onReconnected} in pairs; {@code onEnded} or {@code onFailed} at most
 * once, and nothing after it. After {@link LiveAgentSession#close()}, the listener hears nothing more.
 * {@link #open} may throw (for example once the client is closed); the caller then treats the
 * handoff as failed.
 *
 * <p><b>Stability.</b> Stable SPI: methods may gain defaults, never lose them.
 */
public interface LiveAgentClient extends AutoCloseable {

    LiveAgentSession open(HandoffRequest request, LiveAgentListener listener);

    /**
     * Sends a user's rating of an ended chat to a server that offered the rating addition ({@link
     * LiveAgentSession#offersRating()}), on a connection of its own, trying again when no answer comes (README "The
     * rating addition"). Never blocks: the stage completes later, never on a transport's thread, and never
     * exceptionally. By default the client cannot send ratings: {@code unsupported}.
     */
    default java.util.concurrent.CompletionStage<RatingOutcome> rate(RatingRequest request) {
        return java.util.concurrent.CompletableFuture.completedFuture(RatingOutcome.failed("unsupported"));
    }

    /** Closes every open session and releases the client's threads. Idempotent. */
    @Override
    void close();
}
