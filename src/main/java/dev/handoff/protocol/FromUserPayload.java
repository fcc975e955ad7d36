package dev.handoff.protocol;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The {@code from_user} event: a user's message while the conversation is with the live agent.
 *
 * <p>{@code id} is the delivery addition's: unique within the conversation and the same when the
 * message is sent again; {@code null} (left out) on a connection that is not in delivery mode.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FromUserPayload(
        @JsonProperty("message") String message,
        @JsonProperty("ConversationID") String conversationId,
        @JsonProperty("BotID") String botId,
        @JsonProperty("id") String id) {}
