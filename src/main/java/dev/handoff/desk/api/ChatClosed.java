package dev.handoff.desk.api;

import com.fasterxml.jackson.annotation.JsonInclude;

/** {@code reason}: {@code resolved}, {@code user_disconnected}, {@code idle}, {@code transferred}, {@code agent_offline}. */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record ChatClosed(String chatId, String reason) {}
