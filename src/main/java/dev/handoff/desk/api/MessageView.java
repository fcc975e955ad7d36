package dev.handoff.desk.api;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One message of a chat. {@code sender}: {@code user}, {@code bot} (the history before the handoff),
 * {@code agent}, or {@code desk} (queue auto-replies); {@code author} names the agent for agent messages.
 * {@code history} is true for the bot history. {@code language} is the user's language for user and bot
 * messages, the agent's for agent messages. {@code translation} ({@link TranslationView}, or {@code null}
 * when none is needed): for a user or bot message its translation into the reader's language, for an agent
 * message the text the user was sent in the user's language.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record MessageView(
        String chatId,
        int seq,
        boolean history,
        String sender,
        String author,
        String text,
        String language,
        TranslationView translation,
        String at) {
    /** The same message with another translation. */
    public MessageView withTranslation(TranslationView translation) {
        return new MessageView(chatId, seq, history, sender, author, text, language, translation, at);
    }
}
