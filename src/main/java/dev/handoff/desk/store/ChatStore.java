package dev.handoff.desk.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Where the desk keeps chats, messages, contacts and assignments. Implementations are thread-safe.
 * A store writes before it returns ({@link JdbcChatStore}) or behind ({@link WriteBehindChatStore}):
 * either way writes are durable in call order, and {@link #durable()} says when.
 */
public interface ChatStore extends AutoCloseable {
    /**
     * Runs {@code writes} (calls of this store's write methods, on this thread) as one transaction where the store
     * can: all are committed together or none is, and the caller may run them again. The default runs them as they
     * come.
     */
    default void batch(Runnable writes) {
        writes.run();
    }

    /** Whether the database still answers, checked between this store's own statements. The default: true. */
    default boolean alive() {
        return true;
    }

    /** Stores a new chat (and its contact, when it has one). */
    void create(StoredChat chat);

    /** Updates a chat's department, subject, status, agent, times and archive reason. */
    void update(StoredChat chat);

    void append(StoredMessage message);

    /**
     * Appends a user message with the client's id for it ({@code from_user}'s {@code "id"}), unique
     * within the chat: a restarted desk knows which messages it already has.
     */
    void appendFromClient(StoredMessage message, String clientId);

    /** The client ids of the chat's stored user messages. */
    Set<String> clientMessageIds(String chatId);

    /**
     * {@link #appendFromClient(StoredMessage, String)} and {@link #acknowledgeToUser(String, int)} of the message's
     * chat in one write; the default makes the two calls.
     */
    default void appendFromClient(StoredMessage message, String clientId, int toUserAcked) {
        appendFromClient(message, clientId);
        acknowledgeToUser(message.chatId(), toUserAcked);
    }

    /**
     * The client acknowledged every {@code to_user} of the chat up to {@code id}; a lower id changes nothing. A store
     * may hold it in memory for a while and write it with the chat's next user message ({@link WriteBehindChatStore}
     * does): one killed meanwhile has an older one, and the desk sends those messages again, which the client drops
     * by id.
     */
    void acknowledgeToUser(String chatId, int id);

    /** The highest {@code to_user} id the chat's client acknowledged, 0 for none. */
    int toUserAcknowledged(String chatId);

    /**
     * Keeps the SHA-256 (64 hex digits) of the chat's resume token, replacing an earlier one, so a
     * restarted desk still knows who may resume the chat. Never the token itself.
     */
    void setResumeHash(String chatId, String hash);

    /** The SHA-256 of the chat's resume token; empty for a chat that has none. */
    Optional<String> resumeHash(String chatId);

    /**
     * Stores the user's satisfaction with the chat (the rating addition): {@code rating} 1 to 5, {@code comment} or
     * {@code null}, and when. Only the first rating of a chat is stored ({@link Rated#ALREADY_RATED} after it). The
     * future completes once the rating is durable, in call order with the store's other writes (a store that writes
     * behind completes it from its writer thread: never block on it on an event thread).
     */
    java.util.concurrent.CompletableFuture<Rated> rate(String chatId, int rating, String comment, Instant at);

    /** Replaces the chat's bot history (idempotent: a bot may be asked for it more than once). */
    void replaceHistory(String chatId, List<StoredMessage> history);

    /**
     * Replaces the language and the translation of a stored message (the one with the message's chat id, seq
     * and history flag; its text never changes): a translation that arrived, or a language the agent corrected.
     * A message that is not stored (yet) is left alone.
     */
    void updateMessage(StoredMessage message);

    /**
     * Stores the translation of a message as it was when the translation was asked for: only while the stored
     * message still has {@code message.language()}. A message whose language changed since (an agent corrected
     * the chat's language) keeps what it has now, so a late answer never undoes the correction.
     */
    void saveTranslation(StoredMessage message);

    /** The bot history first (oldest first), then the live chat in order. */
    List<StoredMessage> messages(String chatId);

    Optional<StoredChat> chat(String chatId);

    /** Chats not archived: what a restarted desk resumes. */
    List<StoredChat> openChats();

    /** Archived chats of every department, newest first. */
    List<StoredChat> archived(int offset, int limit);

    /**
     * Archived chats of the given departments, newest first: the page is taken after the filter, so
     * {@code offset} and {@code limit} count only those chats. No department, no chat.
     */
    List<StoredChat> archivedIn(Set<String> departments, int offset, int limit);

    /**
     * Archived chats, newest first, whose conversation id, chat id, or contact name, email or phone
     * contains {@code text} (ignoring case), of the given departments ({@code null}: every department;
     * empty: none). As with {@link #archivedIn}, the page is taken after both filters.
     */
    List<StoredChat> searchArchive(Set<String> departments, String text, int offset, int limit);

    void assignmentStarted(String chatId, String agent, Instant at);

    void assignmentEnded(String chatId, String agent, Instant at, String reason);

    /** Assignments of a chat, oldest first, as {@code agent:endReason} ({@code open} when not ended). */
    List<String> assignments(String chatId);

    /**
     * Throws {@link StoreBusyException} when the store cannot take a command's writes now. The desk calls
     * it before a command changes anything, so a refused command leaves nothing half done. A store that
     * writes before it returns always admits.
     */
    default void admit() {}

    /**
     * Completes once every write issued before this call is durable. A store that writes before it
     * returns (as {@link JdbcChatStore} does) answers a completed future; a store that writes behind
     * completes it from its writer thread, so callers must not block on it on an event thread.
     */
    default java.util.concurrent.CompletableFuture<Void> durable() {
        return java.util.concurrent.CompletableFuture.completedFuture(null);
    }

    @Override
    void close();
}
