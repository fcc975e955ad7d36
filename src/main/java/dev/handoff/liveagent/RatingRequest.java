package dev.handoff.liveagent;

import java.util.Objects;

/**
 * A user's rating of a chat the live agent ended (README "The rating addition"), to send to the live-agent server:
 * where ({@code liveAgentUrls}, tried in order), with the bot's {@code key} ({@code null}: none), for which
 * conversation and chat ({@code chatId} and {@code resumeToken} from the session's {@link DeliveryState}), the
 * {@code rating} (1 to 5) and the optional {@code comment}. {@link #toString()} never shows the key nor the token.
 */
public record RatingRequest(
        LiveAgentUrls liveAgentUrls,
        String key,
        String conversationId,
        String botId,
        String chatId,
        String resumeToken,
        int rating,
        String comment) {
    public RatingRequest {
        Objects.requireNonNull(liveAgentUrls, "liveAgentUrls");
        Objects.requireNonNull(conversationId, "conversationId");
        Objects.requireNonNull(botId, "botId");
        Objects.requireNonNull(chatId, "chatId");
        Objects.requireNonNull(resumeToken, "resumeToken");
        if (rating < 1 || rating > 5) throw new IllegalArgumentException("rating must be 1 to 5, was " + rating);
    }

    @Override
    public String toString() {
        return "RatingRequest[liveAgentUrls=" + liveAgentUrls + ", key=" + (key == null ? "none" : "***")
                + ", conversationId=" + conversationId + ", botId=" + botId + ", chatId=" + chatId
                + ", resumeToken=***, rating=" + rating + ", comment=" + (comment == null ? "none" : "(set)") + "]";
    }
}
