package dev.handoff.desk.store;

/** The store could not be opened; {@link #problem()} says why, the message says it in one line. */
public final class StoreOpenException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Why a store could not be opened. */
    public enum Problem {
        /** Another process holds the database (an embedded H2 file opened by another desk). */
        IN_USE,
        /** The database server cannot be reached (refused, unknown host, timed out). */
        UNREACHABLE,
        /** Anything else: credentials, a missing database, a failed migration. */
        FAILED
    }

    private final Problem problem;

    public StoreOpenException(Problem problem, String message, Throwable cause) {
        super(message, cause);
        this.problem = problem;
    }

    public Problem problem() {
        return problem;
    }
}
