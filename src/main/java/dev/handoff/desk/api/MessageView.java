package dev.handoff.desk.api;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One message of a chat. {@code sender}: {@code user}, {@code bot} (the history before the handoff),
 * {@code agent}, or {@code desk} (queue auto-replies); {@code author} names the agent for agent messages.
 * {@code history} is true for the bot history. {@code language} is the user's language for user and bot
 * messages, the agent's for agent messages; {@code translation} is where a translation into the reader's
 * language goes ({@code null} until translation exists).
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
        String translation,
        String at) {}
