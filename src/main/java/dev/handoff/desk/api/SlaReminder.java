package dev.handoff.desk.api;

import com.fasterxml.jackson.annotation.JsonInclude;

/** A chat assigned at {@code assignedAt} has had no answer from you for {@code waitingSeconds}. */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record SlaReminder(String chatId, String assignedAt, long waitingSeconds, ChatSummary chat) {}
