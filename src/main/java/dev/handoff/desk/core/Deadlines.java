package dev.handoff.desk.core;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * When a translation's wait ends: {@link #after} runs an action once a delay has passed, on the scheduler's own
 * thread (never the caller's). The desk's is {@link #daemon()}; tests move a hand-driven one.
 */
@FunctionalInterface
public interface Deadlines {
    /** Runs {@code action} once {@code delay} has passed; returns at once. */
    void after(Duration delay, Runnable action);

    /** One daemon thread for the whole process, shared by every desk: deadlines are short and their actions tiny. */
    static Deadlines daemon() {
        return Daemon.INSTANCE;
    }

    /** The shared scheduler of {@link #daemon()}. */
    final class Daemon implements Deadlines {
        static final Daemon INSTANCE = new Daemon();
        private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "desk-translation-deadlines");
            t.setDaemon(true);
            return t;
        });

        private Daemon() {}

        @Override
        public void after(Duration delay, Runnable action) {
            scheduler.schedule(action, delay.toNanos(), TimeUnit.NANOSECONDS);
        }
    }
}
