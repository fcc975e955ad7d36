package dev.handoff.protocol;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/** The {@code from_user} event: a user's message while the conversation is with the live agent. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record FromUserPayload(
        @JsonProperty("message") String message,
        @JsonProperty("ConversationID") String conversationId,
        @JsonProperty("BotID") String botId) {}
