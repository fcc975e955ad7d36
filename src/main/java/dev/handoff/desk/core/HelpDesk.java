package dev.handoff.desk.core;

import dev.handoff.desk.api.AgentEvent;
import dev.handoff.desk.api.AgentView;
import dev.handoff.desk.api.ArchivePage;
import dev.handoff.desk.api.ChatClosed;
import dev.handoff.desk.api.ChatSummary;
import dev.handoff.desk.api.ChatView;
import dev.handoff.desk.api.DeskError;
import dev.handoff.desk.api.MessageView;
import dev.handoff.desk.api.QueueChange;
import dev.handoff.desk.api.QueueSnapshot;
import dev.handoff.desk.api.SlaReminder;
import dev.handoff.desk.config.AgentConfig;
import dev.handoff.desk.config.DeskConfig;
import dev.handoff.desk.store.ChatStore;
import dev.handoff.desk.store.StoredChat;
import dev.handoff.desk.store.StoredMessage;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The help desk's rules, without sockets: chats wait in a queue per department, are assigned to
 * online agents (automatically when {@code autoAssign} is on, least loaded first, never above an
 * agent's {@code maxChats}), get queue auto-replies while they wait, remind their agent when a new
 * assignment is not answered within the SLA, and are archived when resolved, when the user is gone
 * (after the disconnect grace), or when idle. Time comes from the injected {@link Clock}; timers
 * advance when {@link #tick()} is called (the desk's scheduler does, every {@code tick}).
 *
 * <p>Every method is synchronized: the desk is one consistent state. Results go out through the
 * {@link DeskOutbox}; refused requests throw {@link DeskException}.
 */
public final class HelpDesk {
    private static final Logger log = LoggerFactory.getLogger(HelpDesk.class);
    public static final String USER = "user";
    public static final String BOT = "bot";
    public static final String AGENT = "agent";
    public static final String DESK = "desk";

    private final DeskConfig config;
    private final ChatStore store;
    private final Clock clock;
    private final DeskOutbox outbox;
    private final Supplier<String> ids;
    private final Map<String, Chat> open = new LinkedHashMap<>();
    private final Map<String, String> byConversation = new HashMap<>();
    private final Map<String, AgentState> agents = new LinkedHashMap<>();

    public HelpDesk(DeskConfig config, ChatStore store, Clock clock, DeskOutbox outbox) {
        this(config, store, clock, outbox, randomIds());
    }

    public HelpDesk(DeskConfig config, ChatStore store, Clock clock, DeskOutbox outbox, Supplier<String> ids) {
        this.config = config;
        this.store = store;
        this.clock = clock;
        this.outbox = outbox;
        this.ids = ids;
        Instant now = clock.instant();
        for (AgentConfig a : config.agents()) {
            AgentState state = new AgentState(a);
            state.offlineSince = now;
            agents.put(a.name(), state);
        }
    }

    private static Supplier<String> randomIds() {
        SecureRandom random = new SecureRandom();
        return () -> {
            byte[] b = new byte[6];
            random.nextBytes(b);
            return "c" + Long.toString(System.currentTimeMillis(), 36)
                    + HexFormat.of().formatHex(b);
        };
    }

    /** Loads the chats a previous run left open: their bots get {@code disconnectGrace} to reconnect. */
    public synchronized int resumeStored() {
        Instant now = clock.instant();
        for (StoredChat s : store.openChats()) {
            Chat chat = new Chat(s);
            List<StoredMessage> messages = store.messages(chat.id);
            chat.hasHistory = messages.stream().anyMatch(StoredMessage::history);
            chat.nextSeq = messages.stream()
                            .filter(m -> !m.history())
                            .mapToInt(StoredMessage::seq)
                            .max()
                            .orElse(0)
                    + 1;
            chat.userConnected = false;
            chat.userGoneAt = now;
            chat.nextAutoReplyAt = now.plus(config.autoReply().every());
            if (chat.status == ChatStatus.ASSIGNED) {
                AgentState agent = agents.get(chat.agent);
                if (agent == null) {
                    log.warn(
                            "chat {}: its agent '{}' is no longer configured; back to the {} queue",
                            chat.id,
                            chat.agent,
                            chat.department);
                    chat.status = ChatStatus.QUEUED;
                    chat.agent = null;
                    chat.queuedAt = now;
                    store.update(chat.stored());
                } else {
                    agent.load++;
                    chat.assignedAt = now;
                    chat.answered = messages.stream().anyMatch(m -> m.sender().equals(AGENT));
                    chat.slaDueAt(now.plus(config.sla()));
                }
            }
            open.put(chat.id, chat);
            byConversation.put(key(chat.botId, chat.conversationId), chat.id);
        }
        return open.size();
    }

    // ---------------------------------------------------------------- the bot side (/live_agent)

    /** What {@code username} did: the chat, whether it was resumed, whether to ask for the bot history. */
    public record Opened(String chatId, boolean resumed, boolean needsHistory) {}

    /** A {@code username}: resumes the open chat of this conversation, or queues a new one. */
    public synchronized Opened openChat(OpenChat p) {
        return openChat(p, chatId -> {});
    }

    /**
     * As {@link #openChat(OpenChat)}; {@code attach} runs with the chat's id before anything can be
     * sent to the user (an assignment, an auto-reply), so the connection is known in time.
     */
    public synchronized Opened openChat(OpenChat p, java.util.function.Consumer<String> attach) {
        require(p.conversationId(), "ConversationID");
        require(p.botId(), "BotID");
        String key = key(p.botId(), p.conversationId());
        String existing = byConversation.get(key);
        if (existing != null) {
            Chat chat = open.get(existing);
            chat.userConnected = true;
            chat.userGoneAt = null;
            attach.accept(chat.id);
            log.info(
                    "chat {}: conversation {} of bot {} reconnected{}",
                    chat.id,
                    chat.conversationId,
                    chat.botId,
                    chat.undelivered.isEmpty()
                            ? ""
                            : "; delivering " + chat.undelivered.size() + " message(s) sent meanwhile");
            for (String text : chat.undelivered) outbox.toUser(chat.id, text);
            chat.undelivered.clear();
            notifyChatChanged(chat);
            return new Opened(chat.id, true, !chat.hasHistory);
        }
        Instant now = clock.instant();
        String department = p.department();
        if (department == null || !config.departments().contains(department)) {
            if (department != null) {
                log.warn(
                        "conversation {} of bot {}: unknown department '{}' (known: {}); queued in '{}'",
                        p.conversationId(),
                        p.botId(),
                        department,
                        String.join(", ", config.departments()),
                        config.defaultDepartment());
            }
            department = config.defaultDepartment();
        }
        String language = p.language() == null || p.language().isBlank()
                ? null
                : p.language().trim().toLowerCase(Locale.ROOT);
        StoredChat stored = new StoredChat(
                ids.get(),
                p.botId(),
                p.conversationId(),
                department,
                language,
                p.contact(),
                null,
                ChatStatus.QUEUED.wire(),
                null,
                now,
                now,
                now,
                null,
                null);
        store.create(stored);
        Chat chat = new Chat(stored);
        chat.userConnected = true;
        chat.nextAutoReplyAt = now.plus(config.autoReply().every());
        open.put(chat.id, chat);
        byConversation.put(key, chat.id);
        attach.accept(chat.id);
        log.info(
                "chat {}: conversation {} of bot {} queued in {}",
                chat.id,
                chat.conversationId,
                chat.botId,
                department);
        broadcastQueue("added", chat);
        assignWaiting();
        return new Opened(chat.id, false, true);
    }

    /** A {@code messages_to_client}: the user-bot conversation before the handoff, stored and shown to the agent. */
    public synchronized void recordHistory(String chatId, List<HistoryLine> entries) {
        Chat chat = openChat(chatId);
        Instant now = clock.instant();
        List<StoredMessage> history = new ArrayList<>();
        int seq = 1;
        for (HistoryLine e : entries) {
            history.add(new StoredMessage(chat.id, seq++, true, e.sender(), null, e.text(), chat.language, null, now));
        }
        store.replaceHistory(chat.id, history);
        chat.hasHistory = true;
        if (chat.status == ChatStatus.ASSIGNED)
            outbox.toAgent(chat.agent, new AgentEvent.ChatShown(view(chat.id, chat.summary())));
    }

    /** A {@code from_user}: stored, and sent to the chat's agent. */
    public synchronized MessageView userMessage(String chatId, String text) {
        Chat chat = openChat(chatId);
        checkSize(text, "message");
        StoredMessage m = append(chat, USER, null, text, chat.language);
        MessageView view = view(m);
        if (chat.status == ChatStatus.ASSIGNED) outbox.toAgent(chat.agent, new AgentEvent.Message(view));
        return view;
    }

    /** The bot's connection closed: unless it reconnects within {@code disconnectGrace}, the chat is archived. */
    public synchronized void userDisconnected(String chatId) {
        Chat chat = open.get(chatId);
        if (chat == null) return;
        chat.userConnected = false;
        chat.userGoneAt = clock.instant();
        notifyChatChanged(chat);
        if (config.disconnectGrace().isZero()) archive(chat, ArchiveReason.USER_DISCONNECTED);
    }

    // ---------------------------------------------------------------- agents (/agents)

    public synchronized boolean isAgent(String name) {
        return agents.containsKey(name);
    }

    /** An agent's connection was accepted: the agent is online (unless it set itself away on another connection). */
    public synchronized AgentView agentConnected(String name) {
        return agentConnected(name, view -> {});
    }

    /** As {@link #agentConnected(String)}; {@code signedIn} runs before chats are assigned to the agent. */
    public synchronized AgentView agentConnected(String name, java.util.function.Consumer<AgentView> signedIn) {
        AgentState a = agent(name);
        if (a.connections++ == 0) a.away = false;
        a.offlineSince = null;
        log.info("agent {} signed in ({} connection(s))", name, a.connections);
        signedIn.accept(agentView(a));
        assignWaiting();
        return agentView(a);
    }

    public synchronized void agentDisconnected(String name) {
        AgentState a = agents.get(name);
        if (a == null || a.connections == 0) return;
        a.connections--;
        if (a.connections == 0) {
            a.offlineSince = clock.instant();
            log.info(
                    "agent {} is offline; their {} chat(s) return to the queue unless they are back within {}s",
                    name,
                    a.load,
                    config.disconnectGrace().toSeconds());
        }
    }

    public synchronized AgentView setStatus(String name, String status) {
        AgentState a = agent(name);
        if (!"online".equals(status) && !"away".equals(status)) {
            throw new DeskException(
                    DeskError.Code.BAD_REQUEST, "status must be 'online' or 'away', got " + quote(status));
        }
        a.away = "away".equals(status);
        assignWaiting();
        return agentView(a);
    }

    public synchronized AgentView setLanguage(String name, String language) {
        AgentState a = agent(name);
        if (language == null || language.isBlank() || language.length() > 35) {
            throw new DeskException(
                    DeskError.Code.BAD_REQUEST,
                    "language must be a language code like 'en' or 'zu', got " + quote(language));
        }
        a.language = language.trim().toLowerCase(Locale.ROOT);
        return agentView(a);
    }

    public synchronized AgentView agentView(String name) {
        return agentView(agent(name));
    }

    public synchronized QueueSnapshot queue(String name) {
        AgentState a = agent(name);
        List<ChatSummary> waiting = queued().stream()
                .filter(c -> a.config.serves(c.department))
                .map(Chat::summary)
                .toList();
        List<ChatSummary> mine = open.values().stream()
                .filter(c -> name.equals(c.agent))
                .map(Chat::summary)
                .toList();
        return new QueueSnapshot(waiting, mine);
    }

    /** The agent takes a waiting chat of one of its departments, within its maximum of chats. */
    public synchronized ChatView take(String name, String chatId) {
        AgentState a = agent(name);
        Chat chat = openChat(chatId);
        if (chat.status != ChatStatus.QUEUED) {
            throw new DeskException(
                    DeskError.Code.NOT_WAITING, "chat " + chatId + " is not waiting: it is with " + chat.agent);
        }
        if (!a.config.serves(chat.department)) {
            throw new DeskException(
                    DeskError.Code.NOT_YOUR_DEPARTMENT,
                    "chat " + chatId + " waits in '" + chat.department + "'; you serve "
                            + String.join(", ", a.config.departments()));
        }
        if (a.load >= a.config.maxChats()) {
            throw new DeskException(
                    DeskError.Code.AT_CAPACITY,
                    "you already have " + a.load + " chat(s), your maximum is " + a.config.maxChats());
        }
        assign(chat, a);
        return view(chat.id, chat.summary());
    }

    /** A chat with its messages: any waiting chat, any open chat of the agent, or an archived chat. */
    public synchronized ChatView read(String name, String chatId) {
        AgentState a = agent(name);
        Chat chat = open.get(chatId);
        if (chat == null) return archivedChat(chatId);
        if (chat.status == ChatStatus.ASSIGNED && !name.equals(chat.agent)) {
            throw new DeskException(DeskError.Code.NOT_YOURS, "chat " + chatId + " is with " + chat.agent);
        }
        if (chat.status == ChatStatus.QUEUED && !a.config.serves(chat.department)) {
            throw new DeskException(
                    DeskError.Code.NOT_YOUR_DEPARTMENT, "chat " + chatId + " waits in '" + chat.department + "'");
        }
        return view(chat.id, chat.summary());
    }

    /** An agent's message: stored, sent to the user as {@code to_user}, echoed to the agent's connections. */
    public synchronized MessageView send(String name, String chatId, String text) {
        AgentState a = agent(name);
        Chat chat = mine(a, chatId);
        if (text == null || text.isBlank()) throw new DeskException(DeskError.Code.BAD_REQUEST, "text is empty");
        checkSize(text, "text");
        StoredMessage m = append(chat, AGENT, name, text, a.language);
        chat.answered = true;
        deliver(chat, text);
        MessageView view = view(m);
        outbox.toAgent(name, new AgentEvent.Message(view));
        return view;
    }

    /** Hands one of the agent's chats to another agent, or back to a department's queue. */
    public synchronized void transfer(String name, String chatId, String toAgent, String toDepartment) {
        AgentState from = agent(name);
        Chat chat = mine(from, chatId);
        if ((toAgent == null) == (toDepartment == null)) {
            throw new DeskException(
                    DeskError.Code.BAD_REQUEST, "transfer needs exactly one of 'agent' and 'department'");
        }
        Instant now = clock.instant();
        if (toAgent != null) {
            AgentState to = agents.get(toAgent);
            if (to == null)
                throw new DeskException(
                        DeskError.Code.UNKNOWN_AGENT,
                        "no agent " + quote(toAgent) + " (known: " + String.join(", ", agents.keySet()) + ")");
            if (to == from) throw new DeskException(DeskError.Code.BAD_REQUEST, "chat " + chatId + " is already yours");
            if (!to.connected())
                throw new DeskException(DeskError.Code.AGENT_OFFLINE, "agent " + toAgent + " is offline");
            if (to.load >= to.config.maxChats())
                throw new DeskException(
                        DeskError.Code.AT_CAPACITY,
                        "agent " + toAgent + " is at their maximum of " + to.config.maxChats() + " chats");
            release(chat, from, now, "transferred");
            if (!to.config.serves(chat.department) && !to.config.departments().isEmpty())
                chat.department = to.config.departments().get(0);
            assign(chat, to);
            log.info("chat {}: transferred from {} to {}", chat.id, name, toAgent);
        } else {
            if (!config.departments().contains(toDepartment)) {
                throw new DeskException(
                        DeskError.Code.UNKNOWN_DEPARTMENT,
                        "no department " + quote(toDepartment) + " (known: " + String.join(", ", config.departments())
                                + ")");
            }
            release(chat, from, now, "transferred");
            chat.department = toDepartment;
            chat.status = ChatStatus.QUEUED;
            chat.queuedAt = now;
            chat.nextAutoReplyAt = now.plus(config.autoReply().every());
            store.update(chat.stored());
            log.info("chat {}: transferred by {} to the {} queue", chat.id, name, toDepartment);
            broadcastQueue("added", chat);
            assignWaiting();
        }
    }

    public synchronized ChatSummary subject(String name, String chatId, String subject) {
        Chat chat = mine(agent(name), chatId);
        if (subject != null && subject.length() > 1000)
            throw new DeskException(DeskError.Code.TOO_LONG, "subject is longer than 1000 characters");
        chat.subject = subject == null || subject.isBlank() ? null : subject.strip();
        store.update(chat.stored());
        ChatSummary summary = chat.summary();
        outbox.toAgent(name, new AgentEvent.ChatShown(view(chat.id, summary)));
        return summary;
    }

    /** The agent resolves one of its chats: archived, and the bot gets {@code disconnect_socket}. */
    public synchronized void resolve(String name, String chatId) {
        Chat chat = mine(agent(name), chatId);
        archive(chat, ArchiveReason.RESOLVED);
        assignWaiting();
    }

    public synchronized ArchivePage archive(int offset, int limit) {
        int o = Math.max(0, offset);
        int l = limit <= 0 ? 50 : Math.min(limit, 500);
        return new ArchivePage(
                store.archived(o, l).stream().map(s -> summary(s, false)).toList(), o, l);
    }

    public synchronized ChatView archivedChat(String chatId) {
        StoredChat s = store.chat(chatId)
                .orElseThrow(() -> new DeskException(DeskError.Code.NOT_FOUND, "no chat " + quote(chatId)));
        if (!s.status().equals(ChatStatus.ARCHIVED.wire())) {
            throw new DeskException(DeskError.Code.NOT_FOUND, "chat " + chatId + " is not archived");
        }
        return view(chatId, summary(s, false));
    }

    // ---------------------------------------------------------------- timers

    /** Advances the timers: idle and disconnect archiving, queue auto-replies, SLA reminders, auto-assign. */
    public synchronized void tick() {
        Instant now = clock.instant();
        for (AgentState a : agents.values()) {
            if (a.load > 0
                    && a.offlineSince != null
                    && !a.offlineSince.plus(config.disconnectGrace()).isAfter(now)) {
                requeueChatsOf(a, now);
            }
        }
        for (Chat chat : List.copyOf(open.values())) {
            if (!chat.lastActivityAt.plus(config.idleArchive()).isAfter(now)) {
                archive(chat, ArchiveReason.IDLE);
                continue;
            }
            if (!chat.userConnected
                    && chat.userGoneAt != null
                    && !chat.userGoneAt.plus(config.disconnectGrace()).isAfter(now)) {
                archive(chat, ArchiveReason.USER_DISCONNECTED);
                continue;
            }
            if (chat.status == ChatStatus.QUEUED
                    && config.autoReply().enabled()
                    && chat.userConnected
                    && !chat.nextAutoReplyAt.isAfter(now)) {
                String text = config.autoReply().textFor(chat.language);
                StoredMessage m = append(chat, DESK, null, text, chat.language, false);
                deliver(chat, text);
                broadcastQueue("updated", chat);
                log.debug("chat {}: queue auto-reply {}", chat.id, m.seq());
                chat.nextAutoReplyAt = now.plus(config.autoReply().every());
            }
            if (chat.status == ChatStatus.ASSIGNED
                    && !chat.answered
                    && !chat.reminded
                    && chat.slaDueAt != null
                    && !chat.slaDueAt.isAfter(now)) {
                chat.reminded = true;
                long waited = Duration.between(chat.assignedAt, now).toSeconds();
                log.info(
                        "chat {}: agent {} has not answered for {}s (SLA {}s)",
                        chat.id,
                        chat.agent,
                        waited,
                        config.sla().toSeconds());
                outbox.toAgent(
                        chat.agent,
                        new AgentEvent.SlaDue(
                                new SlaReminder(chat.id, chat.assignedAt.toString(), waited, chat.summary())));
            }
        }
        assignWaiting();
    }

    /** Open chats (not archived) by status, for monitoring and tests. */
    public synchronized Map<String, Long> counts() {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (ChatStatus s : List.of(ChatStatus.QUEUED, ChatStatus.ASSIGNED)) {
            counts.put(
                    s.wire(), open.values().stream().filter(c -> c.status == s).count());
        }
        return counts;
    }

    public synchronized boolean isOpen(String chatId) {
        return open.containsKey(chatId);
    }

    // ---------------------------------------------------------------- internals

    private void deliver(Chat chat, String text) {
        if (chat.userConnected) {
            outbox.toUser(chat.id, text);
        } else {
            chat.undelivered.add(text);
        }
    }

    private void requeueChatsOf(AgentState agent, Instant now) {
        for (Chat chat : List.copyOf(open.values())) {
            if (chat.status != ChatStatus.ASSIGNED || !agent.name().equals(chat.agent)) continue;
            release(chat, agent, now, "agent_offline");
            chat.status = ChatStatus.QUEUED;
            chat.queuedAt = now;
            chat.nextAutoReplyAt = now.plus(config.autoReply().every());
            store.update(chat.stored());
            log.info(
                    "chat {}: agent {} offline since {}; back in the {} queue",
                    chat.id,
                    agent.name(),
                    agent.offlineSince,
                    chat.department);
            broadcastQueue("added", chat);
        }
    }

    private void assignWaiting() {
        if (!config.autoAssign()) return;
        List<AgentState> available = agents.values().stream()
                .filter(a -> a.online() && a.load < a.config.maxChats())
                .toList();
        if (available.isEmpty()) return;
        for (Chat chat : queued()) {
            AgentState best = null;
            for (AgentState a : agents.values()) {
                if (!a.online() || a.load >= a.config.maxChats() || !a.config.serves(chat.department)) continue;
                if (best == null
                        || a.load < best.load
                        || (a.load == best.load && a.lastAssignedAt.isBefore(best.lastAssignedAt))) {
                    best = a;
                }
            }
            if (best != null) assign(chat, best);
        }
    }

    private List<Chat> queued() {
        return open.values().stream()
                .filter(c -> c.status == ChatStatus.QUEUED)
                .sorted(Comparator.comparing((Chat c) -> c.queuedAt).thenComparing(c -> c.createdAt))
                .toList();
    }

    private void assign(Chat chat, AgentState agent) {
        Instant now = clock.instant();
        boolean wasQueued = chat.status == ChatStatus.QUEUED;
        chat.status = ChatStatus.ASSIGNED;
        chat.agent = agent.name();
        chat.assignedAt = now;
        chat.slaDueAt(now.plus(config.sla()));
        chat.answered = false;
        chat.reminded = false;
        agent.load++;
        agent.lastAssignedAt = now;
        store.update(chat.stored());
        store.assignmentStarted(chat.id, agent.name(), now);
        log.info("chat {}: assigned to {} ({}/{})", chat.id, agent.name(), agent.load, agent.config.maxChats());
        if (wasQueued) broadcastQueue("removed", chat);
        outbox.toAgent(agent.name(), new AgentEvent.Assigned(view(chat.id, chat.summary())));
    }

    private void release(Chat chat, AgentState agent, Instant now, String reason) {
        agent.load--;
        store.assignmentEnded(chat.id, agent.name(), now, reason);
        chat.agent = null;
        outbox.toAgent(agent.name(), new AgentEvent.Unassigned(new ChatClosed(chat.id, reason)));
    }

    private void archive(Chat chat, ArchiveReason reason) {
        Instant now = clock.instant();
        boolean wasQueued = chat.status == ChatStatus.QUEUED;
        String agentName = chat.agent;
        chat.status = ChatStatus.ARCHIVED;
        chat.archivedAt = now;
        chat.archiveReason = reason.wire();
        store.update(chat.stored());
        if (agentName != null) {
            AgentState a = agents.get(agentName);
            if (a != null) a.load--;
            store.assignmentEnded(chat.id, agentName, now, reason.wire());
        }
        open.remove(chat.id);
        byConversation.remove(key(chat.botId, chat.conversationId));
        log.info("chat {}: archived ({})", chat.id, reason.wire());
        if (chat.userConnected) outbox.endUserChat(chat.id);
        if (wasQueued) broadcastQueue("removed", chat);
        if (agentName != null)
            outbox.toAgent(agentName, new AgentEvent.ChatArchived(new ChatClosed(chat.id, reason.wire())));
    }

    private StoredMessage append(Chat chat, String sender, String author, String text, String language) {
        return append(chat, sender, author, text, language, true);
    }

    private StoredMessage append(
            Chat chat, String sender, String author, String text, String language, boolean activity) {
        Instant now = clock.instant();
        StoredMessage m = new StoredMessage(chat.id, chat.nextSeq, false, sender, author, text, language, null, now);
        store.append(m);
        chat.nextSeq++;
        if (activity) chat.lastActivityAt = now;
        return m;
    }

    private void notifyChatChanged(Chat chat) {
        if (chat.status == ChatStatus.ASSIGNED) {
            outbox.toAgent(chat.agent, new AgentEvent.QueueChanged(new QueueChange("updated", chat.summary())));
        } else if (chat.status == ChatStatus.QUEUED) {
            broadcastQueue("updated", chat);
        }
    }

    private void broadcastQueue(String change, Chat chat) {
        QueueChange event = null;
        for (AgentState a : agents.values()) {
            if (a.connected() && a.config.serves(chat.department)) {
                if (event == null) event = new QueueChange(change, chat.summary());
                outbox.toAgent(a.name(), new AgentEvent.QueueChanged(event));
            }
        }
    }

    private ChatView view(String chatId, ChatSummary summary) {
        return new ChatView(
                summary, store.messages(chatId).stream().map(HelpDesk::view).toList());
    }

    private static MessageView view(StoredMessage m) {
        return new MessageView(
                m.chatId(),
                m.seq(),
                m.history(),
                m.sender(),
                m.author(),
                m.text(),
                m.language(),
                m.translation(),
                m.at().toString());
    }

    static ChatSummary summary(StoredChat s, boolean userConnected) {
        return new ChatSummary(
                s.id(),
                s.conversationId(),
                s.botId(),
                s.department(),
                s.language(),
                s.contact().isEmpty() ? null : s.contact(),
                s.subject(),
                s.status(),
                s.agent(),
                iso(s.createdAt()),
                iso(s.queuedAt()),
                iso(s.lastActivityAt()),
                iso(s.archivedAt()),
                s.archiveReason(),
                userConnected);
    }

    private AgentView agentView(AgentState a) {
        return new AgentView(a.name(), a.config.departments(), a.config.maxChats(), a.language, a.status(), a.load);
    }

    private AgentState agent(String name) {
        AgentState a = agents.get(name);
        if (a == null) throw new DeskException(DeskError.Code.UNKNOWN_AGENT, "no agent " + quote(name));
        return a;
    }

    private Chat openChat(String chatId) {
        Chat chat = chatId == null ? null : open.get(chatId);
        if (chat == null) throw new DeskException(DeskError.Code.NOT_FOUND, "no open chat " + quote(chatId));
        return chat;
    }

    private Chat mine(AgentState a, String chatId) {
        Chat chat = openChat(chatId);
        if (!a.name().equals(chat.agent)) {
            throw new DeskException(
                    DeskError.Code.NOT_YOURS,
                    "chat " + chatId + " is not yours" + (chat.agent == null ? " (it is waiting)" : ""));
        }
        return chat;
    }

    private void checkSize(String text, String what) {
        if (text == null) throw new DeskException(DeskError.Code.BAD_REQUEST, what + " is missing");
        if (text.length() > config.maxMessageSize()) {
            throw new DeskException(
                    DeskError.Code.TOO_LONG,
                    what + " has " + text.length() + " characters; the maximum is " + config.maxMessageSize());
        }
    }

    private static void require(String value, String key) {
        if (value == null || value.isBlank())
            throw new DeskException(DeskError.Code.BAD_REQUEST, "'" + key + "' is missing or empty");
        if (value.length() > 500)
            throw new DeskException(DeskError.Code.TOO_LONG, "'" + key + "' is longer than 500 characters");
    }

    private static String key(String botId, String conversationId) {
        return botId + '\u0000' + conversationId;
    }

    private static String iso(Instant i) {
        return i == null ? null : i.toString();
    }

    private static String quote(String s) {
        return s == null ? "null" : "'" + s + "'";
    }
}
