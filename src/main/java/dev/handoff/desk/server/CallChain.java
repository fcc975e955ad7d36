package dev.handoff.desk.server;

import com.corundumstudio.socketio.AckRequest;
import dev.handoff.desk.api.DeskError;
import dev.handoff.desk.core.DeskException;
import java.util.concurrent.CompletableFuture;

/**
 * The {@link dev.handoff.desk.core.Desk} calls of one connection, in the order its events came: a step runs once
 * the future of the step before it is complete (a {@code from_user} needs its {@code username}'s chat). When
 * nothing is waiting, the step runs at once in the caller's thread, so a desk that answers at once (the local
 * one) sees exactly what it saw without the chain. A step that must wait runs on the thread that completes the
 * one before it; it must not block.
 *
 * <p>At most {@link #MAX_WAITING} steps wait; another is refused with {@code busy} (a bot sends it again), except
 * a step that must run (a disconnect). An acknowledgement a waiting step may answer is taken over first ({@link
 * DeferredAck}); if the step answers none, the empty answer netty-socketio would have sent goes out after it.
 *
 * <p>Thread-safe.
 */
final class CallChain {
    /** Steps of one connection that may wait for the one before. */
    static final int MAX_WAITING = 64;

    /** A step: runs with the acknowledgement to answer, returns what the next step waits for. Never throws. */
    interface Step {
        CompletableFuture<?> run(AckRequest ack);
    }

    private final int maxWaiting;
    // guarded by this
    private CompletableFuture<?> last = CompletableFuture.completedFuture(null);
    private int waiting;

    CallChain() {
        this(MAX_WAITING);
    }

    CallChain(int maxWaiting) {
        this.maxWaiting = maxWaiting;
    }

    /**
     * Runs {@code step} after the steps before it. {@code ack} may be {@code null} (nothing to answer). Throws
     * {@code busy} when {@link #MAX_WAITING} steps wait already and {@code mustRun} is false.
     */
    void then(AckRequest ack, boolean mustRun, Step step) {
        CompletableFuture<Object> done = new CompletableFuture<>();
        CompletableFuture<?> before;
        boolean waits; // decided once, under the lock: a step counted as waiting is the one that waits
        synchronized (this) {
            before = last;
            waits = !before.isDone();
            if (waits) {
                if (waiting >= maxWaiting && !mustRun) {
                    throw new DeskException(
                            DeskError.Code.BUSY,
                            "more than " + maxWaiting + " events of this connection wait for the desk; send it again"
                                    + " shortly");
                }
                waiting++;
            }
            last = done;
        }
        if (!waits) {
            CompletableFuture<?> answered = null;
            try {
                answered = step.run(ack);
            } finally {
                passOn(answered, done);
            }
            return;
        }
        AckRequest later = ack == null ? null : DeferredAck.defer(ack);
        before.whenComplete((v, e) -> {
            synchronized (this) {
                waiting--;
            }
            CompletableFuture<?> answered = null;
            try {
                answered = step.run(later);
            } finally {
                if (later != null) later.sendAckData(); // a no-op when the step answered it or took it over
                passOn(answered, done);
            }
        });
    }

    private static void passOn(CompletableFuture<?> answered, CompletableFuture<Object> done) {
        if (answered == null) done.complete(null);
        else answered.whenComplete((v, e) -> done.complete(null));
    }
}
