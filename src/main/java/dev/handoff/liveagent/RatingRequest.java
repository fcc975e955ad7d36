package dev.handoff.liveagent;

import java.net.URI;
import java.util.Objects;

/**
 * A user's rating of a chat the live agent ended (README "The rating addition"), to send to the live-agent server:
 * where, with the bot's {@code key} ({@code null}: none), for which conversation and chat ({@code chatId} and
 * {@code resumeToken} from the session's {@link DeliveryState}), the {@code rating} (1 to 5) and the optional
 * {@code comment}. {@link #toString()} never shows the key nor the token.
 */
public record RatingRequest(
        URI liveAgentUrl,
        String key,
        String conversationId,
        String botId,
        String chatId,
        String resumeToken,
        int rating,
        String comment) {
    public RatingRequest {
        Objects.requireNonNull(liveAgentUrl, "liveAgentUrl");
        Objects.requireNonNull(conversationId, "conversationId");
        Objects.requireNonNull(botId, "botId");
        Objects.requireNonNull(chatId, "chatId");
        Objects.requireNonNull(resumeToken, "resumeToken");
        if (rating < 1 || rating > 5) throw new IllegalArgumentException("rating must be 1 to 5, was " + rating);
    }

    @Override
    public String toString() {
        return "RatingRequest[liveAgentUrl=" + liveAgentUrl + ", key=" + (key == null ? "none" : "***")
                + ", conversationId=" + conversationId + ", botId=" + botId + ", chatId=" + chatId
                + ", resumeToken=***, rating=" + rating + ", comment=" + (comment == null ? "none" : "(set)") + "]";
    }
}
