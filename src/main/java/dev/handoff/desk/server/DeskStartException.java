package dev.handoff.desk.server;

/** The desk could not start; {@link #problem()} says why (for the fix), the message says it in one line. */
public final class DeskStartException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Why a desk could not start. */
    public enum Problem {
        /** Something else listens on the desk's port. */
        PORT_IN_USE,
        /** The desk cannot listen on its host and port for another reason. */
        CANNOT_LISTEN,
        /** Another process holds the database (another desk on the same data directory). */
        DATABASE_IN_USE,
        /** The database server cannot be reached. */
        DATABASE_UNREACHABLE,
        /** The database refused (credentials, a missing database, a failed migration). */
        DATABASE_FAILED,
        /** The certificate or private key of {@code security.tls} cannot be read or used. */
        TLS_UNUSABLE,
        /** Cluster mode: the cluster's Redis cannot be reached. */
        CLUSTER_UNREACHABLE
    }

    private final Problem problem;

    public DeskStartException(Problem problem, String message, Throwable cause) {
        super(message, cause);
        this.problem = problem;
    }

    public Problem problem() {
        return problem;
    }
}
