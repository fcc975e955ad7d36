package dev.handoff.routing;

import dev.handoff.conversation.ConversationStore;
import dev.handoff.conversation.StoredConversation;
import dev.handoff.conversation.StoredHandoff;
import dev.handoff.conversation.StoredLine;
import dev.handoff.dialogue.Bot;
import dev.handoff.dialogue.Conversation;
import dev.handoff.dialogue.TranscriptLine;
import dev.handoff.dialogue.UserChannel;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The entrance a channel calls: open a conversation with a bot, pass it the user's messages, close
 * it. Replies reach the user through the conversation's {@link UserChannel}, also when they come
 * later (a live agent's messages). Thread-safe; turns of one conversation are handled one at a time.
 *
 * <p><b>With a conversation store</b> ({@code ConversationStoreModule}): every turn (the user's message, the
 * replies, the dialogue state) and every live-agent event is written, in one transaction, before the user's
 * channel gets the replies. {@link #open} of a stored id restores the conversation; {@link #transcript} reads
 * its history; {@link #resumeHandoffs} (at startup) takes up again the conversations that were with a live agent;
 * {@link #detach} lets a conversation go on while its user is away; {@link #shutdown} stops the process without
 * ending anything. Without a store, conversations live in memory only, as they always did.
 */
@Singleton
public final class Conversations {
    private static final Logger log = LoggerFactory.getLogger(Conversations.class);
    /** How many user-bot lines a restored conversation keeps in memory (what a handoff sends the live agent). */
    static final int RESTORED_LINES = 200;

    private final Router router;
    private final Map<String, Conversation> open = new ConcurrentHashMap<>();
    /** With a store: each open conversation's channel. */
    private final Map<String, StoredChannel> channels = new ConcurrentHashMap<>();

    private ConversationStore store;
    private Set<TakeoverResumer> resumers = Set.of();
    private Clock clock = Clock.systemUTC();
    /** Conversations started (new, not restored): {@code handoff.conversations.started}. */
    private Counter started = new SimpleMeterRegistry().counter(STARTED);

    static final String STARTED = "handoff.conversations.started";

    @Inject
    public Conversations(Router router) {
        this.router = router;
    }

    /** The conversation store, when {@code ConversationStoreModule} binds one. */
    @com.google.inject.Inject(optional = true)
    void useStore(ConversationStore store) {
        this.store = store;
    }

    /** The process's meter registry, when one is bound ({@code MetricsModule}). */
    @com.google.inject.Inject(optional = true)
    void useMeters(MeterRegistry registry) {
        this.started = Counter.builder(STARTED)
                .description("Conversations started with the bot")
                .register(registry);
    }

    /** The features that take a restored conversation over again (the human handoff). */
    @com.google.inject.Inject(optional = true)
    void useResumers(Set<TakeoverResumer> resumers) {
        this.resumers = Set.copyOf(resumers);
    }

    /** Whether conversations are stored. */
    public boolean stored() {
        return store != null;
    }

    /**
     * Whether {@link #open} of this id with this bot would go on with an existing conversation rather than start
     * one: it is held here, or stored. Without a store, whether it is open. May read the store.
     */
    public boolean exists(Bot bot, String conversationId) {
        Conversation held = open.get(conversationId);
        if (held != null) return held.bot().id().equals(bot.id());
        return store != null && store.load(bot.id(), conversationId, 0).isPresent();
    }

    /**
     * Opens a conversation; {@code language} null means the bot's first language.
     *
     * <p>With a store: a conversation this process holds without a channel (resumed, or {@link #detach}ed) gets
     * {@code channel}; a stored one is restored (its stored language, slots, waiting menu or field, and its
     * handoff if it was with a live agent), and {@code language} is ignored. The history is in {@link
     * #transcript}: nothing earlier is delivered to {@code channel} again.
     *
     * @throws IllegalArgumentException if the bot does not speak {@code language}
     * @throws IllegalStateException if a conversation with this id is already open (with a channel)
     */
    public Conversation open(String conversationId, Bot bot, String language, UserChannel channel) {
        return openWithHistory(conversationId, bot, language, channel, 0).conversation();
    }

    /**
     * An opened conversation and the last lines of its history (empty for a new one, or without a store).
     *
     * @param lines how many transcript lines the conversation has in all, at that instant: the last line of
     *     {@code history} is line {@code lines} (from 1), and the next line said is {@code lines + 1}
     */
    public record Opened(Conversation conversation, List<StoredLine> history, long lines) {
        public Opened {
            history = List.copyOf(history);
            if (lines < history.size()) throw new IllegalArgumentException("fewer lines than the history holds");
        }

        public Opened(Conversation conversation, List<StoredLine> history) {
            this(conversation, history, history.size());
        }
    }

    /**
     * {@link #open}, and the conversation's last {@code historyLines} transcript lines, read in the same instant
     * the channel is attached: each line is either in the history or delivered to {@code channel}, never both,
     * never neither. What a channel calls to show a user who comes back (a page reload, a restarted process).
     */
    public Opened openWithHistory(
            String conversationId, Bot bot, String language, UserChannel channel, int historyLines) {
        Objects.requireNonNull(channel, "channel");
        if (language != null && !bot.definition().languages().contains(language)) {
            throw new IllegalArgumentException("bot '" + bot.id() + "' does not speak '" + language
                    + "' (its languages: " + String.join(", ", bot.definition().languages()) + ")");
        }
        if (store == null) {
            var conversation = new Conversation(conversationId, bot, language, channel);
            if (open.putIfAbsent(conversationId, conversation) != null) {
                throw new IllegalStateException("conversation '" + conversationId + "' is already open");
            }
            started.increment();
            return new Opened(conversation, List.of());
        }
        synchronized (this) {
            Conversation held = open.get(conversationId);
            if (held != null) {
                synchronized (held) {
                    StoredChannel stored = channels.get(conversationId);
                    if (stored.attached() || !held.bot().id().equals(bot.id())) {
                        throw new IllegalStateException("conversation '" + conversationId + "' is already open");
                    }
                    List<StoredLine> history = history(bot, conversationId, historyLines);
                    long lines = lines(bot, conversationId, history, historyLines);
                    stored.attach(channel);
                    log.info("conversation {}: the user is back", conversationId);
                    return new Opened(held, history, lines);
                }
            }
            return restoreOrCreate(conversationId, bot, language, channel, historyLines);
        }
    }

    private List<StoredLine> history(Bot bot, String conversationId, int lines) {
        return lines <= 0 ? List.of() : store.transcript(bot.id(), conversationId, lines);
    }

    /** The transcript's length: the history's when it holds less than asked for (all of it), else counted. */
    private long lines(Bot bot, String conversationId, List<StoredLine> history, int asked) {
        return asked > 0 && history.size() < asked ? history.size() : store.lineCount(bot.id(), conversationId);
    }

    private Opened restoreOrCreate(
            String conversationId, Bot bot, String language, UserChannel channel, int historyLines) {
        var stored = new StoredChannel(store, bot.id(), null, clock);
        Optional<StoredConversation> saved = store.load(bot.id(), conversationId, RESTORED_LINES);
        Conversation conversation = saved.map(s -> Conversation.restore(
                        conversationId,
                        bot,
                        s.dialogue(),
                        s.userBotLines().stream().map(Conversations::line).toList(),
                        stored))
                .orElseGet(() -> new Conversation(conversationId, bot, language, stored));
        if (saved.isEmpty()) started.increment();
        stored.bind(conversation);
        channels.put(conversationId, stored);
        open.put(conversationId, conversation);
        synchronized (conversation) {
            List<StoredLine> history = saved.isPresent() ? history(bot, conversationId, historyLines) : List.of();
            long lines = saved.isPresent() && channel != null ? lines(bot, conversationId, history, historyLines) : 0;
            if (channel != null) {
                stored.attach(channel);
            }
            if (saved.isPresent()) {
                log.info("conversation {}: restored from the store", conversationId);
                saved.get().handoff().filter(StoredHandoff::live).ifPresent(h -> resume(conversation, h));
            }
            return new Opened(conversation, history, lines);
        }
    }

    private void resume(Conversation conversation, StoredHandoff handoff) {
        synchronized (conversation) {
            for (TakeoverResumer resumer : resumers) {
                if (resumer.resume(conversation, handoff)) {
                    return;
                }
            }
            log.warn(
                    "conversation {}: it was with a live agent, but nothing here resumes its handoff; it is with the bot",
                    conversation.id());
        }
    }

    private static TranscriptLine line(StoredLine line) {
        return line.sender() == StoredLine.Sender.USER
                ? TranscriptLine.user(line.text())
                : TranscriptLine.bot(line.text());
    }

    /**
     * Startup, with a store: takes up again every stored conversation of these bots that was with a live agent
     * (the live-agent connection is re-opened for the same conversation id, presenting the chat's resume token).
     * They have no channel until their user {@link #open}s them again; what the agent says meanwhile is stored.
     * Returns how many were resumed; without a store, 0.
     */
    public int resumeHandoffs(Collection<Bot> bots) {
        if (store == null) {
            return 0;
        }
        Map<String, Bot> byId = bots.stream().collect(Collectors.toMap(Bot::id, Function.identity(), (a, b) -> a));
        int resumed = 0;
        for (ConversationStore.Key key : store.liveHandoffs()) {
            Bot bot = byId.get(key.botId());
            if (bot == null) {
                log.debug("conversation {}: its bot '{}' is not served here", key.conversationId(), key.botId());
                continue;
            }
            synchronized (this) {
                if (!open.containsKey(key.conversationId())) {
                    restoreOrCreate(key.conversationId(), bot, null, null, 0);
                    resumed++;
                }
            }
        }
        log.info("{} handoff(s) resumed from the store", resumed);
        return resumed;
    }

    /**
     * The user chose one of the bot's languages (a channel's language picker): the replies from now on are in
     * it, and language detection no longer changes it.
     *
     * @throws IllegalArgumentException if no such conversation is open, or the bot does not speak it
     */
    public void chooseLanguage(String conversationId, String language) {
        require(conversationId).chooseLanguage(language);
    }

    /** Passes one user message to the conversation; says where it went. */
    public Route send(String conversationId, String text) {
        Conversation conversation = require(conversationId);
        StoredChannel stored = channels.get(conversationId);
        if (stored == null) {
            return router.receive(conversation, text);
        }
        synchronized (conversation) {
            Route[] route = new Route[1];
            stored.unit(true, null, () -> {
                stored.userSaid(text);
                route[0] = router.receive(conversation, text);
            });
            return route[0];
        }
    }

    /**
     * Runs {@code work} (a takeover's event: an agent's message, a change of the handoff's state) with the
     * conversation's lock held; with a store, the handoff from {@code handoff} and every line said during
     * {@code work} are written in one transaction before the user's channel gets them.
     */
    public void record(Conversation conversation, Supplier<StoredHandoff> handoff, Runnable work) {
        synchronized (conversation) {
            StoredChannel stored = channels.get(conversation.id());
            if (stored == null) {
                work.run();
            } else {
                stored.unit(false, handoff, work);
            }
        }
    }

    /**
     * Runs {@code action} once what the conversation's unit in progress changed is stored (with a store, and within
     * {@link #record} or a turn), else at once: a takeover sends a user's message on with it, so that a process
     * killed after the message left has stored it (the line, and the handoff's state that resends it) first.
     * Called with the conversation's lock held.
     */
    public void afterStored(Conversation conversation, Runnable action) {
        StoredChannel stored = channels.get(conversation.id());
        if (stored == null) {
            action.run();
        } else {
            stored.afterWrite(action);
        }
    }

    /**
     * The conversation's last {@code limit} transcript lines (user, bot, agent, system), oldest first: what a
     * channel shows a user who comes back. Empty without a store.
     *
     * @throws IllegalArgumentException if the conversation is not open
     */
    public List<StoredLine> transcript(String conversationId, int limit) {
        Conversation conversation = require(conversationId);
        return store == null ? List.of() : store.transcript(conversation.bot().id(), conversationId, limit);
    }

    /** Where the conversation's next message goes. */
    public Route route(String conversationId) {
        return router.route(require(conversationId));
    }

    /**
     * With a store: the user's channel went away (a page closed); the conversation, and its handoff, go on,
     * and what is said meanwhile is stored, for {@link #transcript} when the user {@link #open}s it again.
     * Without a store, the same as {@link #close}.
     */
    public void detach(String conversationId) {
        StoredChannel stored = channels.get(conversationId);
        Conversation conversation = open.get(conversationId);
        if (stored == null || conversation == null) {
            close(conversationId);
            return;
        }
        synchronized (conversation) {
            stored.detach();
        }
    }

    /** Closes the conversation: a live-agent connection it holds is closed too. Idempotent. */
    public void close(String conversationId) {
        Conversation conversation = open.remove(conversationId);
        if (conversation != null) {
            router.close(conversation);
            channels.remove(conversationId);
        }
    }

    /** Closes every open conversation. */
    public void closeAll() {
        open.keySet().forEach(this::close);
    }

    /**
     * The process stops. With a store, every conversation is left as stored (a handoff's live-agent connection
     * is closed without ending the chat), for the next process to {@link #resumeHandoffs resume}; without, the
     * same as {@link #closeAll}.
     */
    public void shutdown() {
        if (store == null) {
            closeAll();
            return;
        }
        for (String id : List.copyOf(open.keySet())) {
            Conversation conversation = open.remove(id);
            if (conversation != null) {
                router.suspend(conversation);
                channels.remove(id);
            }
        }
    }

    private Conversation require(String conversationId) {
        Conversation conversation = open.get(conversationId);
        if (conversation == null) {
            throw new IllegalArgumentException("no open conversation '" + conversationId + "'");
        }
        return conversation;
    }
}
