package dev.handoff.desk.core;

/**
 * A {@code rate_chat} (README "The rating addition"): which chat, proved by its resume token, and the user's
 * rating (1 to 5) with an optional comment. {@code rating} is {@code null} when the payload's was not a whole
 * number. {@link #toString()} never shows the token.
 */
public record ChatRating(
        String conversationId, String botId, String chatId, String resume, Integer rating, String comment) {
    @Override
    public String toString() {
        return "ChatRating[conversationId=" + conversationId + ", botId=" + botId + ", chatId=" + chatId
                + ", resume=***, rating=" + rating + ", comment="
                + (comment == null ? "none" : comment.length() + " chars")
                + "]";
    }
}
