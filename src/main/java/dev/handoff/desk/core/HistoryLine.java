package dev.handoff.desk.core;

import java.util.Objects;

/** One message of the user-bot conversation before the handoff: {@code sender} is {@code user} or {@code bot}. */
public record HistoryLine(String sender, String text) {
    public HistoryLine {
        Objects.requireNonNull(sender, "sender");
        Objects.requireNonNull(text, "text");
    }
}
