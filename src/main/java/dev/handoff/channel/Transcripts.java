package dev.handoff.channel;

import java.util.List;

/**
 * What each session's user has seen, so that a reloaded page shows it again and a REST client fetches what
 * came after its last message. The channels' one storage port: {@link InMemoryTranscripts} keeps a bounded
 * window in memory; a conversation store can stand in for it.
 *
 * <p><b>Threading.</b> Thread-safe. {@link #append} is called with the conversation's lock held (from {@link
 * dev.handoff.dialogue.UserChannel#deliver}), on a turn's worker or a live-agent thread: it must not block for
 * long (a database store writes behind). {@link #after} is called on the sessions' workers and the REST channel's
 * timer, never on a Socket.IO event thread.
 *
 * <p><b>Stability.</b> Experimental SPI.
 */
public interface Transcripts {
    /** Adds a line to the session's transcript and returns it numbered: one more than the last. */
    ChatLine append(String sessionId, ChatLine line);

    /** The session's lines numbered above {@code afterSeq}, oldest first (those still kept). */
    List<ChatLine> after(String sessionId, long afterSeq);

    /**
     * A session opened on a stored conversation: {@code history} is the end of its stored transcript, numbered
     * by position in it (the first line ever said is 1), and {@code last} the number of its last line; the next
     * {@link #append} is {@code last + 1}. Replaces what was kept for the session. Called before any line of the
     * session is appended, with the conversation's lock held.
     */
    default void opened(String sessionId, List<ChatLine> history, long last) {}
}
