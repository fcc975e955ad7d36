package dev.handoff.desk.server;

import dev.handoff.desk.api.DeskError;
import dev.handoff.desk.core.DeskException;
import dev.handoff.desk.core.KeylessQuota;
import dev.handoff.protocol.LiveAgentEvents;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * New chats per minute from one address by bots without a key ({@code
 * security.limits.keylessChatsPerMinute}): a {@link TokenBucket} per address, as full as the limit at
 * first (that many at once), refilled at the limit per minute. Buckets that are full again are
 * forgotten, so the map stays as small as the set of addresses opening chats now. Refusals are logged
 * at most once per address every 10 s, with the count.
 *
 * <p>Thread-safe; called under the desk's lock ({@link KeylessQuota}), never blocks.
 */
final class KeylessChats implements KeylessQuota {
    /** The endpoint's log, where the other refusals of {@code /live_agent}'s doors are. */
    private static final Logger log = LoggerFactory.getLogger(LiveAgentEndpoint.class);
    /** How a refusal's message begins: the endpoint logs no second line for it. */
    static final String REFUSED = "too many new chats without a key from this address";

    private static final long LOG_EVERY_NANOS = TimeUnit.SECONDS.toNanos(10);
    /** Above this many addresses, the full buckets are swept away on the next new chat. */
    private static final int SWEEP_ABOVE = 1024;

    private static final class Quota {
        final TokenBucket bucket;
        // guarded by this
        long loggedAt;
        boolean loggedOnce;
        int unlogged;

        Quota(TokenBucket bucket) {
            this.bucket = bucket;
        }
    }

    private final int perMinute;
    private final Map<String, Quota> byAddress = new ConcurrentHashMap<>();

    KeylessChats(int perMinute) {
        this.perMinute = perMinute;
    }

    /** A new chat from {@code address}: taken, or refused with {@code over_capacity} (logged at most every 10 s). */
    @Override
    public void admit(String address) {
        long now = System.nanoTime();
        if (tryOpen(address, now)) return;
        int refused = refusalsToLog(address, now);
        if (refused > 0) {
            log.warn(
                    "{}: new chats without a key from {} are over {} per minute: {} refused ({})",
                    LiveAgentEvents.NAMESPACE,
                    address,
                    perMinute,
                    refused,
                    DeskError.Code.OVER_CAPACITY.wire());
        }
        throw new DeskException(
                DeskError.Code.OVER_CAPACITY, REFUSED + " (at most " + perMinute + " per minute); try again later");
    }

    /** Whether the refusal is this quota's (already logged, or held back, by {@link #admit}). */
    static boolean refused(DeskException e) {
        return e.code() == DeskError.Code.OVER_CAPACITY && e.getMessage().startsWith(REFUSED);
    }

    /** Takes one new chat for {@code address}; {@code false}: over the limit. */
    boolean tryOpen(String address, long nowNanos) {
        if (byAddress.size() > SWEEP_ABOVE) byAddress.values().removeIf(q -> q.bucket.full(nowNanos));
        Quota q = byAddress.computeIfAbsent(
                address, a -> new Quota(new TokenBucket(perMinute / 60.0, perMinute, nowNanos)));
        if (q.bucket.tryTake(nowNanos)) return true;
        synchronized (q) {
            q.unlogged++;
        }
        return false;
    }

    /** The refusals of {@code address} to write in a log line now, or 0 (counted for the next line). */
    int refusalsToLog(String address, long nowNanos) {
        Quota q = byAddress.get(address);
        if (q == null) return 0;
        synchronized (q) {
            if (q.unlogged == 0 || (q.loggedOnce && nowNanos - q.loggedAt < LOG_EVERY_NANOS)) return 0;
            q.loggedOnce = true;
            q.loggedAt = nowNanos;
            int n = q.unlogged;
            q.unlogged = 0;
            return n;
        }
    }
}
