package dev.handoff.desk.core;

import dev.handoff.desk.api.ChatSummary;
import dev.handoff.desk.api.Contact;
import dev.handoff.desk.store.StoredChat;
import dev.handoff.desk.store.StoredMessage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * An open chat inside the {@link HelpDesk}: the one object that changes a chat's state. Its
 * transitions change memory only; the desk stores the result ({@link #stored()}) and tells agents.
 *
 * <h2>States</h2>
 *
 * <pre>
 *            assign                         archive
 *   QUEUED ----------&gt; ASSIGNED ----------------------------&gt; ARCHIVED
 *     ^  |               |  release, then assign (to an agent)    (terminal: the chat
 *     |  |               |  release, then requeue (to a queue)     leaves the desk)
 *     |  +---------------|--------------------------------------&gt;
 *     +------------------+        archive
 * </pre>
 *
 * <p>{@link #release()} leaves the chat {@code ASSIGNED} without an agent only until the
 * {@link #assign} or {@link #requeue} that follows it in the same desk call. Independently of the
 * status, the user's bot is connected or gone ({@link #userLeft}, {@link #userBack}); messages for a
 * gone user wait in {@link #deliverLater} until it is back.
 *
 * <h2>Threads</h2>
 *
 * <p>Final fields may be read anywhere. Every other field is read and written only under the desk's
 * lock (the {@link HelpDesk} monitor): socket threads and the timer thread both call in through it.
 * Nothing here blocks or does I/O.
 */
final class Chat {
    final String id;
    final String botId;
    final String conversationId;
    final Contact contact;
    final Instant createdAt;

    // guarded by the desk's lock: what is stored
    private String department;
    private final String language;
    private String subject;
    private ChatStatus status;
    private String agent;
    private Instant queuedAt;
    private Instant lastActivityAt;
    private Instant archivedAt;
    private String archiveReason;

    // guarded by the desk's lock: live state, rebuilt by resume()
    private boolean userConnected;
    private Instant userGoneAt;
    private int nextSeq = 1;
    private boolean hasHistory;
    private Instant nextAutoReplyAt;
    private Instant assignedAt;
    private Instant slaDueAt;
    private boolean answered;
    private boolean reminded;
    /** Messages for the user sent while its bot was not connected: delivered, in order, when it is back. */
    private final List<String> undelivered = new ArrayList<>();

    private Chat(StoredChat s) {
        this.id = s.id();
        this.botId = s.botId();
        this.conversationId = s.conversationId();
        this.department = s.department();
        this.language = s.language();
        this.contact = s.contact();
        this.subject = s.subject();
        this.status = ChatStatus.fromWire(s.status());
        this.agent = s.agent();
        this.createdAt = s.createdAt();
        this.queuedAt = s.queuedAt();
        this.lastActivityAt = s.lastActivityAt() == null ? s.createdAt() : s.lastActivityAt();
        this.archivedAt = s.archivedAt();
        this.archiveReason = s.archiveReason();
    }

    /** A new chat, queued, its user connected. */
    static Chat opened(StoredChat s, Instant nextAutoReplyAt) {
        Chat chat = new Chat(s);
        chat.userConnected = true;
        chat.nextAutoReplyAt = nextAutoReplyAt;
        return chat;
    }

    /** A chat a previous run left open, with its stored messages: its user is gone since {@code now}. */
    static Chat resumed(StoredChat s, List<StoredMessage> messages, Instant now, Instant nextAutoReplyAt) {
        Chat chat = new Chat(s);
        chat.hasHistory = messages.stream().anyMatch(StoredMessage::history);
        chat.nextSeq = messages.stream()
                        .filter(m -> !m.history())
                        .mapToInt(StoredMessage::seq)
                        .max()
                        .orElse(0)
                + 1;
        chat.userConnected = false;
        chat.userGoneAt = now;
        chat.nextAutoReplyAt = nextAutoReplyAt;
        return chat;
    }

    // ---------------------------------------------------------------- transitions

    /**
     * QUEUED (or released) → ASSIGNED to {@code agent}: the SLA clock starts. Returns whether the chat was
     * waiting in a queue.
     */
    boolean assign(String agent, Instant now, Instant slaDueAt) {
        boolean wasQueued = status == ChatStatus.QUEUED;
        this.status = ChatStatus.ASSIGNED;
        this.agent = agent;
        this.assignedAt = now;
        this.slaDueAt = slaDueAt;
        this.answered = false;
        this.reminded = false;
        return wasQueued;
    }

    /** A resumed ASSIGNED chat keeps its agent; its SLA clock restarts at {@code now}. */
    void resumeAssignment(Instant now, Instant slaDueAt, boolean answered) {
        this.assignedAt = now;
        this.slaDueAt = slaDueAt;
        this.answered = answered;
    }

    /** The agent no longer has the chat; an {@link #assign} or {@link #requeue} follows. */
    void release() {
        this.agent = null;
    }

    /** Moves the chat to another department's queue, before it is assigned there. */
    void moveTo(String department) {
        this.department = department;
    }

    /** → QUEUED in {@code department}: waits again, auto-replies restart. */
    void requeue(String department, Instant now, Instant nextAutoReplyAt) {
        this.department = department;
        this.status = ChatStatus.QUEUED;
        this.agent = null;
        this.queuedAt = now;
        this.nextAutoReplyAt = nextAutoReplyAt;
    }

    /** → ARCHIVED (terminal). The agent, if any, stays on record. */
    void archive(ArchiveReason reason, Instant now) {
        this.status = ChatStatus.ARCHIVED;
        this.archivedAt = now;
        this.archiveReason = reason.wire();
    }

    /** The next live message of the chat; {@code activity} resets the idle clock. */
    StoredMessage append(String sender, String author, String text, Instant now, String language, boolean activity) {
        StoredMessage m = new StoredMessage(id, nextSeq, false, sender, author, text, language, null, now);
        nextSeq++;
        if (activity) lastActivityAt = now;
        return m;
    }

    /** The bot history as messages, numbered from 1 in its own numbering; {@link #historyStored()} follows. */
    List<StoredMessage> history(List<HistoryLine> lines, Instant now) {
        List<StoredMessage> history = new ArrayList<>();
        int seq = 1;
        for (HistoryLine line : lines) {
            history.add(new StoredMessage(id, seq++, true, line.sender(), null, line.text(), language, null, now));
        }
        return List.copyOf(history);
    }

    /** The bot history is stored: a reconnecting bot is not asked for it again. */
    void historyStored() {
        this.hasHistory = true;
    }

    void setSubject(String subject) {
        this.subject = subject;
    }

    void answered() {
        this.answered = true;
    }

    void reminded() {
        this.reminded = true;
    }

    void autoReplied(Instant nextAutoReplyAt) {
        this.nextAutoReplyAt = nextAutoReplyAt;
    }

    /** The user's bot is gone since {@code now}. */
    void userLeft(Instant now) {
        this.userConnected = false;
        this.userGoneAt = now;
    }

    /** The user's bot is back: returns the messages to deliver now, in order (and forgets them). */
    List<String> userBack() {
        this.userConnected = true;
        this.userGoneAt = null;
        List<String> pending = List.copyOf(undelivered);
        undelivered.clear();
        return pending;
    }

    /** A message for the user while its bot is gone. */
    void deliverLater(String text) {
        undelivered.add(text);
    }

    // ---------------------------------------------------------------- reads

    String department() {
        return department;
    }

    String language() {
        return language;
    }

    ChatStatus status() {
        return status;
    }

    String agent() {
        return agent;
    }

    Instant queuedAt() {
        return queuedAt;
    }

    Instant lastActivityAt() {
        return lastActivityAt;
    }

    boolean userConnected() {
        return userConnected;
    }

    Instant userGoneAt() {
        return userGoneAt;
    }

    boolean hasHistory() {
        return hasHistory;
    }

    Instant nextAutoReplyAt() {
        return nextAutoReplyAt;
    }

    Instant assignedAt() {
        return assignedAt;
    }

    Instant slaDueAt() {
        return slaDueAt;
    }

    boolean isAnswered() {
        return answered;
    }

    boolean isReminded() {
        return reminded;
    }

    boolean isWithAgent(String name) {
        return name.equals(agent);
    }

    StoredChat stored() {
        return new StoredChat(
                id,
                botId,
                conversationId,
                department,
                language,
                contact,
                subject,
                status.wire(),
                agent,
                createdAt,
                queuedAt,
                lastActivityAt,
                archivedAt,
                archiveReason);
    }

    ChatSummary summary() {
        return Views.summary(stored(), userConnected);
    }
}
