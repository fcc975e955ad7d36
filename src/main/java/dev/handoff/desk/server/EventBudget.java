package dev.handoff.desk.server;

import dev.handoff.desk.config.SecurityConfig;

/**
 * One connection's events against {@code security.limits.eventsPerSecond} and {@code eventBurst}: a
 * {@link TokenBucket}, and how many events were refused in a row. An event over the rate is refused;
 * a connection that goes on sending far over it ({@link #REFUSALS_BEFORE_DISCONNECT} times its burst
 * refused in a row) is to be disconnected. Thread-safe: a connection's events may come on more than
 * one of netty's threads (long polling).
 */
final class EventBudget {
    /** Refused events in a row, in bursts, before the connection is disconnected. */
    static final int REFUSALS_BEFORE_DISCONNECT = 10;

    enum Verdict {
        /** Within the rate: handle the event. */
        ACCEPT,
        /** Over the rate, the first of a run of refusals: refuse it, and say so in the log. */
        REFUSE_FIRST,
        /** Over the rate again: refuse it. */
        REFUSE,
        /** Far over the rate: refuse it and disconnect. */
        DISCONNECT
    }

    private final TokenBucket bucket;
    private final int disconnectAfter;
    // guarded by this
    private int refusedInARow;

    EventBudget(SecurityConfig.Limits limits, long nowNanos) {
        this.bucket = new TokenBucket(limits.eventsPerSecond(), limits.eventBurst(), nowNanos);
        this.disconnectAfter = REFUSALS_BEFORE_DISCONNECT * limits.eventBurst();
    }

    synchronized Verdict take(long nowNanos) {
        if (bucket.tryTake(nowNanos)) {
            refusedInARow = 0;
            return Verdict.ACCEPT;
        }
        refusedInARow++;
        if (refusedInARow >= disconnectAfter) return Verdict.DISCONNECT;
        return refusedInARow == 1 ? Verdict.REFUSE_FIRST : Verdict.REFUSE;
    }

    /** Events refused since the last accepted one. */
    synchronized int refusedInARow() {
        return refusedInARow;
    }
}
