package dev.handoff.dialogue;

import dev.handoff.preset.Step;
import dev.handoff.preset.StreamDef;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One user's conversation with a bot: its language, the values collected so far (slots), the
 * user-bot transcript, and where the dialogue stands (a menu or form field waiting for an answer).
 *
 * <p>The language is the one the channel opened the conversation in, which is the user's choice; or, opened
 * without one, the bot's first language, which the dialogue engine switches when the user writes a sentence
 * in another of the bot's languages ({@code detect_language}). The user may choose another one later
 * ({@link #chooseLanguage}, for example from the {@code change_language} preset's menu); a chosen language
 * is never changed by detection.
 * Who has the conversation (the bot or a live agent) is not kept here: that is the routing table's.
 *
 * <p>Thread-safe: every method locks the conversation. Code that makes several changes that belong
 * together (a turn, a handoff event) holds {@code synchronized (conversation)} around them.
 */
public final class Conversation {
    private static final Logger log = LoggerFactory.getLogger(Conversation.class);
    private final String id;
    private final Bot bot;
    private final UserChannel channel;
    private String language;
    /** The channel gave the language, or the user chose it later: detection never changes it. */
    private boolean languageChosen;

    private final Map<String, String> slots = new LinkedHashMap<>();
    private final List<TranscriptLine> transcript = new ArrayList<>();
    private final Map<Class<?>, Object> attributes = new ConcurrentHashMap<>();
    private Pending pending;
    private int misunderstoodStreak;

    /** Where a stream waits for the user's answer: a menu, or a form field. */
    sealed interface Pending permits PendingButtons, PendingField {
        StreamDef stream();

        int step();
    }

    record PendingButtons(StreamDef stream, int step, Step.Buttons buttons) implements Pending {}

    record PendingField(StreamDef stream, int step, Step.Form form, Step.Field field) implements Pending {}

    public Conversation(String id, Bot bot, String language, UserChannel channel) {
        this(id, bot, language, channel, language != null);
    }

    private Conversation(String id, Bot bot, String language, UserChannel channel, boolean languageChosen) {
        this.id = Objects.requireNonNull(id, "id");
        this.bot = Objects.requireNonNull(bot, "bot");
        this.channel = Objects.requireNonNull(channel, "channel");
        this.language = language == null ? bot.definition().defaultLanguage() : language;
        this.languageChosen = languageChosen;
    }

    /**
     * A conversation taken up again from its {@link #state()} in an earlier process: the same language, slots
     * and waiting menu or form field; {@code transcript} is the user-bot conversation so far (what a
     * handoff sends the live agent). A stream, step or field the bot no longer has is dropped (logged): the
     * user's next message then starts afresh.
     */
    public static Conversation restore(
            String id, Bot bot, DialogueState state, List<TranscriptLine> transcript, UserChannel channel) {
        if (!bot.definition().languages().contains(state.language())) {
            log.warn(
                    "conversation {}: stored language '{}' is not one of bot '{}''s; using its first",
                    id,
                    state.language(),
                    bot.id());
        }
        boolean known = bot.definition().languages().contains(state.language());
        var c = new Conversation(id, bot, known ? state.language() : null, channel, known && state.languageChosen());
        c.slots.putAll(state.slots());
        c.transcript.addAll(transcript);
        c.misunderstoodStreak = state.misunderstoodStreak();
        c.pending = pendingOf(id, bot, state);
        return c;
    }

    private static Pending pendingOf(String id, Bot bot, DialogueState state) {
        if (state.stream() == null) {
            return null;
        }
        Optional<StreamDef> stream = bot.stream(state.stream());
        Step step = stream.filter(
                        s -> state.step() >= 0 && state.step() < s.steps().size())
                .map(s -> s.steps().get(state.step()))
                .orElse(null);
        if (step instanceof Step.Buttons b && state.field() == null) {
            return new PendingButtons(stream.get(), state.step(), b);
        }
        if (step instanceof Step.Form f) {
            Optional<Step.Field> field = f.fields().stream()
                    .filter(x -> x.slot().equals(state.field()))
                    .findFirst();
            if (field.isPresent()) {
                return new PendingField(stream.get(), state.step(), f, field.get());
            }
        }
        log.warn(
                "conversation {}: stream '{}' step {} {}is not in bot '{}' any more; the user's next message starts afresh",
                id,
                state.stream(),
                state.step(),
                state.field() == null ? "" : "(field '" + state.field() + "') ",
                bot.id());
        return null;
    }

    /** Where the conversation stands now, to {@link #restore} it elsewhere. */
    public synchronized DialogueState state() {
        return new DialogueState(
                language,
                languageChosen,
                slots,
                pending == null ? null : pending.stream().name(),
                pending == null ? 0 : pending.step(),
                pending instanceof PendingField f ? f.field().slot() : null,
                misunderstoodStreak);
    }

    public String id() {
        return id;
    }

    public Bot bot() {
        return bot;
    }

    public synchronized String language() {
        return language;
    }

    /** Whether the user chose the language (the channel opened the conversation in it, or {@link #chooseLanguage}). */
    synchronized boolean languageChosen() {
        return languageChosen;
    }

    /** The user writes in another of the bot's languages: the replies from now on are in it. */
    synchronized void switchLanguage(String language) {
        if (!bot.definition().languages().contains(language)) {
            throw new IllegalArgumentException("bot '" + bot.id() + "' does not speak '" + language + "'");
        }
        this.language = language;
    }

    /**
     * The user chose {@code language}, one of the bot's languages: the replies from now on are in it, and
     * language detection no longer changes it. For actions, on the turn's thread (the conversation's lock
     * is held).
     *
     * @throws IllegalArgumentException when the bot does not speak {@code language}
     */
    public synchronized void chooseLanguage(String language) {
        switchLanguage(language);
        this.languageChosen = true;
    }

    public synchronized Optional<String> slot(String name) {
        return Optional.ofNullable(slots.get(name));
    }

    public synchronized void setSlot(String name, String value) {
        slots.put(name, value);
    }

    /** The user-bot conversation so far, oldest first (live-agent messages are not part of it). */
    public synchronized List<TranscriptLine> transcript() {
        return List.copyOf(transcript);
    }

    synchronized void recordUser(String text) {
        transcript.add(TranscriptLine.user(text));
    }

    /** Delivers a reply to the user; bot replies are added to the transcript. */
    public synchronized void say(Reply reply) {
        if (reply instanceof Reply.BotText t) {
            transcript.add(TranscriptLine.bot(t.text()));
        } else if (reply instanceof Reply.BotButtons b) {
            transcript.add(TranscriptLine.bot(b.text() + " [" + String.join(" | ", b.options()) + "]"));
        }
        channel.deliver(id, reply);
    }

    /** A value a feature keeps on the conversation (for example the handoff), by its type. */
    public <T> Optional<T> attribute(Class<T> type) {
        return Optional.ofNullable(type.cast(attributes.get(type)));
    }

    public <T> void setAttribute(Class<T> type, T value) {
        attributes.put(type, value);
    }

    synchronized Pending pending() {
        return pending;
    }

    synchronized void setPending(Pending pending) {
        this.pending = pending;
    }

    synchronized int misunderstoodStreak() {
        return misunderstoodStreak;
    }

    synchronized void setMisunderstoodStreak(int streak) {
        this.misunderstoodStreak = streak;
    }
}
