package dev.handoff.desk.server;

import dev.handoff.desk.config.SecurityConfig;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * Failed sign-ins on {@code /agents}, counted per address and per agent name ({@code
 * security.limits.signInFailures} and {@code signInLockout}).
 *
 * <p>After {@code signInFailures} failures, each within {@link #WINDOW} of the one before (or of the
 * end of a lockout), further attempts from that address, or for that agent, are refused before any
 * token is checked, for {@code signInLockout}; each failure after the lockout doubles it, up to
 * {@link #MAX_LOCKOUT}. {@link #WINDOW} without a failure after the last lockout ended, and the count
 * starts again. Attempts refused during a lockout are not failures: they neither count nor prolong
 * it. A successful sign-in forgets the agent's failures (not the address's: a token of one's own must
 * not buy more guesses at another's).
 *
 * <p>Memory is bounded: an entry is forgotten once it is quiet for {@link #WINDOW}, and each
 * table holds at most {@link #MAX_ENTRIES}; when one is full, the entry whose last failure is oldest
 * goes. Thread-safe; every call is a few map operations under one lock, fit for netty's event threads.
 */
final class SignInThrottle {
    /** A failure this long after the one before, and after the end of any lockout, counts as the first again. */
    static final Duration WINDOW = Duration.ofMinutes(15);

    static final Duration MAX_LOCKOUT = Duration.ofHours(1);
    static final int MAX_ENTRIES = 10_000;
    /** Agent names longer than this are counted under their first this-many characters. */
    static final int MAX_NAME = 200;

    /** Why an attempt is refused: {@code what} is locked ({@code "address"} or {@code "agent"}) for {@code left}. */
    record Lockout(String what, Duration left) {
        /** Whole seconds, rounded up: what a client is told to wait. */
        long seconds() {
            long nanos = left.toNanos();
            return Math.max(1, (nanos + 999_999_999L) / 1_000_000_000L);
        }
    }

    private final int failuresBeforeLockout;
    private final long lockoutNanos;
    private final LongSupplier nanoClock;
    // guarded by this; insertion order is the order of the last failure, oldest first
    private final Map<String, Entry> addresses = new LinkedHashMap<>();
    private final Map<String, Entry> names = new LinkedHashMap<>();
    private long lastSweep;

    private static final class Entry {
        int failures;
        long lastFailure;
        long lockedUntil;
    }

    SignInThrottle(SecurityConfig.Limits limits, LongSupplier nanoClock) {
        if (limits.signInFailures() < 1) throw new IllegalArgumentException("signInFailures must be at least 1");
        this.failuresBeforeLockout = limits.signInFailures();
        this.lockoutNanos = Math.max(1, limits.signInLockout().toNanos());
        this.nanoClock = nanoClock;
        this.lastSweep = nanoClock.getAsLong();
    }

    /**
     * Whether an attempt from {@code address} (for the agent {@code name}, {@code null} when the
     * attempt names none) must be refused now, and for how long.
     */
    synchronized Optional<Lockout> locked(String address, String name) {
        long now = nanoClock.getAsLong();
        long left = left(addresses.get(address), now);
        if (left > 0) return Optional.of(new Lockout("address", Duration.ofNanos(left)));
        if (name != null) {
            left = left(names.get(key(name)), now);
            if (left > 0) return Optional.of(new Lockout("agent", Duration.ofNanos(left)));
        }
        return Optional.empty();
    }

    /** A failed attempt from {@code address} (for {@code name}, may be {@code null}); the lockout it starts, if any. */
    synchronized Optional<Lockout> failed(String address, String name) {
        long now = nanoClock.getAsLong();
        sweep(now);
        long lockout = fail(addresses, address, now);
        String what = "address";
        if (name != null) {
            long forName = fail(names, key(name), now);
            if (forName > lockout) {
                lockout = forName;
                what = "agent";
            }
        }
        return lockout > 0 ? Optional.of(new Lockout(what, Duration.ofNanos(lockout))) : Optional.empty();
    }

    /** The agent signed in: its failures are forgotten. */
    synchronized void succeeded(String name) {
        names.remove(key(name));
    }

    private long fail(Map<String, Entry> table, String key, long now) {
        Entry e = table.remove(key);
        if (e == null) {
            if (table.size() >= MAX_ENTRIES) evictOldest(table);
            e = new Entry();
            e.lockedUntil = now;
        } else if (quiet(e, now)) {
            e.failures = 0;
        }
        table.put(key, e); // last in order: the most recent failure
        e.failures++;
        e.lastFailure = now;
        int over = e.failures - failuresBeforeLockout;
        if (over < 0) return 0;
        long lockout = lockoutFor(over);
        e.lockedUntil = now + lockout;
        return lockout;
    }

    /** {@code signInLockout} doubled {@code over} times, at most {@link #MAX_LOCKOUT}. */
    private long lockoutFor(int over) {
        long max = MAX_LOCKOUT.toNanos();
        long lockout = lockoutNanos;
        for (int i = 0; i < over && lockout < max; i++) lockout *= 2;
        return Math.min(lockout, max);
    }

    private static long left(Entry e, long now) {
        return e == null ? 0 : e.lockedUntil - now;
    }

    /** At most once a minute: forgets the quiet entries. */
    private void sweep(long now) {
        if (now - lastSweep < Duration.ofMinutes(1).toNanos()) return;
        lastSweep = now;
        forgetExpired(addresses, now);
        forgetExpired(names, now);
    }

    private static void forgetExpired(Map<String, Entry> table, long now) {
        for (Iterator<Entry> it = table.values().iterator(); it.hasNext(); ) {
            if (quiet(it.next(), now)) it.remove();
        }
    }

    /** Whether {@link #WINDOW} has passed since the entry's last failure and since its lockout ended. */
    private static boolean quiet(Entry e, long now) {
        long window = WINDOW.toNanos();
        return now - e.lastFailure > window && now - e.lockedUntil > window;
    }

    private static void evictOldest(Map<String, Entry> table) {
        Iterator<Entry> it = table.values().iterator();
        it.next();
        it.remove();
    }

    private static String key(String name) {
        return name.length() > MAX_NAME ? name.substring(0, MAX_NAME) : name;
    }
}
