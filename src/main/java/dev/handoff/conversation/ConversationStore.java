package dev.handoff.conversation;

import java.util.List;
import java.util.Optional;

/**
 * Where a bot process keeps its conversations, so that the next process goes on with them: per bot and
 * conversation id, the dialogue state, the handoff and the transcript. Bound by {@link ConversationStoreModule}
 * to {@link JdbcConversationStore}; without it nothing is stored.
 *
 * <p><b>Durability.</b> {@link #write} returns once the write is committed (and, on H2 with {@code
 * WRITE_DELAY=0}, in the file: it survives the process being killed). Callers write before they tell anybody
 * (the user, the live agent's server) that something happened, so what anybody saw is never lost.
 *
 * <p><b>Threading.</b> Thread-safe; every method may block on the database. Writes of one conversation come with
 * that conversation's lock held, so they are in order.
 *
 * <p><b>Stability.</b> Stable SPI: methods may gain defaults, never lose them.
 */
public interface ConversationStore extends AutoCloseable {

    /**
     * The stored conversation, with at most {@code lines} of its most recent user and bot lines; empty if
     * nothing was ever written for it.
     */
    Optional<StoredConversation> load(String botId, String conversationId, int lines);

    /** Writes one turn's or event's changes in one transaction. An empty write does nothing. */
    void write(ConversationWrite write);

    /** The conversation's last {@code limit} transcript lines (every sender), oldest first. */
    List<StoredLine> transcript(String botId, String conversationId, int limit);

    /**
     * How many transcript lines the conversation has (every sender): the position of its last line, which a
     * channel uses to number the lines it shows. The default reads the whole transcript; stores override it.
     */
    default long lineCount(String botId, String conversationId) {
        return transcript(botId, conversationId, Integer.MAX_VALUE).size();
    }

    /** Every conversation whose handoff is {@link StoredHandoff#live()}: with the live agent when the process stopped. */
    List<Key> liveHandoffs();

    /** A conversation's identity in the store. */
    record Key(String botId, String conversationId) {}

    /** Closes the database connection. Idempotent. */
    @Override
    void close();
}
