package dev.handoff.desk.server;

/**
 * At most {@code perWindow} log lines per {@code window}: what a client can make the desk write is
 * bounded whatever it sends. Lines over the limit are counted, not written; the next line written
 * after the window says how many were suppressed (and {@link #drain} says it when the source goes away).
 * Thread-safe; no allocation.
 */
final class LogLimiter {
    private final int perWindow;
    private final long windowNanos;
    private long windowStart;
    private int used;
    private long suppressed;

    LogLimiter(int perWindow, long windowNanos, long nowNanos) {
        if (perWindow < 1 || windowNanos < 1) throw new IllegalArgumentException("limits must be positive");
        this.perWindow = perWindow;
        this.windowNanos = windowNanos;
        this.windowStart = nowNanos;
    }

    /**
     * Takes a line: {@code -1} when it must not be written (it is counted as suppressed), else the
     * number of lines suppressed before it, which the caller reports first (0: nothing to report).
     */
    synchronized long acquire(long nowNanos) {
        if (nowNanos - windowStart >= windowNanos) {
            windowStart = nowNanos;
            used = 0;
        }
        if (used >= perWindow) {
            suppressed++;
            return -1;
        }
        used++;
        long report = suppressed;
        suppressed = 0;
        return report;
    }

    /** The lines suppressed and not yet reported, now reported (for a source that goes away). */
    synchronized long drain() {
        long report = suppressed;
        suppressed = 0;
        return report;
    }
}
