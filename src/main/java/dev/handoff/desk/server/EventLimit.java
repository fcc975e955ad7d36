package dev.handoff.desk.server;

import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * One connection's share of {@code security.limits.eventsPerSecond} and {@code eventBurst}: a
 * {@link TokenBucket}, a count of the events refused since the bucket was last full (a connection that
 * stays far over its rate reaches ten bursts' worth and is closed; one that slows down until its bucket
 * fills again starts from zero), and a throttle on the log lines the refusals cause, so a flood cannot
 * flood the log.
 *
 * <p>Order of user messages: once a {@code from_user} with an id is refused, over the rate or {@code busy}, every
 * later one of the connection is refused too until that one is sent again ({@link #takeFromUser}), so a client that
 * sends again, in order, from the refused message (as the README asks) never has a later message shown before an
 * earlier one. A {@code busy} refusal is known only when the desk call ran, in the connection's {@link CallChain},
 * by which time later {@code from_user}s may have passed {@link #takeFromUser} and wait in the chain: {@link
 * #refusedBusy} starts a new hold epoch, and each of them, whose {@link FromUser} names the epoch it came in, is
 * refused in its turn ({@link #heldBack}). Refusals for a {@code busy} hold are answered {@code busy}, and are not
 * counted nor logged as over the rate (the event still takes its token: a client flooding a held connection is
 * over its rate all the same).
 *
 * <p>Thread-safe and cheap (one lock, no allocation but a {@link FromUser} per {@code busy} refusal): called on
 * netty's event threads for every event.
 */
final class EventLimit {
    /** What to do with an event. */
    enum Verdict {
        PASS,
        /** Refuse or drop this event; the connection stays. */
        REFUSE,
        /** Refuse it and close the connection: it is far over its rate. */
        CLOSE,
        /**
         * Refuse this {@code from_user} as {@code busy}: an earlier one was refused {@code busy} and is not sent again
         * yet. Not a refusal over the rate.
         */
        HELD
    }

    /**
     * What {@link #takeFromUser} decided: the verdict, and for a {@code from_user} let through the hold epoch it
     * came in, which {@link #heldBack} compares when its turn comes.
     */
    record FromUser(Verdict verdict, int epoch) {}

    private static final FromUser REFUSED = new FromUser(Verdict.REFUSE, -1);
    private static final FromUser CLOSED = new FromUser(Verdict.CLOSE, -1);
    private static final FromUser HELD = new FromUser(Verdict.HELD, -1);

    private static final long LOG_EVERY_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final TokenBucket bucket;
    private final int closeAfter;
    // guarded by this
    private int refused;
    /** The id of the first {@code from_user} refused and not yet sent again, or {@code null}. */
    private String limitedFrom;
    /** Whether {@link #limitedFrom} was refused {@code busy} (else over the rate). */
    private boolean limitedBusy;
    /** How many acknowledged {@code from_user} ids a connection remembers, so that no hold is set on one of them. */
    static final int STORED_REMEMBERED = 256;
    /** The last acknowledged {@code from_user} ids, oldest first ({@link #stored}). */
    private final Set<String> storedRecently = new LinkedHashSet<>();
    /** Counts {@code busy} refusals of a {@code from_user} whose desk call ran. */
    private int epoch;
    /** What a {@code from_user} let through in this {@link #epoch} gets (one instance per epoch). */
    private FromUser passed = new FromUser(Verdict.PASS, 0);

    private long loggedAt;
    private boolean loggedOnce;
    private int unlogged;

    /** Ten bursts' worth of refusals, without the bucket filling again in between, close the connection. */
    EventLimit(int perSecond, int burst, long nowNanos) {
        this.bucket = new TokenBucket(perSecond, burst, nowNanos);
        this.closeAfter = (int) Math.min(Integer.MAX_VALUE, 10L * burst);
    }

    /** An event other than {@code from_user}. */
    synchronized Verdict take(long nowNanos) {
        calmedDown(nowNanos);
        return bucket.tryTake(nowNanos) ? Verdict.PASS : refuse();
    }

    /** A {@code from_user} with the client's {@code id} (may be {@code null}), as it arrives. */
    synchronized FromUser takeFromUser(long nowNanos, String id) {
        calmedDown(nowNanos);
        if (limitedFrom != null && !limitedFrom.equals(id)) {
            if (!limitedBusy) return refused(refuse());
            return bucket.tryTake(nowNanos) ? HELD : refused(refuse());
        }
        if (!bucket.tryTake(nowNanos)) {
            if (limitedFrom == null && id != null && !storedRecently.contains(id)) limitedFrom = id;
            limitedBusy = false; // the held one again, over the rate: held for the rate now
            return refused(refuse());
        }
        if (id != null && id.equals(limitedFrom)) limitedFrom = null;
        return passed;
    }

    /**
     * A {@code from_user} with {@code id} was answered {@code busy}: every later one is refused until it comes again.
     * {@code ran}: its desk call ran (in its turn of the {@link CallChain}), so those that came after it and wait
     * for their turn are refused in it ({@link #heldBack}); the hold replaces any other, which can only be for a
     * later message. Otherwise (refused as it arrived: the chain was full) the ones before it wait in the chain and
     * are not touched, and a hold already set, for an earlier message, stays.
     */
    synchronized void refusedBusy(String id, boolean ran) {
        if (id == null) return;
        if (ran) {
            epoch++;
            passed = new FromUser(Verdict.PASS, epoch);
        } else if (limitedFrom != null) {
            return;
        }
        if (storedRecently.contains(id))
            return; // a copy of one already acknowledged: the client will not send it again
        limitedFrom = id;
        limitedBusy = true;
    }

    /**
     * Whether a {@code from_user} let through as {@code taken} must be refused {@code busy} in its turn: one that came
     * before it was refused {@code busy} meanwhile.
     */
    synchronized boolean heldBack(FromUser taken) {
        return taken.epoch() != epoch;
    }

    /**
     * {@code from_user} {@code id} is stored and acknowledged: a hold on it is over (a copy sent again while the first
     * was not yet acknowledged may have been refused and held the connection; the client will not send it again).
     */
    synchronized void stored(String id) {
        if (id == null) return;
        if (id.equals(limitedFrom)) limitedFrom = null;
        // a copy of it refused after this (it was sent again before the acknowledgement arrived) must not hold the
        // connection: remembered for the last STORED_REMEMBERED acknowledged ids
        storedRecently.add(id);
        if (storedRecently.size() > STORED_REMEMBERED) {
            Iterator<String> eldest = storedRecently.iterator();
            eldest.next();
            eldest.remove();
        }
    }

    private static FromUser refused(Verdict verdict) {
        return verdict == Verdict.CLOSE ? CLOSED : REFUSED;
    }

    /** A bucket full again means the connection kept within its rate for a while: its refusals are forgiven. */
    private void calmedDown(long nowNanos) {
        if (refused > 0 && bucket.full(nowNanos)) refused = 0;
    }

    private Verdict refuse() {
        refused++;
        unlogged++;
        return refused >= closeAfter ? Verdict.CLOSE : Verdict.REFUSE;
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
