package dev.handoff.desk.api;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A chat without its messages. {@code status} is {@code queued}, {@code assigned} or {@code archived};
 * {@code agent} is the assigned agent or {@code null}; times are ISO-8601 instants; {@code language}
 * is the user's language code from {@code username} ({@code null} when unknown); {@code userConnected}
 * tells whether the bot's socket is there right now.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record ChatSummary(
        String chatId,
        String conversationId,
        String botId,
        String department,
        String language,
        Contact contact,
        String subject,
        String status,
        String agent,
        String createdAt,
        String queuedAt,
        String lastActivityAt,
        String archivedAt,
        String archiveReason,
        boolean userConnected) {}
