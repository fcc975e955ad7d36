package dev.handoff.liveagent.socketio;

import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs tasks one at a time, in submission order, on a shared pool: one per session, so a session's
 * listener calls never overlap and never reorder while sessions run in parallel.
 *
 * <p>It gives the pool at most one task at a time (its drain), so the pool's queue holds at most one entry per
 * session, and a drain runs at most {@link #BATCH} tasks before it goes to the back of the pool's queue: on a pool
 * of a few threads a busy session takes its turn and does not starve the others. {@link #execute} never blocks.
 */
final class SerialExecutor implements Executor {
    private static final Logger log = LoggerFactory.getLogger(SerialExecutor.class);

    /** The most tasks one drain runs before giving its thread to the next session. */
    static final int BATCH = 32;

    private final Executor pool;
    private final Queue<Runnable> tasks = new ArrayDeque<>();
    private boolean draining;

    SerialExecutor(Executor pool) {
        this.pool = pool;
    }

    @Override
    public void execute(Runnable task) {
        synchronized (this) {
            tasks.add(task);
            if (draining) {
                return;
            }
            draining = true;
        }
        submitDrain();
    }

    /** How many tasks wait (not counting the one running). */
    synchronized int pending() {
        return tasks.size();
    }

    private void submitDrain() {
        try {
            pool.execute(this::drain);
        } catch (RejectedExecutionException e) {
            synchronized (this) {
                tasks.clear();
                draining = false;
            }
            log.debug("listener pool is shut down; dropping listener call", e);
        }
    }

    private void drain() {
        for (int ran = 0; ran < BATCH; ran++) {
            Runnable task;
            synchronized (this) {
                task = tasks.poll();
                if (task == null) {
                    draining = false;
                    return;
                }
            }
            try {
                task.run();
            } catch (RuntimeException | Error e) {
                log.warn("a live-agent listener call failed", e);
            }
        }
        synchronized (this) {
            if (tasks.isEmpty()) {
                draining = false;
                return;
            }
        }
        submitDrain();
    }
}
