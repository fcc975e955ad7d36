package dev.handoff.liveagent;

/**
 * What became of a {@link RatingRequest}: {@code delivered} (the server stored it), or not, with a {@code reason}:
 * the server's code ({@code unknown_chat}, {@code chat_open}, {@code already_rated}, {@code invalid_rating}, ...),
 * or {@code unreachable}, {@code timeout}, {@code lost} when no answer came after the last attempt, or {@code
 * unsupported} for a client that cannot send ratings.
 */
public record RatingOutcome(boolean delivered, String reason) {
    public static RatingOutcome ok() {
        return new RatingOutcome(true, null);
    }

    public static RatingOutcome failed(String reason) {
        return new RatingOutcome(false, reason);
    }
}
