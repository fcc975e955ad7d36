package dev.handoff.channel;

import dev.handoff.dialogue.Reply;
import dev.handoff.dialogue.UserChannel;
import dev.handoff.routing.Conversations;
import dev.handoff.routing.Route;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One user of a channel (a browser's stored session id, a REST sender) and their conversation, whose id is the
 * session's. Its turns run on the shared workers, one at a time and in the order they were accepted, never on
 * a transport's thread; at most {@link #MAX_WAITING} wait, a further message is refused ({@link
 * ChannelError.Code#BUSY}), never dropped unsaid. Every reply is numbered in the {@link Transcripts} and passed
 * to the {@link SessionListener}s.
 *
 * <p><b>Threads.</b> {@link #send} from any thread; {@link #deliver} from the dialogue (conversation lock held);
 * {@code status} and {@code agentSeen} under {@code this}; the queue is concurrent.
 */
public final class Session implements UserChannel {
    private static final Logger log = LoggerFactory.getLogger(Session.class);
    /** Messages of one session that may wait for their turn. */
    public static final int MAX_WAITING = 64;

    private final String id;
    private final ServedBot bot;
    private final Conversations conversations;
    private final Transcripts transcripts;
    private final List<SessionListener> listeners;
    private final Executor workers;

    private final Queue<Runnable> turns = new ConcurrentLinkedQueue<>();
    private final AtomicInteger waiting = new AtomicInteger();
    private final AtomicBoolean running = new AtomicBoolean();

    private HandoffStatus status = HandoffStatus.WITH_BOT;
    private boolean agentSeen;
    /** The agent who joined, as the desk named them (notices addition); {@code null} before or without it. */
    private String agentName;
    /** A turn has run: the conversation's language is its own now. */
    private boolean started;

    private String language;
    /** The worker running a turn and what the bot said in it (for REST's answer); only that worker touches it. */
    private volatile Thread turnThread;

    private List<ChatLine> collected;
    /**
     * Replies delivered while a stored conversation is being opened, before its transcript is numbered; {@code
     * null} once released. Guarded by the conversation's lock (every {@link #deliver} holds it).
     */
    private List<Reply> held;
    /** {@link System#nanoTime()} of the last message either way. */
    private volatile long lastActive = System.nanoTime();

    Session(
            String id,
            ServedBot bot,
            String language,
            Conversations conversations,
            Transcripts transcripts,
            List<SessionListener> listeners,
            Executor workers,
            boolean holdReplies) {
        this.id = id;
        this.held = holdReplies ? new ArrayList<>() : null;
        this.bot = bot;
        this.language = language;
        this.conversations = conversations;
        this.transcripts = transcripts;
        this.listeners = listeners;
        this.workers = workers;
    }

    public String id() {
        return id;
    }

    public ServedBot bot() {
        return bot;
    }

    public synchronized String language() {
        return language;
    }

    public synchronized HandoffStatus status() {
        return status;
    }

    /** Everything the user has seen (what is still kept), oldest first. May read a store: not on an event thread. */
    public List<ChatLine> history() {
        return transcripts.after(id, 0);
    }

    /** Reads the history on a worker, after the session's earlier turns, and gives it to {@code then} there. */
    public void history(java.util.function.Consumer<List<ChatLine>> then) {
        enqueue(() -> then.accept(history()));
    }

    /**
     * Accepts one user message: it is numbered in the transcript at once and its turn runs after those before
     * it. The future completes with what the bot and the handoff said in that turn.
     *
     * @throws ChannelError {@code malformed} for a blank message, {@code too_long} above the bot's maximum,
     *     {@code busy} when {@link #MAX_WAITING} messages already wait
     */
    public CompletableFuture<List<ChatLine>> send(String text) {
        if (text == null || text.isBlank()) throw new ChannelError(ChannelError.Code.MALFORMED, "the message is empty");
        if (text.length() > bot.maxMessageLength()) {
            throw new ChannelError(
                    ChannelError.Code.TOO_LONG,
                    "the message has " + text.length() + " characters; bot '" + bot.id() + "' takes at most "
                            + bot.maxMessageLength());
        }
        if (waiting.incrementAndGet() > MAX_WAITING) {
            waiting.decrementAndGet();
            throw new ChannelError(
                    ChannelError.Code.BUSY,
                    "too many messages wait for their turn in this session; send it again in a moment");
        }
        String message = text.strip();
        lastActive = System.nanoTime();
        CompletableFuture<List<ChatLine>> done = new CompletableFuture<>();
        publish(transcripts.append(id, new ChatLine(0, ChatLine.From.USER, message, List.of(), null)));
        enqueue(() -> turn(message, done));
        return done;
    }

    /**
     * The user picked a language. A conversation that has not started yet is opened again in it; a running one
     * switches to it as the user's choice (the bot's next replies are in it, and detection leaves it alone).
     */
    public void chooseLanguage(String code) {
        if (code == null || !bot.languages().contains(code)) return;
        enqueue(() -> {
            synchronized (this) {
                if (code.equals(language)) return;
                if (started) {
                    conversations.chooseLanguage(id, code);
                    language = code;
                    return;
                }
                conversations.close(id);
                conversations.open(id, bot.bot(), code, this);
                language = code;
            }
        });
    }

    /**
     * Tells the user who they are with. The channel works it out from the route and the agent's messages; a
     * live-agent server that says more (the queue position, the agent's name) calls this directly.
     */
    public void status(HandoffStatus next) {
        synchronized (this) {
            if (next.equals(status)) return;
            status = next;
            if (next.state() == HandoffStatus.State.BOT) {
                agentSeen = false;
                agentName = null;
            }
        }
        for (SessionListener l : listeners) l.status(id, next);
    }

    /**
     * The session was opened on a stored conversation (a restarted server, a user back after the server let the
     * session go): it goes on in that conversation's language and handoff state, and the replies held while it was
     * opened are delivered now, after {@code history}. Called with the conversation's lock held.
     */
    void restored(String storedLanguage, List<ChatLine> history, Route route) {
        boolean agentInHistory = history.stream().anyMatch(l -> l.from() == ChatLine.From.AGENT);
        synchronized (this) {
            language = storedLanguage;
            started = !history.isEmpty();
            if (route != Route.NLP_PIPELINE) {
                agentSeen = agentInHistory;
                status = agentInHistory ? HandoffStatus.agent(null) : HandoffStatus.WAITING;
            }
        }
        List<Reply> replies = held;
        held = null;
        if (replies != null) replies.forEach(r -> deliver(id, r));
    }

    @Override
    public void deliver(String conversationId, Reply reply) {
        if (held != null) {
            held.add(reply);
            return;
        }
        lastActive = System.nanoTime();
        ChatLine line = transcripts.append(id, lineOf(reply, agentName()));
        if (Thread.currentThread() == turnThread && line.from() != ChatLine.From.AGENT) collected.add(line);
        publish(line);
        if (reply instanceof Reply.AgentText) {
            boolean first;
            synchronized (this) {
                first = !agentSeen;
                agentSeen = true;
            }
            if (first && status().state() != HandoffStatus.State.AGENT) status(HandoffStatus.agent(null));
        } else if (reply instanceof Reply.SystemNotice notice && notice.progress() != null) {
            Reply.HandoffProgress p = notice.progress();
            synchronized (this) {
                agentName = p.agent();
                if (!p.waiting()) agentSeen = true;
            }
            status(
                    p.waiting()
                            ? new HandoffStatus(HandoffStatus.State.WAITING, p.position(), null)
                            : HandoffStatus.agent(p.agent()));
        } else if (reply instanceof Reply.SystemNotice) {
            // the route changes around the notice, under the conversation's lock: look once it is let go
            enqueue(this::refreshStatus);
        }
    }

    /** Whether nothing was said either way for {@code idleNanos} and the bot (not an agent) has the conversation. */
    boolean idleWithBot(long now, long idleNanos) {
        if (now - lastActive < idleNanos) return false;
        try {
            return conversations.route(id) == Route.NLP_PIPELINE;
        } catch (IllegalArgumentException closed) {
            return true;
        }
    }

    private void refreshStatus() {
        Route route;
        try {
            route = conversations.route(id);
        } catch (IllegalArgumentException closed) {
            return;
        }
        HandoffStatus now = status();
        if (route == Route.NLP_PIPELINE) {
            status(HandoffStatus.WITH_BOT);
        } else if (now.state() == HandoffStatus.State.BOT) {
            synchronized (this) {
                if (agentSeen) return;
            }
            status(HandoffStatus.WAITING);
        }
    }

    private synchronized String agentName() {
        return agentName;
    }

    private static ChatLine lineOf(Reply reply, String agent) {
        if (reply instanceof Reply.BotButtons b) return new ChatLine(0, ChatLine.From.BOT, b.text(), b.options(), null);
        if (reply instanceof Reply.AgentText)
            return new ChatLine(0, ChatLine.From.AGENT, reply.text(), List.of(), agent);
        if (reply instanceof Reply.SystemNotice) {
            return new ChatLine(0, ChatLine.From.SYSTEM, reply.text(), List.of(), null);
        }
        return new ChatLine(0, ChatLine.From.BOT, reply.text(), List.of(), null);
    }

    private void publish(ChatLine line) {
        for (SessionListener l : listeners) {
            try {
                l.line(id, line);
            } catch (RuntimeException e) {
                log.warn(
                        "session {}: listener {} failed on line {}: {}",
                        id,
                        l.getClass().getSimpleName(),
                        line.seq(),
                        e.toString());
            }
        }
    }

    private void turn(String message, CompletableFuture<List<ChatLine>> done) {
        waiting.decrementAndGet();
        synchronized (this) {
            started = true;
        }
        collected = new ArrayList<>();
        turnThread = Thread.currentThread();
        try {
            conversations.send(id, message);
        } catch (RuntimeException e) {
            log.error("session {}: the turn failed: {}", id, e.toString(), e);
        } finally {
            turnThread = null;
            done.complete(List.copyOf(collected));
            collected = null;
        }
    }

    /** Runs {@code task} after the session's earlier tasks, on a worker. */
    private void enqueue(Runnable task) {
        turns.add(task);
        drain();
    }

    private void drain() {
        if (!running.compareAndSet(false, true)) return;
        try {
            workers.execute(() -> {
                try {
                    Runnable next;
                    while ((next = turns.poll()) != null) {
                        try {
                            next.run();
                        } catch (RuntimeException e) {
                            log.error("session {}: {}", id, e.toString(), e);
                        }
                    }
                } finally {
                    running.set(false);
                    if (!turns.isEmpty()) drain();
                }
            });
        } catch (RejectedExecutionException e) {
            running.set(false);
            log.warn("session {}: the server is stopping; {} task(s) not run", id, turns.size());
        }
    }
}
