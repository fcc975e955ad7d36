package dev.handoff.desk.report;

import java.util.Locale;

/** A report could not be made; {@link #problem()} says why (its {@link Problem#id()} is stable), the message how to fix it. */
public final class ReportException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Why a report could not be made. */
    public enum Problem {
        /** The request is wrong: a date that is not a date, a range backwards or too long, an unknown grouping. */
        BAD_REQUEST,
        /** The H2 file is held by a running desk. */
        DATABASE_IN_USE,
        /** The database server cannot be reached. */
        DATABASE_UNREACHABLE,
        /** The database has no chat facts: no desk of this version has run on it yet. */
        NO_FACTS,
        /** The range holds more chats than one report reads. */
        TOO_MANY_CHATS,
        /** Anything else the database said. */
        DATABASE_FAILED;

        /** {@code bad-request}, {@code database-in-use}, ... */
        public String id() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    private final Problem problem;

    public ReportException(Problem problem, String message) {
        this(problem, message, null);
    }

    public ReportException(Problem problem, String message, Throwable cause) {
        super(message, cause);
        this.problem = problem;
    }

    public Problem problem() {
        return problem;
    }
}
