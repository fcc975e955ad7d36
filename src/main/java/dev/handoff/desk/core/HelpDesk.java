package dev.handoff.desk.core;

import dev.handoff.desk.api.AgentEvent;
import dev.handoff.desk.api.AgentView;
import dev.handoff.desk.api.ArchivePage;
import dev.handoff.desk.api.ChatClosed;
import dev.handoff.desk.api.ChatSummary;
import dev.handoff.desk.api.ChatView;
import dev.handoff.desk.api.Contact;
import dev.handoff.desk.api.DeskError;
import dev.handoff.desk.api.MessageView;
import dev.handoff.desk.api.QueueChange;
import dev.handoff.desk.api.QueueSnapshot;
import dev.handoff.desk.api.SlaReminder;
import dev.handoff.desk.config.AgentConfig;
import dev.handoff.desk.config.DeskConfig;
import dev.handoff.desk.store.ChatStore;
import dev.handoff.desk.store.Rated;
import dev.handoff.desk.store.StoreBusyException;
import dev.handoff.desk.store.StoredChat;
import dev.handoff.desk.store.StoredMessage;
import dev.handoff.desk.store.StoredText;
import dev.handoff.desk.store.StoredTranslation;
import dev.handoff.translate.LanguageDetector;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The help desk, without sockets: the commands bots and agents send, under one lock, with what they
 * decide stored and sent through the {@link DeskOutbox}. Chats wait in a queue per department and are
 * assigned to online agents ({@link AssignmentPolicy}, when {@code autoAssign} is on); each {@link Chat}
 * owns its transitions; {@link TimerRules} say when auto-replies, SLA reminders, requeues and archiving
 * are due, and advance when {@link #tick()} is called (the desk's scheduler does, every {@code tick});
 * {@link Views} turn the state into the records of {@code desk.api}. Time comes from the injected
 * {@link Clock}.
 *
 * <p>Every public method is synchronized (or takes the lock for its state changes), except the archive
 * reads ({@link #archive}, {@link #archivedChat}, and {@link #read} of an archived chat), which read the
 * store outside the lock (the agents they check are fixed at start): the desk is one consistent state, and the outbox and the store are called
 * under its lock (neither may block: the server's store writes behind and keeps open chats in memory).
 * A command that writes first asks the store to {@link ChatStore#admit() admit} it; a store that is
 * behind refuses it whole with {@code busy}. Refused requests throw {@link DeskException}.
 *
 * <p>Delivery: a user message is shown to its agent only once the store says it is durable
 * ({@link ChatStore#durable()}), in the order the messages came; messages for the user are kept in
 * their {@link Chat} until acknowledged. Work that waits for the store or for a client runs on the
 * desk's own delivery thread, never on the store's writer thread and never while waiting under the lock.
 *
 * <p>Translation ({@link DeskTranslation}): the outbox the desk is given sits behind a {@link TranslatingOutbox},
 * which shows agents user and bot messages in their language, per chat in order, never later than the timeout;
 * agents' replies are translated into the user's language by {@link #reply} before they enter the lock. The
 * language of a user message is detected before the lock is taken. Nothing under the lock waits for an engine.
 */
public final class HelpDesk {
    private static final Logger log = LoggerFactory.getLogger(HelpDesk.class);
    /** A chat's bot is told a new queue position at most this often (notices addition). */
    static final Duration POSITION_SPACING = Duration.ofSeconds(1);

    static final String USER = "user";
    static final String AGENT = "agent";
    static final String DESK = "desk";

    private final DeskConfig config;
    private final ChatStore store;
    private final Clock clock;
    /** The outbox the desk was given, behind the one that translates what agents are shown. */
    private final TranslatingOutbox outbox;

    private final Supplier<String> ids;
    private final LanguageDetector detector;
    private final TranslationFlow flow;
    /** The agents' replies of each chat, in order, each after its translation into the user's language. */
    private final ChatChains replies = new ChatChains();

    private final TimerRules timers;
    private final DeskMetrics metrics;
    private final AssignmentPolicy policy = new AssignmentPolicy();
    // guarded by this
    private final OpenChats open;
    private final Map<String, String> byConversation = new HashMap<>();
    private final Map<String, AgentState> agents = new LinkedHashMap<>();
    /** Whether an agent signed in or out, or changed its status, since the gauges were last written. */
    private boolean agentsChanged = true;
    /** The chat {@link #openChat} is opening, until it has tried to assign it (its queue change is not yet told). */
    private Chat opening;
    /** Archived chats whose last messages for the user are not acknowledged yet: ended when they are, or after the grace. */
    private final Map<String, Chat> ending = new LinkedHashMap<>();
    /** The {@link #ending} chats by when their grace runs out. */
    private final java.util.TreeMap<Ending, Chat> endingByDue = new java.util.TreeMap<>();
    /** The {@link #ending} chats' keys in {@link #endingByDue}. */
    private final Map<String, Ending> endingKeys = new HashMap<>();

    private long endings;

    /** When an ending chat's grace runs out, then the order chats began ending. */
    private record Ending(Instant at, long n) implements Comparable<Ending> {
        @Override
        public int compareTo(Ending o) {
            int c = at.compareTo(o.at);
            return c != 0 ? c : Long.compare(n, o.n);
        }
    }
    /** User messages stored but not yet durable, oldest first: shown to the agent when they are. */
    private final Deque<Shown> awaitingDurable = new ArrayDeque<>();
    /**
     * The most user and agent messages stored but not yet shown ({@link #awaitingDurable}), and the most tasks waiting
     * for the delivery thread: past either, commands that write are refused with {@code busy} (nothing is stored).
     */
    static final int MAX_WAITING_DELIVERY = 10_000;

    /**
     * One daemon thread, started when there is work: durable completions, acknowledgements. Its queue is bounded: the
     * showing of durable messages and the acknowledgements are each one task at most ({@link Coalesced}), and {@link
     * #afterDurable}'s callbacks are one each, bounded by refusing commands while the queue is {@link #deliveryFull
     * full}; a callback that still finds no room runs on the thread that completed the write (it takes no lock).
     */
    private final ThreadPoolExecutor delivery = new ThreadPoolExecutor(
            1, 1, 5, TimeUnit.SECONDS, new ArrayBlockingQueue<>(MAX_WAITING_DELIVERY + 64), r -> {
                Thread t = new Thread(r, "desk-delivery");
                t.setDaemon(true);
                return t;
            });

    {
        delivery.allowCoreThreadTimeOut(true);
    }

    /** Shows what became durable: one task on the delivery thread, however many writes completed meanwhile. */
    private final Coalesced showDurable = new Coalesced(this::showDurableNow);
    /** The highest {@code to_user} id each chat's client acknowledged, not yet taken in by the desk. */
    private final Map<String, Integer> acknowledgedIds = new ConcurrentHashMap<>();
    /** The highest {@code to_user} id to store as acknowledged per chat, not yet stored. */
    private final Map<String, Integer> acknowledgedToStore = new ConcurrentHashMap<>();

    private final Coalesced acknowledgements = new Coalesced(this::takeAcknowledgements);

    /**
     * A task that runs on the delivery thread once per {@link #request()} burst: a request while it is queued adds
     * nothing to the queue (it will see that request's work).
     */
    private final class Coalesced {
        private final Runnable task;
        private final AtomicBoolean queued = new AtomicBoolean();

        Coalesced(Runnable task) {
            this.task = task;
        }

        void request() {
            if (!queued.compareAndSet(false, true)) return;
            try {
                delivery.execute(() -> {
                    queued.set(false);
                    task.run();
                });
            } catch (RejectedExecutionException e) {
                // cannot happen: callbacks leave the last 64 places to these tasks; the work waits for the next request
                queued.set(false);
                log.error(
                        "the desk's delivery queue is full ({} tasks); the work waits for the next request",
                        delivery.getQueue().size());
            }
        }
    }

    /**
     * A message waiting to be durable before anyone sees it: a user message before its agent, an agent
     * message before its user and the agent's echo (so a desk killed in between shows nobody a message
     * it then forgets). {@code show} runs under the desk's lock, in the order the messages came.
     */
    private record Shown(String chatId, int seq, CompletableFuture<Void> durable, Runnable show) {}

    public HelpDesk(DeskConfig config, ChatStore store, Clock clock, DeskOutbox outbox) {
        this(config, store, clock, outbox, randomIds());
    }

    public HelpDesk(DeskConfig config, ChatStore store, Clock clock, DeskOutbox outbox, Supplier<String> ids) {
        this(config, store, clock, outbox, ids, DeskTranslation.none());
    }

    public HelpDesk(DeskConfig config, ChatStore store, Clock clock, DeskOutbox outbox, DeskTranslation translation) {
        this(config, store, clock, outbox, randomIds(), translation);
    }

    /** As {@link #HelpDesk(DeskConfig, ChatStore, Clock, DeskOutbox, DeskTranslation)}, counting in {@code registry}. */
    public HelpDesk(
            DeskConfig config,
            ChatStore store,
            Clock clock,
            DeskOutbox outbox,
            DeskTranslation translation,
            MeterRegistry registry) {
        this(config, store, clock, outbox, randomIds(), translation, registry);
    }

    /**
     * A desk that translates with {@code translation}: user and bot messages into each agent's language, agents'
     * replies into the user's (see {@link #reply}).
     */
    public HelpDesk(
            DeskConfig config,
            ChatStore store,
            Clock clock,
            DeskOutbox outbox,
            Supplier<String> ids,
            DeskTranslation translation) {
        this(config, store, clock, outbox, ids, translation, new CompositeMeterRegistry());
    }

    /**
     * As {@link #HelpDesk(DeskConfig, ChatStore, Clock, DeskOutbox, Supplier, DeskTranslation)}, counting in {@code
     * registry} ({@link DeskMetrics}: README "Metrics and reports").
     */
    public HelpDesk(
            DeskConfig config,
            ChatStore store,
            Clock clock,
            DeskOutbox outbox,
            Supplier<String> ids,
            DeskTranslation translation,
            MeterRegistry registry) {
        this.config = config;
        this.metrics = new DeskMetrics(registry, config, clock);
        this.store = store;
        this.clock = clock;
        this.flow = new TranslationFlow(translation, store);
        this.detector = translation.detector();
        this.outbox = new TranslatingOutbox(outbox, flow, this::readerLanguage);
        this.ids = ids;
        this.timers = new TimerRules(config);
        this.open = new OpenChats(timers::nextDue);
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

    /**
     * This desk will take no more calls (a cluster node that no longer leads): its gauges leave the registry. The
     * caller stops its timers and closes its store.
     */
    public void retire() {
        metrics.retire();
    }

    /** Loads the chats a previous run left open: their bots get {@code disconnectGrace} to reconnect. */
    public synchronized int resumeStored() {
        Instant now = clock.instant();
        for (StoredChat s : store.openChats()) {
            List<StoredMessage> messages = store.messages(s.id());
            Chat chat = Chat.resumed(
                    s,
                    messages,
                    store.toUserAcknowledged(s.id()),
                    store.clientMessageIds(s.id()),
                    store.resumeHash(s.id()).orElse(null),
                    now,
                    timers.nextAutoReply(now));
            if (chat.status() == ChatStatus.ASSIGNED) {
                AgentState agent = agents.get(chat.agent());
                if (agent == null) {
                    log.warn(
                            "chat {}: its agent '{}' is no longer configured; back to the {} queue",
                            chat.id,
                            chat.agent(),
                            chat.department());
                    chat.requeue(chat.department(), now, timers.nextAutoReply(now));
                    store.update(chat.stored());
                    metrics.queued(chat, "agent_gone");
                } else {
                    agent.load++;
                    chat.resumeAssignment(
                            now, timers.slaDue(now), messages.stream().anyMatch(m -> m.sender()
                                    .equals(AGENT)));
                }
            }
            open.add(chat);
            byConversation.put(key(chat.botId, chat.conversationId), chat.id);
        }
        refreshMetrics();
        return open.size();
    }

    // ---------------------------------------------------------------- the bot side (/live_agent)

    /**
     * What {@code username} did: the chat, whether it was resumed, whether to ask for the bot history,
     * the resume token to give the client ({@code null}: none to give), and whether the chat's live
     * connection was taken over (the server closes it).
     */
    public record Opened(String chatId, boolean resumed, boolean needsHistory, String resume, boolean tookOver) {
        @Override
        public String toString() {
            return "Opened[chatId=" + chatId + ", resumed=" + resumed + ", needsHistory=" + needsHistory + ", resume="
                    + (resume == null ? "none" : "***") + ", tookOver=" + tookOver + "]";
        }
    }

    /** As {@link #openChat(OpenChat, Runnable, Consumer)}, with every new chat admitted. */
    public Opened openChat(OpenChat p, Consumer<String> attach) {
        return openChat(p, () -> {}, attach);
    }

    /**
     * A {@code username}: resumes the open chat of this conversation (or one that is ending with messages
     * not yet acknowledged), or queues a new one. {@code attach} runs with the chat's id before anything
     * can be sent to the user (an assignment, an auto-reply), so the connection is known in time. Without
     * the delivery addition the messages kept for the user go out at once; with it, at {@link #userReady}.
     *
     * <p>Who may resume a chat ({@link Chat#claim}): one with a live connection only with its resume
     * token (the connection is then replaced, {@link Opened#tookOver()}); one without, with the token or
     * the key of its bot, or with nothing when it was opened without the delivery addition. Anything else
     * is refused with {@code conversation_in_use} and changes nothing. A new chat is refused with {@code
     * over_capacity} when its bot has its {@code maxChats} open, or when {@code beforeNewChat} (run only
     * for a new chat) refuses it by throwing a {@link DeskException}. A new chat opened with the delivery
     * addition gets a resume token ({@link Opened#resume()}): the desk keeps and stores only its hash.
     */
    public synchronized Opened openChat(OpenChat p, Runnable beforeNewChat, Consumer<String> attach) {
        require(p.conversationId(), "ConversationID");
        require(p.botId(), "BotID");
        checkContact(p.contact());
        String key = key(p.botId(), p.conversationId());
        String existing = byConversation.get(key);
        if (existing != null) {
            Chat chat = open.contains(existing) ? open.get(existing) : ending.get(existing);
            Chat.Claim claim = chat.claim(p.resume(), p.botKey());
            if (claim == Chat.Claim.REFUSED) {
                throw new DeskException(
                        DeskError.Code.CONVERSATION_IN_USE,
                        chat.userConnected()
                                ? "conversation " + quote(p.conversationId()) + " of bot " + quote(p.botId())
                                        + " is carried by another live connection; only its resume token takes it over"
                                : "conversation " + quote(p.conversationId()) + " of bot " + quote(p.botId())
                                        + " was opened with a resume token; present it (or the bot's key) to resume it");
            }
            String resume = resumeTokenFor(chat, claim, p);
            chat.userBack(p.delivery(), p.notices());
            open.changed(chat);
            attach.accept(chat.id);
            log.info(
                    "chat {}: conversation {} of bot {} reconnected{} ({})",
                    chat.id,
                    chat.conversationId,
                    chat.botId,
                    p.delivery() ? " (delivery)" : "",
                    claimed(claim));
            if (!p.delivery()) {
                sendKept(chat);
                tellQueue();
            }
            notifyChatChanged(chat);
            return new Opened(
                    chat.id,
                    true,
                    !chat.hasHistory() && chat.status() != ChatStatus.ARCHIVED,
                    resume,
                    claim == Chat.Claim.TAKE_OVER);
        }
        checkBotCapacity(p.botId());
        beforeNewChat.run();
        admit();
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
        String resume = p.delivery() ? ResumeTokens.newToken() : null;
        String resumeHash = resume == null ? null : ResumeTokens.hash(resume);
        if (resumeHash != null) store.setResumeHash(stored.id(), resumeHash);
        Chat chat = Chat.opened(stored, timers.nextAutoReply(now), p.delivery(), p.notices(), resumeHash);
        if (!p.delivery()) chat.ready();
        open.add(chat);
        byConversation.put(key, chat.id);
        metrics.queued(chat, "new");
        attach.accept(chat.id);
        log.info(
                "chat {}: conversation {} of bot {} queued in {}",
                chat.id,
                chat.conversationId,
                chat.botId,
                department);
        // assigned at once, the chat was never seen waiting: its agents are told neither "added" nor "removed"
        opening = chat;
        try {
            assignWaiting();
        } finally {
            opening = null;
            if (chat.status() == ChatStatus.QUEUED) broadcastQueue("added", chat);
        }
        return new Opened(chat.id, false, true, resume, false);
    }

    /**
     * The token for a client resuming {@code chat} in delivery mode: the one it presented; a new one when
     * it proved its bot's key instead (the old one is lost with the client's memory); none for a chat
     * that has none (opened without the delivery addition, or before tokens existed).
     */
    private String resumeTokenFor(Chat chat, Chat.Claim claim, OpenChat p) {
        if (!p.delivery()) return null;
        return switch (claim) {
            case TAKE_OVER, RESUME_WITH_TOKEN -> p.resume();
            case RESUME_WITH_KEY -> {
                String token = ResumeTokens.newToken();
                String hash = ResumeTokens.hash(token);
                chat.resumeHash(hash);
                store.setResumeHash(chat.id, hash);
                yield token;
            }
            case RESUME_FREELY, REFUSED -> null;
        };
    }

    private static String claimed(Chat.Claim claim) {
        return switch (claim) {
            case TAKE_OVER -> "its resume token took over the live connection";
            case RESUME_WITH_TOKEN -> "with its resume token";
            case RESUME_WITH_KEY -> "with its bot's key; a new resume token";
            case RESUME_FREELY -> "no resume token to prove";
            case REFUSED -> "refused";
        };
    }

    /** Refuses a new chat of a bot that has its {@code maxChats} open already. */
    private void checkBotCapacity(String botId) {
        int max = config.security().bot(botId).map(b -> b.maxChats()).orElse(0);
        if (max <= 0) return;
        int openOfBot = open.ofBot(botId);
        if (openOfBot >= max) {
            throw new DeskException(
                    DeskError.Code.OVER_CAPACITY,
                    "bot " + quote(botId) + " has " + openOfBot + " open chat(s), its maximum (maxChats)");
        }
    }

    /** A {@code messages_to_client}: the user-bot conversation before the handoff, stored and shown to the agent. */
    public void recordHistory(String chatId, List<HistoryLine> lines) {
        String detected = detect(String.join(
                "\n",
                lines.stream()
                        .filter(l -> l.sender().equals(USER))
                        .map(HistoryLine::text)
                        .toList()));
        recordHistory(chatId, lines, detected);
    }

    private synchronized void recordHistory(String chatId, List<HistoryLine> lines, String detected) {
        Chat chat = openChat(chatId);
        admit();
        if (chat.language() == null && chat.userMessageLanguage(detected) != null) store.update(chat.stored());
        store.replaceHistory(chat.id, chat.history(lines, clock.instant()));
        chat.historyStored();
        if (chat.status() == ChatStatus.ASSIGNED) outbox.toAgent(chat.agent(), new AgentEvent.ChatShown(view(chat)));
    }

    /**
     * The bot's connection with the delivery addition is answered: the messages for the user not yet
     * acknowledged go out again, in order, then new ones as they come; a user whose agent is away is told.
     */
    public synchronized void userReady(String chatId) {
        Chat chat = open.contains(chatId) ? open.get(chatId) : ending.get(chatId);
        if (chat == null || !chat.userConnected()) return;
        sendKept(chat);
        if (chat.agentAway() && chat.delivery()) outbox.agentStatus(chat.id, "away");
        tellQueue();
    }

    /**
     * What {@code from_user} did: the message shown to the agent ({@code null} for a duplicate) and a
     * future that completes once it is durable.
     */
    public record Received(MessageView view, boolean duplicate, CompletableFuture<Void> durable) {}

    /**
     * A {@code from_user}: stored, and shown to the chat's agent once durable. {@code clientId} (may be
     * {@code null}) is the client's id of the message: one already stored is a duplicate, neither stored
     * nor shown again.
     */
    public Received userMessage(String chatId, String clientId, String text) {
        return userMessage(chatId, clientId, text, text == null ? null : detect(text));
    }

    /**
     * The language of a text, if the detector is confident; run before the lock is taken (detection is pure CPU,
     * a few milliseconds, and only the first {@link #DETECTED_LENGTH} characters are looked at).
     */
    private String detect(String text) {
        if (text == null || text.isBlank()) return null;
        try {
            return detector.detect(text.length() > DETECTED_LENGTH ? text.substring(0, DETECTED_LENGTH) : text)
                    .map(d -> d.language().toLowerCase(Locale.ROOT))
                    .orElse(null);
        } catch (RuntimeException e) {
            log.warn("language detection failed: {}", e.toString());
            return null;
        }
    }

    /** How much of a user message the language detector reads. */
    static final int DETECTED_LENGTH = 300;

    private synchronized Received userMessage(String chatId, String clientId, String text, String detected) {
        Chat chat = openChat(chatId);
        if (clientId != null && chat.hasClientId(clientId)) {
            log.debug("chat {}: user message {} again; already stored", chat.id, clientId);
            return new Received(null, true, store.durable());
        }
        checkSize(text, "message");
        admit();
        String chatLanguage = chat.language();
        String language = chat.userMessageLanguage(detected);
        if (!java.util.Objects.equals(chatLanguage, chat.language())) {
            store.update(chat.stored());
            log.info("chat {}: the user writes {} (detected)", chat.id, chat.language());
            notifyChatChanged(chat);
        }
        StoredMessage m = chat.append(USER, null, text, clock.instant(), language, true);
        if (clientId == null) {
            store.append(m);
        } else {
            store.appendFromClient(m, clientId);
            chat.clientIdStored(clientId);
        }
        MessageView view = Views.message(m);
        CompletableFuture<Void> durable = store.durable();
        String id = chat.id;
        awaitingDurable.add(new Shown(id, view.seq(), durable, () -> {
            Chat now = open.get(id);
            if (now != null && now.status() == ChatStatus.ASSIGNED)
                outbox.toAgent(now.agent(), new AgentEvent.Message(view));
        }));
        showDurable();
        if (!durable.isDone()) durable.whenComplete((v, e) -> showDurable.request());
        return new Received(view, false, durable);
    }

    /**
     * Runs {@code then} once every write issued so far is durable: at once when it already is, else on
     * the desk's delivery thread. {@code then} gets the store's failure, or {@code null}.
     */
    public void afterDurable(Consumer<Throwable> then) {
        CompletableFuture<Void> durable = store.durable();
        if (durable.isDone()) durable.whenComplete((v, e) -> then.accept(e));
        else
            durable.whenComplete((v, e) -> {
                // past the bound, here, on the thread that completed the write: the room left is the coalesced tasks'
                if (delivery.getQueue().size() >= MAX_WAITING_DELIVERY) {
                    then.accept(e);
                    return;
                }
                try {
                    delivery.execute(() -> then.accept(e));
                } catch (RejectedExecutionException full) {
                    then.accept(e);
                }
            });
    }

    /**
     * A {@code rate_chat}: the user's rating of a chat an agent ended (README "The rating addition"). Refused with a
     * {@link DeskException} ({@code invalid_rating}, {@code unknown_chat} for no such chat of that bot and conversation
     * or a resume token that does not match, {@code chat_open}; {@code invalid_rating} too for a chat no agent resolved),
     * else the future completes once the rating is durable,
     * or fails with {@code already_rated}. Reads the store (the chat, its token's hash): call it off any event thread.
     */
    public CompletableFuture<Void> rate(ChatRating r) {
        if (r.rating() == null || r.rating() < 1 || r.rating() > 5) {
            throw new DeskException(DeskError.Code.INVALID_RATING, "'rating' must be a whole number from 1 to 5");
        }
        if (r.comment() != null && r.comment().length() > config.maxMessageSize()) {
            throw new DeskException(
                    DeskError.Code.INVALID_RATING,
                    "'comment' has " + r.comment().length() + " characters; the maximum is " + config.maxMessageSize());
        }
        // a comment the column cannot hold would fail its UPDATE, and the write-behind store would try it forever:
        // refused here. maxMessageSize keeps it far below since V7 (NUL and U+FFFF take two characters as stored)
        if (StoredText.storedLength(r.comment()) > StoredText.MAX_STORED_LENGTH) {
            throw new DeskException(
                    DeskError.Code.INVALID_RATING,
                    "'comment' takes " + StoredText.storedLength(r.comment()) + " characters as stored; the maximum is "
                            + StoredText.MAX_STORED_LENGTH);
        }
        DeskException unknown =
                new DeskException(DeskError.Code.UNKNOWN_CHAT, "no such chat of this bot and conversation");
        if (r.chatId() == null) throw unknown;
        StoredChat chat = store.chat(r.chatId()).orElseThrow(() -> unknown);
        // one answer for every mismatch, the token's included: a caller without it learns nothing about the chat
        boolean owned = chat.botId().equals(r.botId()) && chat.conversationId().equals(r.conversationId());
        boolean proved =
                ResumeTokens.matches(r.resume(), store.resumeHash(r.chatId()).orElse(null));
        if (!owned || !proved) throw unknown;
        synchronized (this) {
            if (open.contains(r.chatId()) || !"archived".equals(chat.status())) {
                throw new DeskException(DeskError.Code.CHAT_OPEN, "the chat is still live: rate it once it has ended");
            }
        }
        // the user left it, or it went idle: no agent ended it, so there is no service to rate
        if (!ArchiveReason.RESOLVED.wire().equals(chat.archiveReason())) {
            throw new DeskException(DeskError.Code.INVALID_RATING, "only a chat an agent resolved can be rated");
        }
        return store.rate(r.chatId(), r.rating(), r.comment(), clock.instant()).thenApply(rated -> {
            if (rated == Rated.ALREADY_RATED) {
                throw new DeskException(
                        DeskError.Code.ALREADY_RATED, "the chat is rated already; the first rating stands");
            }
            if (rated == Rated.NO_CHAT) throw new DeskException(DeskError.Code.UNKNOWN_CHAT, "no such chat");
            metrics.rated(chat.department(), r.rating());
            log.info(
                    "chat {}: rated {} by its user{}",
                    r.chatId(),
                    r.rating(),
                    r.comment() == null ? "" : ", with a comment");
            return null;
        });
    }

    /** The bot's connection closed: unless it reconnects within {@code disconnectGrace}, the chat is archived. */
    public synchronized void userDisconnected(String chatId) {
        userDisconnected(chatId, () -> true);
    }

    /**
     * As {@link #userDisconnected(String)}, if {@code detach} (run under the desk's lock, like {@link
     * #openChat}'s attach) says the closed connection still carried the chat: a connection that took the
     * chat over in between is not taken for gone.
     */
    public synchronized void userDisconnected(String chatId, java.util.function.BooleanSupplier detach) {
        if (!detach.getAsBoolean()) return;
        Chat chat = open.get(chatId);
        if (chat == null) {
            Chat archived = ending.get(chatId);
            if (archived != null) archived.userLeft(clock.instant());
            return;
        }
        chat.userLeft(clock.instant());
        open.changed(chat);
        notifyChatChanged(chat);
        if (timers.archiveWhenUserLeaves()) {
            archive(chat, ArchiveReason.USER_DISCONNECTED);
            tellQueue();
        }
    }

    // ---------------------------------------------------------------- agents (/agents)

    /** As {@link #agentConnected(String)}; {@code signedIn} runs before chats are assigned to the agent. */
    public synchronized AgentView agentConnected(String name, Consumer<AgentView> signedIn) {
        AgentState a = agent(name);
        agentsChanged = true;
        if (a.connections++ == 0) {
            a.away = false;
            for (Chat chat : chatsOf(name)) if (chat.agentBack()) tellAgentStatus(chat, "back");
        }
        a.offlineSince = null;
        log.info("agent {} signed in ({} connection(s))", name, a.connections);
        signedIn.accept(Views.agent(a));
        assignWaiting();
        return Views.agent(a);
    }

    public synchronized void agentDisconnected(String name) {
        AgentState a = agents.get(name);
        if (a == null || a.connections == 0) return;
        a.connections--;
        agentsChanged = true;
        if (a.connections == 0) {
            a.offlineSince = clock.instant();
            for (Chat chat : chatsOf(name)) if (chat.agentLeft()) tellAgentStatus(chat, "away");
            log.info(
                    "agent {} is offline; their {} chat(s) return to the queue unless they are back within {}s",
                    name,
                    a.load,
                    timers.disconnectGrace().toSeconds());
        }
        refreshMetrics();
    }

    public synchronized AgentView setStatus(String name, String status) {
        AgentState a = agent(name);
        if (!"online".equals(status) && !"away".equals(status)) {
            throw new DeskException(
                    DeskError.Code.BAD_REQUEST, "status must be 'online' or 'away', got " + quote(status));
        }
        a.away = "away".equals(status);
        agentsChanged = true;
        assignWaiting();
        return Views.agent(a);
    }

    /** The agent's preferred language: its chats are shown again ({@code chat_sync}), translated into it. */
    public synchronized AgentView setLanguage(String name, String language) {
        AgentState a = agent(name);
        String before = a.language;
        a.language = languageCode(language);
        // the agent's chats again, translated into the new language (chat_sync: only what changed is news)
        if (!a.language.equals(before))
            for (Chat chat : chatsOf(name)) outbox.toAgent(name, new AgentEvent.ChatSync(view(chat)));
        return Views.agent(a);
    }

    public synchronized QueueSnapshot queue(String name) {
        AgentState a = agent(name);
        List<ChatSummary> waiting =
                open
                        .queued(open.queuedDepartments().stream()
                                .filter(a.config::serves)
                                .toList())
                        .stream()
                        .map(Chat::summary)
                        .toList();
        List<ChatSummary> mine = chatsOf(name).stream().map(Chat::summary).toList();
        return new QueueSnapshot(waiting, mine);
    }

    /** Every open chat of the agent with all its messages: what a reconnecting agent may have missed. */
    public synchronized List<ChatView> chatsWithMessages(String name) {
        agent(name);
        return chatsOf(name).stream().map(this::view).toList();
    }

    /** The agent takes a waiting chat of one of its departments, within its maximum of chats. */
    public synchronized ChatView take(String name, String chatId) {
        AgentState a = agent(name);
        Chat chat = openChat(chatId);
        if (chat.status() != ChatStatus.QUEUED) {
            throw new DeskException(
                    DeskError.Code.NOT_WAITING, "chat " + chatId + " is not waiting: it is with " + chat.agent());
        }
        if (!a.config.serves(chat.department())) {
            throw new DeskException(
                    DeskError.Code.NOT_YOUR_DEPARTMENT,
                    "chat " + chatId + " waits in '" + chat.department() + "'; you serve "
                            + String.join(", ", a.config.departments()));
        }
        if (!a.hasRoom()) {
            throw new DeskException(
                    DeskError.Code.AT_CAPACITY,
                    "you already have " + a.load + " chat(s), your maximum is " + a.config.maxChats());
        }
        admit();
        assign(chat, a, "take");
        tellQueue();
        return view(chat);
    }

    /**
     * A chat with its messages, open or archived, if the agent may read it ({@link #mayRead}): its own
     * chat, any chat of a department it serves, any chat at all for a supervisor. Any other chat reads
     * as {@code not_found}, exactly as a chat that does not exist, so an agent learns nothing of other
     * departments' chats. An archived chat is read from the store outside the lock.
     */
    public ChatView read(String name, String chatId) {
        AgentConfig reader;
        synchronized (this) {
            AgentState a = agent(name);
            reader = a.config;
            Chat chat = chatId == null ? null : open.get(chatId);
            if (chat != null) {
                if (!chat.isWithAgent(name) && !mayRead(reader, chat.department())) throw noChat(chatId);
                return view(chat);
            }
        }
        return archivedChat(reader, chatId);
    }

    /**
     * An agent's reply: when the chat's language is known and differs from the agent's, translated into it first
     * (never waiting longer than the timeout; off the lock), and the translation is what the user gets; when it
     * fails, the original goes to the user and the agent's echo says why ({@code translation.error}). The replies
     * of one chat are sent in the order they came. The future fails with a {@link DeskException} (in a {@link
     * java.util.concurrent.CompletionException}) when the desk refuses the reply.
     */
    public CompletableFuture<MessageView> reply(String name, String chatId, String text) {
        String[] languages = replyLanguages(name, chatId, text);
        CompletableFuture<StoredTranslation> translated = languages == null
                ? CompletableFuture.completedFuture(null)
                : flow.reply(text, languages[0], languages[1]);
        return replies.then(chatId, translated, t -> send(name, chatId, text, t));
    }

    /** Checks a reply as {@code send} does; the agent's and the user's languages when they differ, else {@code null}. */
    private synchronized String[] replyLanguages(String name, String chatId, String text) {
        AgentState a = agent(name);
        Chat chat = mine(a, chatId);
        checkText(text);
        String userLanguage = chat.language();
        if (a.language == null || userLanguage == null || a.language.equals(userLanguage)) return null;
        return new String[] {a.language, userLanguage};
    }

    private void checkText(String text) {
        if (text == null || text.isBlank()) throw new DeskException(DeskError.Code.BAD_REQUEST, "text is empty");
        checkSize(text, "text");
    }

    /**
     * An agent's message with what the user is sent ({@code sent}: its translation, a failed one, or {@code null}
     * for none): stored side by side, the translation (else the original) sent as {@code to_user}, echoed.
     */
    private synchronized MessageView send(String name, String chatId, String text, StoredTranslation sent) {
        AgentState a = agent(name);
        Chat chat = mine(a, chatId);
        checkText(text);
        admit();
        boolean firstReply = chat.facts().firstReplyAt() == null;
        StoredMessage m = chat.append(AGENT, name, text, clock.instant(), a.language, true, sent);
        store.append(m);
        if (firstReply) {
            store.update(chat.stored()); // the first response is a fact reports read at once
            metrics.firstResponse(chat, m.at());
        }
        chat.answered();
        MessageView view = Views.message(m);
        forUserOnceDurable(chat, m.seq(), Chat.sent(m), () -> outbox.toAgent(name, new AgentEvent.Message(view)));
        return view;
    }

    /**
     * The agent corrects the user's language of one of its chats: later user messages are in it, the chat's user
     * and bot messages are relabelled (their translations redone), and the chat is shown again ({@code chat}).
     */
    public synchronized ChatView setChatLanguage(String name, String chatId, String language) {
        Chat chat = mine(agent(name), chatId);
        String code = languageCode(language);
        admit();
        chat.correctLanguage(code);
        store.update(chat.stored());
        for (StoredMessage m : store.messages(chat.id)) {
            if ((m.sender().equals(USER) || m.sender().equals("bot")) && !code.equals(m.language()))
                store.updateMessage(m.relabeled(code, null));
        }
        log.info("chat {}: {} says the user writes {}", chat.id, name, code);
        notifyChatChanged(chat);
        ChatView view = view(chat);
        outbox.toAgent(name, new AgentEvent.ChatShown(view));
        return view;
    }

    /**
     * Translates a user or bot message of one of the agent's chats again (a failed one, or one the agent doubts):
     * the future completes within the timeout with the message as it is now, also pushed as {@code
     * message_updated}; a translation that comes later follows as another.
     */
    public CompletableFuture<MessageView> retranslate(String name, String chatId, int seq, boolean history) {
        MessageView message;
        String reader;
        synchronized (this) {
            AgentState a = agent(name);
            Chat chat = mine(a, chatId);
            reader = a.language;
            message = store.messages(chat.id).stream()
                    .filter(m -> m.seq() == seq && m.history() == history)
                    .findFirst()
                    .map(Views::message)
                    .orElseThrow(() -> new DeskException(
                            DeskError.Code.NOT_FOUND,
                            "chat " + chatId + " has no " + (history ? "history " : "") + "message " + seq));
            if (!message.sender().equals(USER) && !message.sender().equals("bot")) {
                throw new DeskException(
                        DeskError.Code.BAD_REQUEST,
                        "message " + seq + " is the " + message.sender()
                                + "'s; only user and bot messages are translated again (send yours again)");
            }
        }
        return flow.messages(
                        List.of(message), reader, true, m -> outbox.toAgent(name, new AgentEvent.MessageUpdated(m)))
                .thenApply(ms -> {
                    MessageView updated = ms.get(0);
                    outbox.toAgent(name, new AgentEvent.MessageUpdated(updated));
                    return updated;
                });
    }

    /**
     * Shows a chat event to one connection of the agent ({@code send}), translated for it as {@link DeskOutbox}
     * events are, and in its chat's order: {@code chat_sync} after a sign-in, {@code chat} on request.
     */
    public void showTo(String agent, AgentEvent event, Consumer<AgentEvent> send) {
        outbox.toConnection(agent, event, send);
    }

    /**
     * What the translation engine translates, as it answered when the desk was made (asked once; the desk refuses
     * the other pairs without asking it). A future: it may still be asking, or have failed.
     */
    public CompletableFuture<dev.handoff.translate.LanguagePairs> translatedPairs() {
        return flow.pairs();
    }

    /** The agent's preferred language (the reader's, for translations); {@code null} for an unknown agent. */
    private synchronized String readerLanguage(String agent) {
        AgentState a = agents.get(agent);
        return a == null ? null : a.language;
    }

    private static String languageCode(String language) {
        if (language == null || language.isBlank() || language.length() > 35) {
            throw new DeskException(
                    DeskError.Code.BAD_REQUEST,
                    "language must be a language code like 'en' or 'zu', got " + quote(language));
        }
        return language.trim().toLowerCase(Locale.ROOT);
    }

    /** Hands one of the agent's chats to another agent, or back to a department's queue. */
    public synchronized void transfer(String name, String chatId, String toAgent, String toDepartment) {
        AgentState from = agent(name);
        Chat chat = mine(from, chatId);
        if ((toAgent == null) == (toDepartment == null)) {
            throw new DeskException(
                    DeskError.Code.BAD_REQUEST, "transfer needs exactly one of 'agent' and 'department'");
        }
        admit();
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
            if (!to.hasRoom())
                throw new DeskException(
                        DeskError.Code.AT_CAPACITY,
                        "agent " + toAgent + " is at their maximum of " + to.config.maxChats() + " chats");
            chat.transferred();
            metrics.transferred(chat, "agent");
            release(chat, from, now, "transferred");
            if (!to.config.serves(chat.department()) && !to.config.departments().isEmpty())
                chat.moveTo(to.config.departments().get(0));
            assign(chat, to, "transfer");
            tellQueue();
            log.info("chat {}: transferred from {} to {}", chat.id, name, toAgent);
        } else {
            if (!config.departments().contains(toDepartment)) {
                throw new DeskException(
                        DeskError.Code.UNKNOWN_DEPARTMENT,
                        "no department " + quote(toDepartment) + " (known: " + String.join(", ", config.departments())
                                + ")");
            }
            chat.transferred();
            metrics.transferred(chat, "department");
            release(chat, from, now, "transferred");
            chat.requeue(toDepartment, now, timers.nextAutoReply(now));
            open.changed(chat);
            store.update(chat.stored());
            metrics.queued(chat, "transfer");
            log.info("chat {}: transferred by {} to the {} queue", chat.id, name, toDepartment);
            broadcastQueue("added", chat);
            assignWaiting();
        }
    }

    public synchronized ChatSummary subject(String name, String chatId, String subject) {
        Chat chat = mine(agent(name), chatId);
        if (subject != null && subject.length() > 1000)
            throw new DeskException(DeskError.Code.TOO_LONG, "subject is longer than 1000 characters");
        admit();
        chat.setSubject(subject == null || subject.isBlank() ? null : subject.strip());
        store.update(chat.stored());
        ChatSummary summary = chat.summary();
        outbox.toAgent(name, new AgentEvent.ChatShown(Views.chat(summary, store.messages(chat.id))));
        return summary;
    }

    /** The agent resolves one of its chats: archived, and the bot gets {@code disconnect_socket}. */
    public synchronized void resolve(String name, String chatId) {
        Chat chat = mine(agent(name), chatId);
        admit();
        archive(chat, ArchiveReason.RESOLVED);
        assignWaiting();
    }

    /**
     * The archived chats the agent may read, newest first: a supervisor's or an agent's that serves
     * every department are all of them, another agent's those of its departments (filtered by the
     * store, so a page is full whenever there are more). Read from the store outside the lock.
     */
    public ArchivePage archive(String name, int offset, int limit) {
        return archive(name, offset, limit, null);
    }

    /** The longest archive search text, in characters. */
    public static final int MAX_ARCHIVE_QUERY = 200;

    /**
     * As {@link #archive(String, int, int)}, keeping only the chats whose conversation id, chat id, or
     * contact name, email or phone contains {@code query} (ignoring case; {@code null} or blank: all).
     */
    public ArchivePage archive(String name, int offset, int limit, String query) {
        AgentConfig reader = agentConfig(name);
        int o = Math.max(0, offset);
        int l = limit <= 0 ? 50 : Math.min(limit, 500);
        String q = query == null ? "" : query.strip();
        if (q.length() > MAX_ARCHIVE_QUERY) {
            throw new DeskException(
                    DeskError.Code.TOO_LONG,
                    "a search of " + q.length() + " characters; the limit is " + MAX_ARCHIVE_QUERY);
        }
        Set<String> departments = readsEveryDepartment(reader) ? null : Set.copyOf(reader.departments());
        List<StoredChat> page;
        if (!q.isEmpty()) page = store.searchArchive(departments, q, o, l);
        else page = departments == null ? store.archived(o, l) : store.archivedIn(departments, o, l);
        return new ArchivePage(page.stream().map(s -> Views.summary(s, false)).toList(), o, l, q.isEmpty() ? null : q);
    }

    /** An archived chat the agent may read ({@link #read}'s rules); read from the store outside the lock. */
    public ChatView archivedChat(String name, String chatId) {
        return archivedChat(agentConfig(name), chatId);
    }

    private ChatView archivedChat(AgentConfig reader, String chatId) {
        StoredChat s = (chatId == null ? Optional.<StoredChat>empty() : store.chat(chatId))
                .filter(c -> mayRead(reader, c.department()))
                .orElseThrow(() -> noChat(chatId));
        if (!s.status().equals(ChatStatus.ARCHIVED.wire())) {
            throw new DeskException(DeskError.Code.NOT_FOUND, "chat " + chatId + " is not archived");
        }
        return Views.chat(Views.summary(s, false), store.messages(s.id()));
    }

    /**
     * Whether the agent may read the chats of {@code department} (beyond its own chats): a supervisor
     * reads every department, an agent the departments it serves (all, when it lists none).
     */
    private static boolean mayRead(AgentConfig reader, String department) {
        return reader.supervisor() || reader.serves(department);
    }

    private static boolean readsEveryDepartment(AgentConfig reader) {
        return reader.supervisor() || reader.departments().isEmpty();
    }

    /** The agent's configuration; agents are fixed at start, so this needs no lock. */
    private AgentConfig agentConfig(String name) {
        AgentState a = agents.get(name);
        if (a == null) throw new DeskException(DeskError.Code.UNKNOWN_AGENT, "no agent " + quote(name));
        return a.config;
    }

    /** The refusal of a chat that does not exist, and of one the agent may not read: the same. */
    private static DeskException noChat(String chatId) {
        return new DeskException(DeskError.Code.NOT_FOUND, "no chat " + quote(chatId));
    }

    // ---------------------------------------------------------------- timers

    /** Advances the timers: idle and disconnect archiving, queue auto-replies, SLA reminders, auto-assign. */
    public synchronized void tick() {
        Instant now = clock.instant();
        for (Chat chat : List.copyOf(
                endingByDue.headMap(new Ending(now, Long.MAX_VALUE), true).values())) {
            log.info("chat {}: its last messages were not acknowledged within the grace; it ends", chat.id);
            finishEnding(chat);
        }
        for (AgentState a : agents.values()) {
            if (timers.agentGoneTooLong(a, now)) requeueChatsOf(a, now);
        }
        for (Chat chat : open.takeDue(now)) {
            try {
                tickChat(chat, now);
            } catch (RuntimeException e) {
                // the next chats still get their turn; this one is looked at again at its next moment
                log.warn("chat {}: its timers failed: {}", chat.id, e.getMessage());
            } finally {
                open.changed(chat); // back in the deadline index, at its next moment (unless archived)
            }
        }
        assignWaiting();
    }

    /** One chat's timers at {@code now}: it was due to be looked at ({@link TimerRules#nextDue}). */
    private void tickChat(Chat chat, Instant now) {
        if (timers.idle(chat, now)) {
            archive(chat, ArchiveReason.IDLE);
            return;
        }
        if (timers.userGoneTooLong(chat, now)) {
            archive(chat, ArchiveReason.USER_DISCONNECTED);
            return;
        }
        if (timers.autoReplyDue(chat, now) && storeHasRoom()) {
            String text = timers.autoReplyText(chat);
            StoredMessage m = append(chat, DESK, null, text, chat.language(), false);
            forUserOnceDurable(chat, m.seq(), text, () -> {});
            broadcastQueue("updated", chat);
            log.debug("chat {}: queue auto-reply {}", chat.id, m.seq());
            chat.autoReplied(timers.nextAutoReply(now));
        }
        if (timers.slaMissed(chat, now)) {
            chat.reminded();
            metrics.slaReminder(chat);
            long waited = Duration.between(chat.assignedAt(), now).toSeconds();
            log.info(
                    "chat {}: agent {} has not answered for {}s (SLA {}s)",
                    chat.id,
                    chat.agent(),
                    waited,
                    timers.sla().toSeconds());
            outbox.toAgent(
                    chat.agent(),
                    new AgentEvent.SlaDue(
                            new SlaReminder(chat.id, chat.assignedAt().toString(), waited, chat.summary())));
        }
    }

    /** Open chats (not archived) by status, for monitoring and tests. */
    public synchronized Map<String, Long> counts() {
        Map<String, Long> counts = new LinkedHashMap<>();
        counts.put(ChatStatus.QUEUED.wire(), (long) open.queuedCount());
        counts.put(ChatStatus.ASSIGNED.wire(), (long) (open.size() - open.queuedCount()));
        return counts;
    }

    // ---------------------------------------------------------------- internals (under the lock)

    private void admit() {
        if (deliveryFull()) throw new DeskException(DeskError.Code.BUSY, deliveryBehind());
        try {
            store.admit();
        } catch (StoreBusyException e) {
            throw new DeskException(DeskError.Code.BUSY, e.getMessage());
        }
    }

    /** False while the store is behind: a queue auto-reply waits for the next tick. */
    private boolean storeHasRoom() {
        if (deliveryFull()) return false;
        try {
            store.admit();
            return true;
        } catch (StoreBusyException e) {
            return false;
        }
    }

    /**
     * A message for the user: kept now (so a resolve right after waits for it), sent once durable, so
     * its id is never sent before it is stored (a desk killed in between would number another message
     * the same); {@code alsoShow} runs then too (the agent's echo).
     */
    private void forUserOnceDurable(Chat chat, int seq, String text, Runnable alsoShow) {
        chat.forUser(seq, text);
        String id = chat.id;
        CompletableFuture<Void> durable = store.durable();
        awaitingDurable.add(new Shown(id, seq, durable, () -> {
            Chat now = open.contains(id) ? open.get(id) : ending.get(id);
            if (now != null) {
                now.durableUpTo(seq);
                if (now.canSendToUser() && now.awaitsAck(seq)) sendToUser(now, seq, text);
            }
            alsoShow.run();
        }));
        showDurable();
        if (!durable.isDone()) durable.whenComplete((v, e) -> showDurable.request());
    }

    /**
     * Whether the desk is too far behind in showing stored messages ({@link #awaitingDurable}) or in running its
     * delivery thread's tasks to take another write.
     */
    private boolean deliveryFull() {
        return awaitingDurable.size() >= MAX_WAITING_DELIVERY
                || delivery.getQueue().size() >= MAX_WAITING_DELIVERY;
    }

    private String deliveryBehind() {
        return "the desk is behind in delivering stored messages (" + awaitingDurable.size() + " waiting to be shown, "
                + delivery.getQueue().size() + " tasks queued; at most " + MAX_WAITING_DELIVERY
                + " each); try again shortly";
    }

    /** Sends every message kept for the user, in order; from now on new ones go out at once. */
    private void sendKept(Chat chat) {
        Map<Integer, String> kept = chat.ready();
        open.changed(chat); // its connection may want notices now
        if (!kept.isEmpty()) log.info("chat {}: sending {} message(s) not yet acknowledged", chat.id, kept.size());
        kept.forEach((id, text) -> sendToUser(chat, id, text));
    }

    private void sendToUser(Chat chat, int id, String text) {
        if (chat.delivery()) {
            String chatId = chat.id;
            outbox.toUser(chatId, id, text, () -> {
                acknowledgedIds.merge(chatId, id, Math::max);
                acknowledgements.request();
            });
        } else {
            outbox.toUser(chat.id, id, text, () -> {});
            // without acknowledgements a message written into the connection counts as delivered
            if (chat.acknowledged(id)) {
                acknowledgedToStore.merge(chat.id, id, Math::max);
                acknowledgements.request();
            }
        }
    }

    /**
     * The acknowledgements that came since the last call, on the delivery thread: an acknowledgement covers every
     * message up to its id, so only each chat's highest is taken in.
     */
    private void takeAcknowledgements() {
        for (String chatId : List.copyOf(acknowledgedIds.keySet())) {
            Integer id = acknowledgedIds.remove(chatId);
            if (id != null) toUserAcknowledged(chatId, id);
        }
        for (String chatId : List.copyOf(acknowledgedToStore.keySet())) {
            Integer id = acknowledgedToStore.remove(chatId);
            if (id != null) storeAcknowledged(chatId, id);
        }
    }

    /** The client acknowledged {@code to_user} {@code id} (on the delivery thread). */
    private void toUserAcknowledged(String chatId, int id) {
        boolean news;
        synchronized (this) {
            Chat chat = open.contains(chatId) ? open.get(chatId) : ending.get(chatId);
            if (chat == null) return;
            news = chat.acknowledged(id);
            if (news && ending.containsKey(chatId) && chat.allAcknowledged()) {
                log.info("chat {}: its last messages are acknowledged; it ends", chatId);
                finishEnding(chat);
            }
        }
        if (news) storeAcknowledged(chatId, id);
    }

    /** Outside the lock: the store keeps the highest id, whatever order these come in. */
    private void storeAcknowledged(String chatId, int id) {
        try {
            store.acknowledgeToUser(chatId, id);
        } catch (RuntimeException e) {
            log.warn("chat {}: cannot store that to_user {} was acknowledged: {}", chatId, id, e.getMessage());
        }
    }

    private void tellAgentStatus(Chat chat, String status) {
        if (chat.delivery() && chat.canSendToUser()) outbox.agentStatus(chat.id, status);
    }

    private List<Chat> chatsOf(String agentName) {
        return open.of(agentName);
    }

    /** Shows the user messages that are durable now to their agents, in order; the rest wait. */
    private void showDurable() {
        while (!awaitingDurable.isEmpty() && awaitingDurable.peek().durable().isDone()) {
            Shown shown = awaitingDurable.poll();
            if (shown.durable().isCompletedExceptionally()) {
                log.error("chat {}: message {} could not be stored durably", shown.chatId(), shown.seq());
                continue;
            }
            shown.show().run();
        }
    }

    private synchronized void showDurableNow() {
        showDurable();
    }

    private void finishEnding(Chat chat) {
        ending.remove(chat.id);
        Ending due = endingKeys.remove(chat.id);
        if (due != null) endingByDue.remove(due);
        String key = key(chat.botId, chat.conversationId);
        if (chat.id.equals(byConversation.get(key))) byConversation.remove(key);
        if (chat.userConnected()) outbox.endUserChat(chat.id);
    }

    private void requeueChatsOf(AgentState agent, Instant now) {
        for (Chat chat : open.of(agent.name())) {
            if (chat.status() != ChatStatus.ASSIGNED) continue;
            release(chat, agent, now, "agent_offline");
            chat.requeue(chat.department(), now, timers.nextAutoReply(now));
            open.changed(chat);
            store.update(chat.stored());
            metrics.queued(chat, "agent_gone");
            log.info(
                    "chat {}: agent {} offline since {}; back in the {} queue",
                    chat.id,
                    agent.name(),
                    agent.offlineSince,
                    chat.department());
            broadcastQueue("added", chat);
        }
    }

    /**
     * Assigns what it can, oldest waiting chat first across departments, then tells the bots that asked for notices
     * where their chats stand. A department whose chat found no agent is passed over for the rest of the call (no
     * agent of it gains room or comes online meanwhile), so this looks at the chats it assigns and one more per
     * department.
     */
    private void assignWaiting() {
        if (config.autoAssign() && policy.anyAvailable(agents.values())) {
            java.util.Set<String> unserved = new java.util.HashSet<>();
            while (true) {
                Map.Entry<OpenChats.Place, Chat> next = null;
                for (String d : open.queuedDepartments()) {
                    if (unserved.contains(d)) continue;
                    Map.Entry<OpenChats.Place, Chat> head = open.queue(d).firstEntry();
                    if (next == null || head.getKey().compareTo(next.getKey()) < 0) next = head;
                }
                if (next == null) break;
                Chat chat = next.getValue();
                Optional<AgentState> agent = policy.choose(chat.department(), agents.values());
                if (agent.isPresent()) assign(chat, agent.get(), "auto");
                else unserved.add(chat.department());
            }
        }
        tellQueue();
    }

    /**
     * The notices addition: every chat whose connection asked for it is told its place in its department's
     * queue when it changed (at most once per {@link #POSITION_SPACING}: a later call, at the latest the next
     * tick, tells the newest), and who has it when an agent joined. Called after every change of the queues;
     * looks only at the chats from the first place that changed in each department, and at the chats assigned
     * or reconnected since the last call ({@link OpenChats}).
     */
    private void tellQueue() {
        refreshMetrics();
        Instant now = clock.instant();
        open.takePositionsChanged().forEach((department, from) -> {
            if (!open.anyNoticed(department)) return;
            var queue = open.queue(department);
            var behind = queue.tailMap(from, true);
            int position = queue.size() - behind.size();
            OpenChats.Place later = null;
            for (Map.Entry<OpenChats.Place, Chat> e : behind.entrySet()) {
                position++;
                Chat chat = e.getValue();
                if (!chat.wantsNotices()) continue;
                switch (chat.positionDue(position, now, POSITION_SPACING)) {
                    case TELL -> outbox.queuePosition(chat.id, position, department);
                    case LATER -> {
                        if (later == null) later = e.getKey();
                    }
                    case KNOWN -> {}
                }
            }
            if (later != null) open.positionsChanged(department, later);
        });
        for (Chat chat : open.takeAgentJoinedDue()) {
            if (chat.status() == ChatStatus.ASSIGNED && chat.wantsNotices() && chat.agentJoinedDue()) {
                AgentState a = agents.get(chat.agent());
                if (a != null) outbox.agentJoined(chat.id, a.config.shownName(), a.language);
            }
        }
    }

    /** Writes the gauges of the queues that changed, and of the agents when they did. */
    private void refreshMetrics() {
        for (String department : open.takeChangedQueues()) metrics.queueChanged(department, open);
        if (agentsChanged) {
            agentsChanged = false;
            metrics.agentsChanged(agents.values());
        }
    }

    /** {@code how}: {@code take}, {@code auto} or {@code transfer} ({@link DeskMetrics#HOW}). */
    private void assign(Chat chat, AgentState agent, String how) {
        Instant now = clock.instant();
        var before = chat.facts();
        boolean wasQueued = chat.assign(agent.name(), now, timers.slaDue(now));
        open.changed(chat);
        metrics.assigned(chat, how, before, now);
        if (agent.connected() && chat.agentBack()) tellAgentStatus(chat, "back");
        agent.load++;
        agent.lastAssignedAt = now;
        store.update(chat.stored());
        store.assignmentStarted(chat.id, agent.name(), now);
        log.info("chat {}: assigned to {} ({}/{})", chat.id, agent.name(), agent.load, agent.config.maxChats());
        if (wasQueued && chat != opening) broadcastQueue("removed", chat);
        outbox.toAgent(agent.name(), new AgentEvent.Assigned(view(chat)));
    }

    private void release(Chat chat, AgentState agent, Instant now, String reason) {
        agent.load--;
        store.assignmentEnded(chat.id, agent.name(), now, reason);
        chat.release();
        open.changed(chat);
        outbox.toAgent(agent.name(), new AgentEvent.Unassigned(new ChatClosed(chat.id, reason)));
    }

    private void archive(Chat chat, ArchiveReason reason) {
        Instant now = clock.instant();
        boolean wasQueued = chat.status() == ChatStatus.QUEUED;
        String agentName = chat.agent();
        chat.archive(reason, now);
        store.update(chat.stored());
        metrics.archived(chat, reason);
        if (agentName != null) {
            AgentState a = agents.get(agentName);
            if (a != null) a.load--;
            store.assignmentEnded(chat.id, agentName, now, reason.wire());
        }
        open.remove(chat);
        log.info("chat {}: archived ({})", chat.id, reason.wire());
        if (reason != ArchiveReason.USER_DISCONNECTED && chat.delivery() && !chat.allAcknowledged()) {
            // its bot may come back within the grace for the last messages; disconnect_socket follows them
            ending.put(chat.id, chat);
            Ending key = new Ending(chat.archivedAt().plus(timers.disconnectGrace()), endings++);
            endingByDue.put(key, chat);
            endingKeys.put(chat.id, key);
        } else {
            byConversation.remove(key(chat.botId, chat.conversationId));
            if (chat.userConnected()) outbox.endUserChat(chat.id);
        }
        if (wasQueued) broadcastQueue("removed", chat);
        if (agentName != null)
            outbox.toAgent(agentName, new AgentEvent.ChatArchived(new ChatClosed(chat.id, reason.wire())));
    }

    private StoredMessage append(
            Chat chat, String sender, String author, String text, String language, boolean activity) {
        StoredMessage m = chat.append(sender, author, text, clock.instant(), language, activity);
        store.append(m);
        return m;
    }

    private void notifyChatChanged(Chat chat) {
        if (chat.status() == ChatStatus.ASSIGNED) {
            outbox.toAgent(chat.agent(), new AgentEvent.QueueChanged(new QueueChange("updated", chat.summary())));
        } else if (chat.status() == ChatStatus.QUEUED) {
            broadcastQueue("updated", chat);
        }
    }

    private void broadcastQueue(String change, Chat chat) {
        QueueChange event = null;
        for (AgentState a : agents.values()) {
            if (a.connected() && a.config.serves(chat.department())) {
                if (event == null) event = new QueueChange(change, chat.summary());
                outbox.toAgent(a.name(), new AgentEvent.QueueChanged(event));
            }
        }
    }

    private ChatView view(Chat chat) {
        return Views.chat(chat.summary(), store.messages(chat.id));
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
        if (!chat.isWithAgent(a.name())) {
            throw new DeskException(
                    DeskError.Code.NOT_YOURS,
                    "chat " + chatId + " is not yours" + (chat.agent() == null ? " (it is waiting)" : ""));
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
        checkLength(value, DeskLimits.MAX_ID, "'" + key + "'");
    }

    /** Refuses a contact the store could not keep, before anything is stored. */
    private static void checkContact(Contact contact) {
        checkLength(contact.name(), DeskLimits.MAX_CONTACT_NAME, "contact name");
        checkLength(contact.email(), DeskLimits.MAX_CONTACT_EMAIL, "contact email");
        checkLength(contact.phone(), DeskLimits.MAX_CONTACT_PHONE, "contact phone");
    }

    private static void checkLength(String value, int max, String what) {
        if (value != null && value.length() > max)
            throw new DeskException(DeskError.Code.TOO_LONG, what + " is longer than " + max + " characters");
    }

    private static String key(String botId, String conversationId) {
        return botId + '\u0000' + conversationId;
    }

    private static String quote(String s) {
        return s == null ? "null" : "'" + s + "'";
    }
}
