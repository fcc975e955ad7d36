package dev.handoff.desk.cluster;

import java.util.Objects;

/**
 * A cluster operation failed; {@link #problem()} says which kind (its id is printed first: {@code [redis-unreachable]
 * ...}), the message says what and what to do. Never holds a password nor a payload.
 */
public final class ClusterException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Why a cluster operation failed; the ids are stable, scripts and logs may refer to them. */
    public enum Problem {
        /** Redis cannot be reached now (at start, or while the bus reconnects). */
        REDIS_UNREACHABLE("redis-unreachable"),
        /** Too many publishes wait for Redis: the bus refuses more until some complete. */
        OUTGOING_FULL("outgoing-full"),
        /** Too many requests wait for their replies. */
        PENDING_FULL("pending-full"),
        /** More channels than the bus subscribes to at once. */
        TOO_MANY_CHANNELS("too-many-channels"),
        /** No reply came within the request's timeout (lost, or nobody serves the channel). */
        TIMEOUT("timeout"),
        /** Nobody listens on the channel a request was sent to (in a desk: no leader now). */
        UNSERVED("unserved"),
        /** The node that served a request answered with an error. */
        REMOTE_FAILED("remote-failed"),
        /** The bus (or the request helper) is closed. */
        CLOSED("closed");

        private final String id;

        Problem(String id) {
            this.id = id;
        }

        public String id() {
            return id;
        }
    }

    private final Problem problem;

    public ClusterException(Problem problem, String message) {
        this(problem, message, null);
    }

    public ClusterException(Problem problem, String message, Throwable cause) {
        super("[" + problem.id() + "] " + message, cause);
        this.problem = Objects.requireNonNull(problem, "problem");
    }

    public Problem problem() {
        return problem;
    }
}
