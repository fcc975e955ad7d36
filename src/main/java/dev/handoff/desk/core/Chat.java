package dev.handoff.desk.core;

import dev.handoff.desk.api.ChatSummary;
import dev.handoff.desk.api.Contact;
import dev.handoff.desk.store.ChatFacts;
import dev.handoff.desk.store.StoredChat;
import dev.handoff.desk.store.StoredMessage;
import dev.handoff.desk.store.StoredTranslation;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

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
 * status, the user's bot is connected or gone ({@link #userLeft}, {@link #userBack}).
 *
 * <h2>Delivery</h2>
 *
 * <p>Every message for the user ({@link #forUser}) stays in {@code unacked} until the client
 * acknowledges its id ({@link #acknowledged}); {@code toUserAcked} is the highest acknowledged id, and
 * is stored. A bot connection is {@code userReady} once the desk answered its {@code username} and
 * sent the unacknowledged messages again ({@link #ready()}); only then do new messages go out on it.
 * On a connection without the delivery addition a message counts as acknowledged once sent.
 * {@code clientIds} are the ids of the user messages already stored, so a message sent again is not
 * stored twice. {@code agentAway}: the user was told the agent is away and not yet that it is back.
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
    private String language;
    private String subject;
    private ChatStatus status;
    private String agent;
    private Instant queuedAt;
    private Instant lastActivityAt;
    private Instant archivedAt;
    private String archiveReason;
    /** What metrics and reports are computed from: set by the transitions, stored with the chat. */
    private ChatFacts facts;

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
    // guarded by the desk's lock: delivery state, rebuilt by resumed() from the store
    private boolean delivery;
    private boolean userReady;
    private int toUserAcked;
    private final TreeMap<Integer, String> unacked = new TreeMap<>();
    /** The highest seq known durable: a message for the user goes out only once it is, so its id is never reused. */
    private int durableSeq;

    private final Set<String> clientIds = new HashSet<>();
    private boolean agentAway;
    /**
     * Whether the chat's language is settled (the {@code username} addition gave it, an agent corrected it, or a
     * previous run had it): detection no longer changes it. Otherwise the first confident detection sets it and
     * two confident detections in a row of another language switch it ({@link #detected}).
     */
    private boolean languagePinned;
    /** A confident detection of a language other than the chat's, waiting for a second one in a row. */
    private String switchingTo;
    /** SHA-256 of the resume token, or {@code null}: a chat opened without the delivery addition has none. */
    private String resumeHash;
    // guarded by the desk's lock: the notices addition, decided by each connection's username
    private boolean notices;
    /**
     * What the connection was last told: a place ({@code noticedDepartment}, {@code noticedPosition} above 0), an
     * agent ({@code noticedAgent}), or nothing.
     */
    private String noticedDepartment;

    private int noticedPosition;
    private String noticedAgent;
    /** When the connection was last told a queue position (they are sent at most once per {@code spacing}). */
    private Instant lastPositionAt;

    private Chat(StoredChat s) {
        this.id = s.id();
        this.botId = s.botId();
        this.conversationId = s.conversationId();
        this.department = s.department();
        this.language = s.language();
        this.languagePinned = s.language() != null;
        this.contact = s.contact();
        this.subject = s.subject();
        this.status = ChatStatus.fromWire(s.status());
        this.agent = s.agent();
        this.createdAt = s.createdAt();
        this.queuedAt = s.queuedAt();
        this.lastActivityAt = s.lastActivityAt() == null ? s.createdAt() : s.lastActivityAt();
        this.archivedAt = s.archivedAt();
        this.archiveReason = s.archiveReason();
        this.facts = s.facts();
    }

    /**
     * A new chat, queued, its user connected ({@code delivery}: with the delivery addition; {@code
     * resumeHash}: its resume token's hash, or {@code null}).
     */
    static Chat opened(StoredChat s, Instant nextAutoReplyAt, boolean delivery, boolean notices, String resumeHash) {
        Chat chat = new Chat(s);
        chat.userConnected = true;
        chat.delivery = delivery;
        chat.notices = notices;
        chat.resumeHash = resumeHash;
        chat.nextAutoReplyAt = nextAutoReplyAt;
        return chat;
    }

    /**
     * A chat a previous run left open, with its stored messages, the highest {@code to_user} id its
     * client acknowledged, the client ids of its user messages and its resume token's hash (or {@code
     * null}): its user is gone since {@code now}.
     */
    static Chat resumed(
            StoredChat s,
            List<StoredMessage> messages,
            int toUserAcked,
            Set<String> clientIds,
            String resumeHash,
            Instant now,
            Instant nextAutoReplyAt) {
        Chat chat = new Chat(s);
        chat.resumeHash = resumeHash;
        chat.hasHistory = messages.stream().anyMatch(StoredMessage::history);
        int lastSeq = messages.stream()
                .filter(m -> !m.history())
                .mapToInt(StoredMessage::seq)
                .max()
                .orElse(0);
        // an id the client acknowledged is never used again, even if its message was not stored in time
        chat.nextSeq = Math.max(lastSeq, toUserAcked) + 1;
        chat.durableSeq = chat.nextSeq - 1; // what was read back is durable
        chat.toUserAcked = toUserAcked;
        chat.clientIds.addAll(clientIds);
        for (StoredMessage m : messages) {
            if (!m.history() && isForUser(m.sender()) && m.seq() > toUserAcked) chat.unacked.put(m.seq(), sent(m));
        }
        chat.facts = chat.facts.withMessages(
                (int) messages.stream()
                        .filter(m -> !m.history() && m.sender().equals(HelpDesk.USER))
                        .count(),
                (int) messages.stream()
                        .filter(m -> !m.history() && m.sender().equals(HelpDesk.AGENT))
                        .count(),
                messages.stream()
                        .filter(m -> !m.history() && m.sender().equals(HelpDesk.AGENT))
                        .map(StoredMessage::at)
                        .findFirst()
                        .orElse(null));
        if (chat.agent != null && chat.facts.assignedAt() == null) {
            // an agent had it before the chat facts (migration V5): its agent is its first, else it would count as
            // abandoned. From when it was queued (else created): migration V7 already took an assignment's start
            // wherever the store has one, so the store has none to read for such a chat
            chat.facts = chat.facts.assigned(chat.agent, chat.queuedAt != null ? chat.queuedAt : chat.createdAt);
        }
        chat.userConnected = false;
        chat.userGoneAt = now;
        chat.nextAutoReplyAt = nextAutoReplyAt;
        return chat;
    }

    /** The text the user was sent for a message: an agent message's translation when it has one, else its text. */
    static String sent(StoredMessage m) {
        return m.translation() != null && m.translation().ok() && m.sender().equals(HelpDesk.AGENT)
                ? m.translation().text()
                : m.text();
    }

    // ---------------------------------------------------------------- transitions

    /**
     * A user message's language, given what the detector said ({@code null}: not confident): the chat's when it
     * is pinned or nothing was detected; otherwise the detected one. A detection also sets the chat's language
     * when it had none, and switches it when it is the second confident detection in a row of the same other
     * language (one English sentence in an isiZulu chat does not switch it; two do).
     */
    String userMessageLanguage(String detectedLanguage) {
        if (languagePinned || detectedLanguage == null) return language;
        if (language == null || detectedLanguage.equals(switchingTo)) {
            language = detectedLanguage;
            switchingTo = null;
        } else if (detectedLanguage.equals(language)) {
            switchingTo = null;
        } else {
            switchingTo = detectedLanguage;
        }
        return detectedLanguage;
    }

    /** An agent corrected the chat's language: pinned from now on. */
    void correctLanguage(String language) {
        this.language = language;
        this.languagePinned = true;
        this.switchingTo = null;
    }

    /**
     * QUEUED (or released) → ASSIGNED to {@code agent}: the SLA clock starts. Returns whether the chat was
     * waiting in a queue.
     */
    boolean assign(String agent, Instant now, Instant slaDueAt) {
        boolean wasQueued = status == ChatStatus.QUEUED;
        this.status = ChatStatus.ASSIGNED;
        this.agent = agent;
        this.assignedAt = now;
        this.facts = facts.assigned(agent, now);
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

    /** The chat is being transferred (to an agent or a department): counted; the release and the rest follow. */
    void transferred() {
        this.facts = facts.transferred();
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
        if (reason == ArchiveReason.RESOLVED) this.facts = facts.resolved(now);
    }

    /**
     * The next live message of the chat; {@code activity} resets the idle clock. A user's or an agent's message
     * is counted in the chat's {@link ChatFacts} (the desk's own are not).
     */
    StoredMessage append(String sender, String author, String text, Instant now, String language, boolean activity) {
        return append(sender, author, text, now, language, activity, null);
    }

    /** As {@link #append(String, String, String, Instant, String, boolean)}, with a translation stored beside it. */
    StoredMessage append(
            String sender,
            String author,
            String text,
            Instant now,
            String language,
            boolean activity,
            StoredTranslation translation) {
        StoredMessage m = new StoredMessage(id, nextSeq, false, sender, author, text, language, translation, now);
        nextSeq++;
        if (activity) lastActivityAt = now;
        if (HelpDesk.USER.equals(sender)) facts = facts.userWrote();
        else if (HelpDesk.AGENT.equals(sender)) facts = facts.agentWrote(now);
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

    /** How a {@code username} may carry this chat; see {@link #claim}. */
    enum Claim {
        /** The chat has a live connection, and the resume token was presented: that connection is replaced. */
        TAKE_OVER,
        /** No live connection; the resume token was presented. */
        RESUME_WITH_TOKEN,
        /** No live connection; the chat has a token, not presented, but the connection proved its bot's key. */
        RESUME_WITH_KEY,
        /** No live connection and no token to prove: a chat opened without the delivery addition. */
        RESUME_FREELY,
        /** Refused: the connection cannot prove it may carry the chat. */
        REFUSED
    }

    /**
     * Whether a {@code username} presenting {@code token} (may be {@code null}) and, if {@code botKey},
     * its bot's key may carry this chat. Only the token takes over a live connection: the key proves the
     * bot, not the conversation.
     */
    Claim claim(String token, boolean botKey) {
        boolean tokenOk = ResumeTokens.matches(token, resumeHash);
        if (userConnected) return tokenOk ? Claim.TAKE_OVER : Claim.REFUSED;
        if (resumeHash == null) return Claim.RESUME_FREELY;
        if (tokenOk) return Claim.RESUME_WITH_TOKEN;
        return botKey ? Claim.RESUME_WITH_KEY : Claim.REFUSED;
    }

    /** Whether the chat has a resume token. */
    boolean hasResumeToken() {
        return resumeHash != null;
    }

    /** A new resume token replaces the old one (its hash; the token itself is never kept). */
    void resumeHash(String hash) {
        this.resumeHash = hash;
    }

    /** The user's bot is back ({@code delivery}: with the delivery addition); {@link #ready()} follows. */
    void userBack(boolean delivery, boolean notices) {
        this.userConnected = true;
        this.userGoneAt = null;
        this.delivery = delivery;
        this.userReady = false;
        this.notices = notices;
        forgetNotices(); // a new connection is told where the chat stands
        this.lastPositionAt = null;
    }

    /** Whether the connection asked for the notices addition and can be told now. */
    boolean wantsNotices() {
        return notices && canSendToUser();
    }

    /** What {@link #positionDue} says. */
    enum PositionNotice {
        /** Tell it now (recorded as told). */
        TELL,
        /** The connection knows it already. */
        KNOWN,
        /** It changed, but the last one went out less than the spacing ago: a later call tells it. */
        LATER
    }

    /**
     * Whether to tell the connection the chat waits at {@code position} now: it changed since last told,
     * and the last position went out at least {@code spacing} ago (else a later call tells it). Records it
     * as told when so.
     */
    PositionNotice positionDue(int position, Instant now, Duration spacing) {
        if (position == noticedPosition && department.equals(noticedDepartment)) return PositionNotice.KNOWN;
        if (lastPositionAt != null && now.isBefore(lastPositionAt.plus(spacing))) return PositionNotice.LATER;
        noticedDepartment = department;
        noticedPosition = position;
        noticedAgent = null;
        lastPositionAt = now;
        return PositionNotice.TELL;
    }

    /** Whether to tell the connection that its agent joined: not told yet for this agent. Records it as told. */
    boolean agentJoinedDue() {
        if (noticedPosition == 0 && noticedAgent != null && noticedAgent.equals(agent)) return false;
        noticedDepartment = null;
        noticedPosition = 0;
        noticedAgent = agent;
        return true;
    }

    private void forgetNotices() {
        noticedDepartment = null;
        noticedPosition = 0;
        noticedAgent = null;
    }

    /** The bot's connection is answered: returns the unacknowledged messages (id → text) to send again, in order. */
    /**
     * The user's connection is ready: the messages kept for the user that are durable, in order (those
     * not yet durable go out when they are).
     */
    Map<Integer, String> ready() {
        this.userReady = true;
        return new TreeMap<>(unacked.headMap(durableSeq + 1));
    }

    /** Whether the message for the user with this id is kept until acknowledged (not yet acknowledged). */
    boolean awaitsAck(int seq) {
        return unacked.containsKey(seq);
    }

    /** Every message of this chat up to {@code seq} is durable. */
    void durableUpTo(int seq) {
        durableSeq = Math.max(durableSeq, seq);
    }

    /** A message for the user, kept until acknowledged. */
    void forUser(int id, String text) {
        unacked.put(id, text);
    }

    /** The client acknowledged every message up to {@code id}: whether that is news. */
    boolean acknowledged(int id) {
        if (id <= toUserAcked) return false;
        toUserAcked = id;
        unacked.headMap(id, true).clear();
        return true;
    }

    boolean allAcknowledged() {
        return unacked.isEmpty();
    }

    /** Whether a user message with this client id is already stored. */
    boolean hasClientId(String clientId) {
        return clientIds.contains(clientId);
    }

    void clientIdStored(String clientId) {
        clientIds.add(clientId);
    }

    /** Whether the user must now be told the agent is away (it was not yet). */
    boolean agentLeft() {
        if (agentAway) return false;
        agentAway = true;
        return true;
    }

    /** Whether the user must now be told the agent is back (it was told the agent was away). */
    boolean agentBack() {
        if (!agentAway) return false;
        agentAway = false;
        return true;
    }

    static boolean isForUser(String sender) {
        return HelpDesk.AGENT.equals(sender) || HelpDesk.DESK.equals(sender);
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

    boolean delivery() {
        return delivery;
    }

    boolean canSendToUser() {
        return userConnected && userReady;
    }

    boolean agentAway() {
        return agentAway;
    }

    Instant archivedAt() {
        return archivedAt;
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

    ChatFacts facts() {
        return facts;
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
                archiveReason,
                facts);
    }

    ChatSummary summary() {
        return Views.summary(stored(), userConnected);
    }
}
