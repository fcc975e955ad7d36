package dev.handoff.desk.server;

import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalInt;
import java.util.function.LongSupplier;

/**
 * At most one warning per key (an address, a connection) per {@code interval}: a client cannot fill
 * the log by repeating what it does wrong. The warnings held back are counted and said with the next
 * one. Holds at most {@link #MAX_KEYS} keys, forgetting the least recently warned first.
 * Thread-safe and cheap, for netty's event threads.
 */
final class WarnLimiter {
    static final int MAX_KEYS = 10_000;

    private final long intervalNanos;
    private final LongSupplier nanoClock;
    // guarded by this; insertion order is the order of the last warning, oldest first
    private final Map<String, Slot> slots = new LinkedHashMap<>();

    private static final class Slot {
        long warnedAt;
        int heldBack;
    }

    WarnLimiter(Duration interval, LongSupplier nanoClock) {
        this.intervalNanos = interval.toNanos();
        this.nanoClock = nanoClock;
    }

    /**
     * Whether a warning about {@code key} may be logged now; if so, how many were held back since the
     * last one (the caller says it), else empty (and this one is counted as held back).
     */
    synchronized OptionalInt allow(String key) {
        long now = nanoClock.getAsLong();
        Slot slot = slots.get(key);
        if (slot != null && now - slot.warnedAt < intervalNanos) {
            if (slot.heldBack < Integer.MAX_VALUE) slot.heldBack++;
            return OptionalInt.empty();
        }
        int heldBack = slot == null ? 0 : slot.heldBack;
        if (slot == null) {
            if (slots.size() >= MAX_KEYS) forgetOldest(now);
            slot = new Slot();
        } else {
            slots.remove(key);
        }
        slot.warnedAt = now;
        slot.heldBack = 0;
        slots.put(key, slot);
        return OptionalInt.of(heldBack);
    }

    /** Forgets the keys whose interval has passed (oldest first); if none has, the oldest all the same. */
    private void forgetOldest(long now) {
        for (Iterator<Slot> it = slots.values().iterator(); it.hasNext(); ) {
            boolean expired = now - it.next().warnedAt >= intervalNanos;
            if (!expired && slots.size() < MAX_KEYS) break;
            it.remove();
            if (!expired) break;
        }
    }
}
