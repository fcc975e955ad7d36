package dev.handoff.desk.api;

/** A chat assigned at {@code assignedAt} has had no answer from you for {@code waitingSeconds}. */
public record SlaReminder(String chatId, String assignedAt, long waitingSeconds, ChatSummary chat) {}
