package dev.handoff.liveagent;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * A {@link LiveAgentListener} for tests: records every call as a line ({@code connected},
 * {@code agent: text}, {@code reconnecting}, {@code reconnected}, {@code agent away}, {@code agent back},
 * {@code not delivered: text [code]}, {@code ended}, {@code failed: KIND [undelivered]}), the threads the calls ran on, and whether two calls ever
 * overlapped. Its {@code await...} methods wait up to {@link TestLiveAgentServer#AWAIT}.
 */
public final class RecordingListener implements LiveAgentListener {
    private final Object lock = new Object();
    private final List<String> calls = new ArrayList<>();
    private final List<String> threads = new ArrayList<>();
    private final AtomicInteger inCall = new AtomicInteger();
    private volatile boolean overlapped;
    private volatile LiveAgentFailure failure;
    private volatile List<String> undelivered;

    @Override
    public void onConnected() {
        record("connected");
    }

    @Override
    public void onAgentMessage(String text) {
        record("agent: " + text);
    }

    @Override
    public void onReconnecting() {
        record("reconnecting");
    }

    @Override
    public void onReconnected() {
        record("reconnected");
    }

    @Override
    public void onAgentAway() {
        record("agent away");
    }

    @Override
    public void onAgentBack() {
        record("agent back");
    }

    @Override
    public void onNotDelivered(String userMessage, String code, String reason) {
        record("not delivered: " + userMessage + " [" + code + "]");
    }

    @Override
    public void onQueuePosition(int position) {
        record("position " + position);
    }

    @Override
    public void onAgentJoined(String agent) {
        record("joined: " + agent);
    }

    @Override
    public void onEnded() {
        record("ended");
    }

    @Override
    public void onFailed(LiveAgentFailure failure, List<String> undelivered) {
        this.failure = failure;
        this.undelivered = undelivered;
        record("failed: " + failure.kind() + " " + undelivered);
    }

    private void record(String call) {
        if (inCall.incrementAndGet() > 1) {
            overlapped = true;
        }
        try {
            synchronized (lock) {
                calls.add(call);
                threads.add(Thread.currentThread().getName());
                lock.notifyAll();
            }
        } finally {
            inCall.decrementAndGet();
        }
    }

    /** Every call so far, in order. */
    public List<String> calls() {
        synchronized (lock) {
            return List.copyOf(calls);
        }
    }

    /** The texts of every {@code onAgentMessage} so far, in order. */
    public List<String> agentMessages() {
        return calls().stream()
                .filter(c -> c.startsWith("agent: "))
                .map(c -> c.substring("agent: ".length()))
                .toList();
    }

    /** The names of the threads the calls ran on, one per call. */
    public List<String> threads() {
        synchronized (lock) {
            return List.copyOf(threads);
        }
    }

    /** Whether two calls ever ran at the same time. */
    public boolean overlapped() {
        return overlapped;
    }

    public LiveAgentFailure failure() {
        return failure;
    }

    public List<String> undelivered() {
        return undelivered;
    }

    /** Waits until that exact call was made; returns every call so far. */
    public List<String> await(String call) {
        return awaitCalls("call '" + call + "'", all -> all.contains(call));
    }

    /** Waits until {@code onFailed}; returns the failure. */
    public LiveAgentFailure awaitFailure() {
        awaitCalls("onFailed", all -> all.stream().anyMatch(c -> c.startsWith("failed: ")));
        return failure;
    }

    /** Waits until at least {@code count} agent messages arrived; returns them. */
    public List<String> awaitAgentMessages(int count) {
        awaitCalls(
                count + " agent message(s)",
                all -> all.stream().filter(c -> c.startsWith("agent: ")).count() >= count);
        return agentMessages();
    }

    /** Waits until the calls so far satisfy the condition; returns them. */
    public List<String> awaitCalls(String what, Predicate<List<String>> condition) {
        return awaitCalls(what, condition, TestLiveAgentServer.AWAIT);
    }

    public List<String> awaitCalls(String what, Predicate<List<String>> condition, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (lock) {
            while (!condition.test(calls)) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError(
                            "timed out after " + timeout.toSeconds() + " s waiting for " + what + "; calls: " + calls);
                }
                try {
                    lock.wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError("interrupted waiting for " + what, e);
                }
            }
            return List.copyOf(calls);
        }
    }
}
