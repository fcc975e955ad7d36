package dev.handoff.desk.api;

/** {@code change}: {@code added} (a chat waits), {@code updated}, or {@code removed} (taken, assigned, archived). */
public record QueueChange(String change, ChatSummary chat) {}
