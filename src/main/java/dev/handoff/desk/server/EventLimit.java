package dev.handoff.desk.server;

import java.util.concurrent.TimeUnit;

/**
 * One connection's share of {@code security.limits.eventsPerSecond} and {@code eventBurst}: a
 * {@link TokenBucket}, a count of events refused in a row (a connection far over its rate is closed),
 * and a throttle on the log lines the refusals cause, so a flood cannot flood the log.
 *
 * <p>Order of user messages: once a {@code from_user} with an id is refused, every later one of the
 * connection is refused too until that one is sent again ({@link #takeFromUser}), so a client that
 * sends again, in order, from the refused message (as the README asks) never has a later message shown
 * before an earlier one.
 *
 * <p>Thread-safe and cheap (one lock, no allocation): called on netty's event threads for every event.
 */
final class EventLimit {
    /** What to do with an event. */
    enum Verdict {
        PASS,
        /** Refuse or drop this event; the connection stays. */
        REFUSE,
        /** Refuse it and close the connection: it is far over its rate. */
        CLOSE
    }

    private static final long LOG_EVERY_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final TokenBucket bucket;
    private final int closeAfter;
    // guarded by this
    private int refusedInRow;
    /** The id of the first {@code from_user} refused and not yet sent again, or {@code null}. */
    private String limitedFrom;

    private long loggedAt;
    private boolean loggedOnce;
    private int unlogged;

    /** {@code closeAfter}: refusals in a row that close the connection (ten bursts' worth). */
    EventLimit(int perSecond, int burst, long nowNanos) {
        this.bucket = new TokenBucket(perSecond, burst, nowNanos);
        this.closeAfter = (int) Math.min(Integer.MAX_VALUE, 10L * burst);
    }

    /** An event other than {@code from_user}. */
    synchronized Verdict take(long nowNanos) {
        return bucket.tryTake(nowNanos) ? pass() : refuse();
    }

    /** A {@code from_user} with the client's {@code id} (may be {@code null}). */
    synchronized Verdict takeFromUser(long nowNanos, String id) {
        if (limitedFrom != null && !limitedFrom.equals(id)) return refuse();
        if (!bucket.tryTake(nowNanos)) {
            if (limitedFrom == null && id != null) limitedFrom = id;
            return refuse();
        }
        if (id != null && id.equals(limitedFrom)) limitedFrom = null;
        return pass();
    }

    private Verdict pass() {
        refusedInRow = 0;
        return Verdict.PASS;
    }

    private Verdict refuse() {
        refusedInRow++;
        unlogged++;
        return refusedInRow >= closeAfter ? Verdict.CLOSE : Verdict.REFUSE;
    }

    /**
     * The refusals to write in a log line now (the first at once, then at most one line per 10 s), or 0:
     * say nothing now, they are counted for the next line.
     */
    synchronized int refusalsToLog(long nowNanos) {
        if (unlogged == 0) return 0;
        if (loggedOnce && nowNanos - loggedAt < LOG_EVERY_NANOS) return 0;
        loggedOnce = true;
        loggedAt = nowNanos;
        int n = unlogged;
        unlogged = 0;
        return n;
    }
}
