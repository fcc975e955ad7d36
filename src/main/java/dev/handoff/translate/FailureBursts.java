package dev.handoff.translate;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs an engine's failures once per burst, not once per message: the first failure of an engine opens a
 * burst and is a WARN with its reason; further failures within the window ({@link #WINDOW}) are counted, and
 * one WARN sums them up ("translation engine apertium: 37 more failures (timeout) in the last 60 s") at the
 * first call to that engine, failed or not, once the window is over; a failure then opens the next burst,
 * logged in full again. A success inside the window does not end the burst early: an engine that fails every
 * other call still gets at most two lines a minute.
 *
 * <p>A burst after which the engine is never called again is not summed up. Thread-safe; the lines are logged
 * outside the lock.
 */
final class FailureBursts {
    private static final Logger LOG = LoggerFactory.getLogger(FailureBursts.class);

    /** How long one burst lasts at most before its failures are summed up. */
    static final Duration WINDOW = Duration.ofSeconds(60);

    /** One engine's burst: when it opened, and the failures counted since its first. */
    private static final class Burst {
        final Instant opened;
        int more;
        final Map<String, Integer> reasons = new TreeMap<>();

        Burst(Instant opened) {
            this.opened = opened;
        }
    }

    private final Clock clock;
    private final Duration window;
    private final Map<String, Burst> bursts = new HashMap<>();

    FailureBursts(Clock clock, Duration window) {
        this.clock = clock;
        this.window = window;
    }

    /** {@code e} happened: logged if it opens a burst, else counted. */
    void failed(TranslationException e) {
        String summary = null;
        boolean first;
        Instant now = clock.instant();
        synchronized (this) {
            Burst burst = bursts.get(e.engine());
            first = burst == null || !now.isBefore(burst.opened.plus(window));
            if (first) {
                if (burst != null) summary = summary(e.engine(), burst, now);
                bursts.put(e.engine(), new Burst(now));
            } else {
                burst.more++;
                burst.reasons.merge(e.reason().wire(), 1, Integer::sum);
            }
        }
        if (summary != null) LOG.warn(summary);
        if (first)
            LOG.warn(
                    "translation engine {} failed ({}): {}",
                    e.engine(),
                    e.reason().wire(),
                    e.getMessage());
    }

    /** {@code engine} translated: a burst whose window is over is closed, and its counted failures summed up. */
    void succeeded(String engine) {
        String summary = null;
        Instant now = clock.instant();
        synchronized (this) {
            Burst burst = bursts.get(engine);
            if (burst == null || now.isBefore(burst.opened.plus(window))) return;
            bursts.remove(engine);
            summary = summary(engine, burst, now);
        }
        if (summary != null) LOG.warn(summary);
    }

    /** The line for the failures counted after the first, or null if there were none. */
    private String summary(String engine, Burst burst, Instant now) {
        if (burst.more == 0) return null;
        Duration lasted = Duration.between(burst.opened, now);
        long seconds = Math.max(1, Math.min(lasted.toSeconds(), window.toSeconds()));
        String reasons = burst.reasons.size() == 1
                ? burst.reasons.keySet().iterator().next()
                : burst.reasons.entrySet().stream()
                        .map(r -> r.getKey() + " " + r.getValue())
                        .collect(Collectors.joining(", "));
        return "translation engine " + engine + ": " + burst.more + " more failure" + (burst.more == 1 ? "" : "s")
                + " (" + reasons + ") in the last " + seconds + " s";
    }
}
