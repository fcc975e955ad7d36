package dev.handoff.channel;

import dev.handoff.conversation.StoredLine;
import dev.handoff.routing.Conversations;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;

/**
 * The sessions of every channel of one server, by id, each with its conversation open in {@link Conversations}
 * under the same id. Thread-safe.
 */
public final class Sessions {
    /** Sessions open at once; a new one beyond is refused ({@code busy}) until idle ones are closed. */
    public static final int MAX_OPEN = InMemoryTranscripts.SESSIONS;

    private final Conversations conversations;
    private final Map<String, ServedBot> bots;
    private final ServedBot first;
    private final Transcripts transcripts;
    private final Executor workers;
    private final List<SessionListener> listeners = new CopyOnWriteArrayList<>();
    private final Map<String, Session> open = new ConcurrentHashMap<>();

    public Sessions(Conversations conversations, List<ServedBot> bots, Transcripts transcripts, Executor workers) {
        if (bots.isEmpty()) throw new IllegalArgumentException("a server needs at least one bot");
        Map<String, ServedBot> byId = new LinkedHashMap<>();
        for (ServedBot b : bots) {
            if (byId.putIfAbsent(b.id(), b) != null) {
                throw new IllegalArgumentException("two bots with the id '" + b.id() + "'");
            }
        }
        this.conversations = conversations;
        this.bots = java.util.Collections.unmodifiableMap(byId);
        this.first = bots.get(0);
        this.transcripts = transcripts;
        this.workers = workers;
    }

    /** The bots, by id, in the order given (the first is the default). */
    public Map<String, ServedBot> bots() {
        return bots;
    }

    /** The bot of that id, or the first bot for {@code null}. */
    public ServedBot bot(String id) {
        if (id == null) return first;
        ServedBot bot = bots.get(id);
        if (bot == null) {
            throw new ChannelError(
                    ChannelError.Code.UNKNOWN_BOT,
                    "no bot '" + id + "' runs here (known: " + String.join(", ", bots.keySet()) + ")");
        }
        return bot;
    }

    /** Tells {@code listener} of every session's lines from now on. */
    public void addListener(SessionListener listener) {
        listeners.add(listener);
    }

    /** The open session of that id. Never reads the store: safe on an event thread. */
    public Optional<Session> find(String id) {
        return id == null ? Optional.empty() : Optional.ofNullable(open.get(id));
    }

    /**
     * The open session of that id, or else, with a conversation store, the stored conversation of that id (of the
     * first bot that has one) opened again: a user back after a restart keeps their conversation. Empty when
     * neither. May read the store: call it off the transports' event threads ({@link #offEventThread}).
     *
     * @throws ChannelError {@code busy} at {@link #MAX_OPEN}
     */
    public Optional<Session> findOrReopen(String id) {
        Optional<Session> found = find(id);
        if (id == null || found.isPresent() || !conversations.stored()) return found;
        for (ServedBot bot : bots.values()) {
            if (conversations.exists(bot.bot(), id)) return Optional.of(open(id, bot.id(), null));
        }
        return Optional.empty();
    }

    /** Runs {@code task} on the sessions' workers: what may read the store, off a transport's event thread. */
    public void offEventThread(Runnable task) {
        workers.execute(task);
    }

    /** A new session with a fresh random id. */
    public Session create(String botId, String language) {
        return open(UUID.randomUUID().toString(), botId, language);
    }

    /**
     * The session of that id, opened with the bot ({@code null}: the first) and the language (ignored unless
     * the bot speaks it; {@code null}: the bot's first) when it is not open yet. An open session keeps its bot.
     * With a conversation store, a stored conversation of that id and bot is taken up again (its language, its
     * handoff, its transcript numbered as stored; see {@link Transcripts#opened}); this reads the store.
     *
     * @throws ChannelError {@code unknown_bot}
     */
    public Session open(String id, String botId, String language) {
        Session existing = open.get(id);
        if (existing != null) return existing;
        ServedBot bot = bot(botId);
        if (open.size() >= MAX_OPEN) {
            throw new ChannelError(
                    ChannelError.Code.BUSY,
                    "the server holds its maximum of " + MAX_OPEN + " conversations; try again later");
        }
        String lang = language != null && bot.languages().contains(language) ? language : null;
        boolean stored = conversations.stored();
        return open.computeIfAbsent(id, key -> {
            Session session = new Session(key, bot, lang, conversations, transcripts, listeners, workers, stored);
            if (!stored) {
                conversations.open(key, bot.bot(), lang, session);
                return session;
            }
            Conversations.Opened opened =
                    conversations.openWithHistory(key, bot.bot(), lang, session, InMemoryTranscripts.LINES_PER_SESSION);
            synchronized (opened.conversation()) {
                List<ChatLine> history = numbered(opened);
                transcripts.opened(key, history, opened.lines());
                session.restored(opened.conversation().language(), history, conversations.route(key));
            }
            return session;
        });
    }

    /** How many sessions are open. */
    public int size() {
        return open.size();
    }

    /** The history's lines numbered by their position in the whole stored transcript. */
    private static List<ChatLine> numbered(Conversations.Opened opened) {
        List<StoredLine> history = opened.history();
        long first = opened.lines() - history.size() + 1;
        List<ChatLine> out = new ArrayList<>(history.size());
        for (int i = 0; i < history.size(); i++) {
            StoredLine line = history.get(i);
            ChatLine.From from =
                    switch (line.sender()) {
                        case USER -> ChatLine.From.USER;
                        case BOT -> ChatLine.From.BOT;
                        case AGENT -> ChatLine.From.AGENT;
                        case SYSTEM -> ChatLine.From.SYSTEM;
                    };
            out.add(new ChatLine(first + i, from, line.text(), line.options(), null));
        }
        return out;
    }

    /**
     * Closes the sessions where nothing was said either way for {@code idle} and the bot has the conversation
     * (a handoff is never cut); their transcripts stay while the transcripts keep them. Returns how many.
     */
    public int closeIdle(java.time.Duration idle) {
        long now = System.nanoTime();
        int closed = 0;
        for (Session session : List.copyOf(open.values())) {
            if (session.idleWithBot(now, idle.toNanos()) && open.remove(session.id(), session)) {
                conversations.close(session.id());
                closed++;
            }
        }
        return closed;
    }

    /**
     * The server stops. Without a conversation store, closes every session's conversation (and any live-agent
     * connection it holds). With one, only forgets the sessions: the conversations are left as stored, their
     * handoffs open on the desk, for the runtime's {@code Conversations.shutdown()} and the next server.
     */
    public void closeAll() {
        if (conversations.stored()) {
            open.clear();
            return;
        }
        for (String id : List.copyOf(open.keySet())) {
            open.remove(id);
            conversations.close(id);
        }
    }
}
