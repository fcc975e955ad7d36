package dev.handoff.desk.report;

import java.util.Arrays;

/**
 * The figures of one group while a report reads its chats: counts, and the times kept as primitive
 * arrays (8 bytes per time) for the exact percentiles. Not thread-safe: one report's reading thread.
 */
final class Tally {
    private long chats;
    private long abandoned;
    private long ratings;
    private long ratingSum;
    private long satisfied;
    private final Times waits = new Times();
    private final Times firstResponses = new Times();
    private final Times handles = new Times();

    void add(Facts f) {
        chats++;
        if (f.archived() && f.assignedAt() == null) abandoned++;
        if (f.assignedAt() != null) waits.add(f.assignedAt() - f.createdAt());
        if (f.firstReplyAt() != null) firstResponses.add(f.firstReplyAt() - f.createdAt());
        if (f.resolvedAt() != null && f.assignedAt() != null) handles.add(f.resolvedAt() - f.assignedAt());
        if (f.rating() != null) {
            ratings++;
            ratingSum += f.rating();
            if (f.rating() >= 4) satisfied++;
        }
    }

    Figures figures() {
        return new Figures(
                chats,
                waits.percentile(0.5),
                waits.percentile(0.9),
                firstResponses.percentile(0.5),
                firstResponses.percentile(0.9),
                handles.percentile(0.5),
                handles.percentile(0.9),
                abandoned,
                chats == 0 ? null : (double) abandoned / chats,
                ratings,
                ratings == 0 ? null : (double) ratingSum / ratings,
                ratings == 0 ? null : (double) satisfied / ratings);
    }

    /** One chat's facts, as read from its row; a time that has not happened is {@code null}. */
    record Facts(
            long createdAt, Long assignedAt, Long firstReplyAt, Long resolvedAt, boolean archived, Integer rating) {}

    /** A growing array of times; sorted once when a percentile is asked for. */
    static final class Times {
        private long[] values = new long[8];
        private int size;
        private boolean sorted = true;

        void add(long value) {
            if (size == values.length) values = Arrays.copyOf(values, size * 2);
            values[size++] = value;
            sorted = false;
        }

        /**
         * The {@code p} quantile with linear interpolation between the closest ranks (the definition of
         * PostgreSQL's {@code percentile_cont} and of spreadsheets' {@code PERCENTILE.INC}): the value at
         * rank {@code p * (n - 1)} of the sorted times, counted from 0, rounded to the millisecond.
         */
        Long percentile(double p) {
            if (size == 0) return null;
            if (!sorted) {
                Arrays.sort(values, 0, size);
                sorted = true;
            }
            double rank = p * (size - 1);
            int below = (int) Math.floor(rank);
            int above = (int) Math.ceil(rank);
            double value = values[below] + (values[above] - values[below]) * (rank - below);
            return Math.round(value);
        }
    }
}
