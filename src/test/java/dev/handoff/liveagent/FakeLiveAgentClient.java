package dev.handoff.liveagent;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A test double for the live-agent port: records each session and what the user sent, and lets a
 * test play the live agent's side by calling the listener. The real client is tested against a
 * real Socket.IO server.
 */
public final class FakeLiveAgentClient implements LiveAgentClient {
    private final List<FakeSession> sessions = new CopyOnWriteArrayList<>();
    private volatile boolean closed;

    public final class FakeSession implements LiveAgentSession {
        public final HandoffRequest request;
        public final LiveAgentListener listener;
        private final List<String> sent = new ArrayList<>();
        private volatile boolean sessionClosed;
        private volatile boolean reportsQueue;
        private volatile boolean offersRating;

        FakeSession(HandoffRequest request, LiveAgentListener listener) {
            this.request = request;
            this.listener = listener;
        }

        @Override
        public synchronized void send(String userMessage) {
            if (sessionClosed) {
                throw new IllegalStateException("send after close: " + userMessage);
            }
            sent.add(userMessage);
        }

        @Override
        public void close() {
            sessionClosed = true;
        }

        public synchronized List<String> sent() {
            return List.copyOf(sent);
        }

        public boolean isClosed() {
            return sessionClosed;
        }

        /** Plays a server that reports its queue (the notices addition). */
        public FakeSession reportingQueue() {
            reportsQueue = true;
            return this;
        }

        @Override
        public boolean reportsQueue() {
            return reportsQueue;
        }

        /** Plays a server that offers the rating addition. */
        public FakeSession offeringRating() {
            offersRating = true;
            return this;
        }

        @Override
        public boolean offersRating() {
            return offersRating;
        }
    }

    /** A rating sent, and the answer the test gives it. */
    public record SentRating(RatingRequest request, java.util.concurrent.CompletableFuture<RatingOutcome> outcome) {}

    private final List<SentRating> ratings = new CopyOnWriteArrayList<>();

    @Override
    public java.util.concurrent.CompletionStage<RatingOutcome> rate(RatingRequest request) {
        var sent = new SentRating(request, new java.util.concurrent.CompletableFuture<>());
        ratings.add(sent);
        return sent.outcome();
    }

    public List<SentRating> ratings() {
        return List.copyOf(ratings);
    }

    @Override
    public LiveAgentSession open(HandoffRequest request, LiveAgentListener listener) {
        var session = new FakeSession(request, listener);
        sessions.add(session);
        return session;
    }

    public List<FakeSession> sessions() {
        return List.copyOf(sessions);
    }

    public FakeSession last() {
        if (sessions.isEmpty()) {
            throw new AssertionError("no live-agent session was opened");
        }
        return sessions.get(sessions.size() - 1);
    }

    public boolean isClosed() {
        return closed;
    }

    @Override
    public void close() {
        closed = true;
        sessions.forEach(FakeSession::close);
    }
}
