package dev.handoff.conversation;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One line of the stored transcript: everything the user saw or said, oldest first.
 *
 * @param options a menu's options (a bot line with buttons), else empty
 */
public record StoredLine(Sender sender, String text, List<String> options, Instant at) {

    /** Who said it. */
    public enum Sender {
        USER,
        BOT,
        AGENT,
        SYSTEM
    }

    public StoredLine {
        Objects.requireNonNull(sender, "sender");
        Objects.requireNonNull(text, "text");
        options = options == null ? List.of() : List.copyOf(options);
        Objects.requireNonNull(at, "at");
    }

    public static StoredLine of(Sender sender, String text, Instant at) {
        return new StoredLine(sender, text, List.of(), at);
    }
}
