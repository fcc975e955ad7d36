package dev.handoff.protocol;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.Objects;

/** One message of the user-bot conversation before the handoff: sender {@code user} or {@code bot}. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record TranscriptEntry(String sender, String message) {
    public static final String USER = "user";
    public static final String BOT = "bot";

    public TranscriptEntry {
        Objects.requireNonNull(sender, "sender");
        Objects.requireNonNull(message, "message");
    }

    public static TranscriptEntry user(String message) {
        return new TranscriptEntry(USER, message);
    }

    public static TranscriptEntry bot(String message) {
        return new TranscriptEntry(BOT, message);
    }
}
