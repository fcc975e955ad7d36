package dev.handoff.desk.report;

/**
 * One row's figures. Times are milliseconds; a median or p90 is {@code null} when no chat of the row has
 * the time (no chat was assigned, answered or resolved), a rate or average {@code null} when it would
 * divide by zero.
 *
 * @param chats                chats created in the row
 * @param waitMedian           median of {@code assigned_at - created_at}, over the chats an agent had
 * @param waitP90              90th percentile of the same
 * @param firstResponseMedian  median of {@code first_reply_at - created_at}, over the chats an agent answered
 * @param firstResponseP90     90th percentile of the same
 * @param handleMedian         median of {@code resolved_at - assigned_at}, over the chats an agent resolved
 * @param handleP90            90th percentile of the same
 * @param abandoned            chats archived before any agent had them
 * @param abandonedRate        {@code abandoned / chats}
 * @param ratings              chats the user rated
 * @param averageRating        mean of the ratings, 1 to 5
 * @param satisfiedShare       share of the ratings that are 4 or 5
 */
public record Figures(
        long chats,
        Long waitMedian,
        Long waitP90,
        Long firstResponseMedian,
        Long firstResponseP90,
        Long handleMedian,
        Long handleP90,
        long abandoned,
        Double abandonedRate,
        long ratings,
        Double averageRating,
        Double satisfiedShare) {}
