package dev.handoff.desk.server;

/**
 * A token bucket: {@code burst} events at once, refilled at {@code perSecond}. Thread-safe and cheap
 * (one lock, no allocation), so it can guard every event of a connection on netty's event threads.
 */
final class TokenBucket {
    private final double perNano;
    private final double burst;
    private double tokens;
    private long last;

    TokenBucket(double perSecond, int burst, long nowNanos) {
        if (perSecond <= 0 || burst < 1) throw new IllegalArgumentException("rate and burst must be positive");
        this.perNano = perSecond / 1e9;
        this.burst = burst;
        this.tokens = burst;
        this.last = nowNanos;
    }

    /** Takes one token if there is one; {@code false} means the caller is over its rate. */
    synchronized boolean tryTake(long nowNanos) {
        long elapsed = nowNanos - last;
        if (elapsed > 0) {
            tokens = Math.min(burst, tokens + elapsed * perNano);
            last = nowNanos;
        }
        if (tokens < 1) return false;
        tokens -= 1;
        return true;
    }

    /** Whether the bucket is full again (nothing taken that has not been refilled): it can be forgotten. */
    synchronized boolean full(long nowNanos) {
        return tokens + Math.max(0, nowNanos - last) * perNano >= burst;
    }
}
