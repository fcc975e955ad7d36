package dev.handoff.desk.api;

import com.fasterxml.jackson.annotation.JsonInclude;

/** {@code change}: {@code added} (a chat waits), {@code updated}, or {@code removed} (taken, assigned, archived). */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record QueueChange(String change, ChatSummary chat) {}
