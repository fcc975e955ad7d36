package dev.handoff.dialogue;

import java.util.Objects;

/** One message of the user-bot conversation, oldest first in {@link Conversation#transcript()}. */
public record TranscriptLine(Speaker speaker, String text) {

    /** Who said it. Live-agent messages are not part of the transcript. */
    public enum Speaker {
        USER,
        BOT
    }

    public TranscriptLine {
        Objects.requireNonNull(speaker, "speaker");
        Objects.requireNonNull(text, "text");
    }

    public static TranscriptLine user(String text) {
        return new TranscriptLine(Speaker.USER, text);
    }

    public static TranscriptLine bot(String text) {
        return new TranscriptLine(Speaker.BOT, text);
    }
}
