package dev.handoff.desk.store;

import java.util.Objects;

/**
 * A database operation failed; {@link #problem()} says which kind (its id is printed first: {@code [store-read-failed]
 * database URL: read chat c1: ...}), the message names the operation and the chat. Never holds a password. Not
 * final: a cluster's fence refuses a deposed leader's write with a subclass, which callers handle as any failed
 * write.
 */
public class StoreException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Why a store operation failed; the ids are stable, scripts and logs may refer to them. */
    public enum Problem {
        /** A write (or a batch of writes) was refused or could not be committed. */
        WRITE_FAILED("store-write-failed"),
        /** A read failed on its connection. */
        READ_FAILED("store-read-failed"),
        /** Every read connection stayed busy for the pool's wait: the reads are behind. */
        READS_BUSY("store-reads-busy"),
        /** The store is closed (the desk stopped, or a cluster node no longer leads). */
        CLOSED("store-closed"),
        /** A write queued before this point was given up, so it is not durable. */
        NOT_WRITTEN("store-not-written");

        private final String id;

        Problem(String id) {
            this.id = id;
        }

        public String id() {
            return id;
        }
    }

    private final Problem problem;

    /** A failed write ({@link Problem#WRITE_FAILED}). */
    public StoreException(String message, Throwable cause) {
        this(Problem.WRITE_FAILED, message, cause);
    }

    public StoreException(Problem problem, String message, Throwable cause) {
        super("[" + problem.id() + "] " + message, cause);
        this.problem = Objects.requireNonNull(problem, "problem");
    }

    public Problem problem() {
        return problem;
    }
}
