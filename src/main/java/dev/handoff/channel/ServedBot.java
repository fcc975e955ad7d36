package dev.handoff.channel;

import dev.handoff.dialogue.Bot;
import java.util.Objects;

/**
 * A bot the server runs, with the longest user message its channels accept ({@code max_message_length} of its
 * {@code human_handoff} preset, else {@link #DEFAULT_MAX_MESSAGE_LENGTH}).
 */
public record ServedBot(Bot bot, int maxMessageLength) {
    /** The desk's default {@code maxMessageSize}: a longer message could not reach an agent anyway. */
    public static final int DEFAULT_MAX_MESSAGE_LENGTH = 4000;

    public ServedBot {
        Objects.requireNonNull(bot, "bot");
        if (maxMessageLength < 1) throw new IllegalArgumentException("maxMessageLength must be at least 1");
    }

    public String id() {
        return bot.id();
    }

    public java.util.List<String> languages() {
        return bot.definition().languages();
    }
}
