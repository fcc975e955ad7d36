package dev.handoff.channel;

import java.util.List;
import java.util.Objects;

/**
 * One message of a session as its user saw it, numbered ({@code seq}, from 1, increasing) so that a client
 * asks for what came after the last one it has.
 *
 * @param buttons a menu's options, in order (empty for a plain message)
 * @param agent the agent's name for an agent's message, when known; else {@code null}
 */
public record ChatLine(long seq, From from, String text, List<String> buttons, String agent) {

    /** Who said it. */
    public enum From {
        USER,
        BOT,
        AGENT,
        SYSTEM;

        /** As on the wire: {@code user}, {@code bot}, {@code agent}, {@code system}. */
        public String wire() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public ChatLine {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(text, "text");
        buttons = List.copyOf(buttons);
    }

    /** The same line with its number. */
    ChatLine numbered(long seq) {
        return new ChatLine(seq, from, text, buttons, agent);
    }
}
