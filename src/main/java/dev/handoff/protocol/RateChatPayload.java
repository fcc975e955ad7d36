package dev.handoff.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The rating addition's {@code rate_chat} (README "The rating addition"): the chat, named by the {@code chatId} and
 * the {@code resume} token of the {@code username} acknowledgement, and the user's rating, 1 to 5, with an optional
 * comment. {@link #toString()} never shows the token.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RateChatPayload(
        @JsonProperty("ConversationID") String conversationId,
        @JsonProperty("BotID") String botId,
        @JsonProperty("chatId") String chatId,
        @JsonProperty("resume") String resume,
        @JsonProperty("rating") int rating,
        @JsonProperty("comment") String comment) {
    @Override
    public String toString() {
        return "RateChatPayload[ConversationID=" + conversationId + ", BotID=" + botId + ", chatId=" + chatId
                + ", resume=***, rating=" + rating + ", comment=" + (comment == null ? "none" : "(set)") + "]";
    }
}
