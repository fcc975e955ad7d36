package dev.handoff.desk.store;

import java.time.Instant;
import java.util.Objects;

/**
 * A message as stored: {@code history} messages are the bot history ({@code seq} from 1 in their own
 * numbering); the live chat's are numbered from 1 in theirs. {@code sender}: user, bot, agent, desk. {@code translation}: {@code null} when there is none.
 */
public record StoredMessage(
        String chatId,
        int seq,
        boolean history,
        String sender,
        String author,
        String text,
        String language,
        StoredTranslation translation,
        Instant at) {
    public StoredMessage {
        Objects.requireNonNull(chatId, "chatId");
        Objects.requireNonNull(sender, "sender");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(at, "at");
    }

    /** The same message in another language, with another translation (or none): the text never changes. */
    public StoredMessage relabeled(String language, StoredTranslation translation) {
        return new StoredMessage(chatId, seq, history, sender, author, text, language, translation, at);
    }
}
