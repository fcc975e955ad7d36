package dev.handoff.preset;

/** One finding about a bot or preset file: where, how bad, what, and (when known) the fix. */
public record Problem(Loc loc, Severity severity, String message) {

    public enum Severity {
        ERROR,
        WARNING
    }

    /** {@code FILE:LINE:COLUMN: message} for errors, {@code FILE:LINE:COLUMN: warning: message} for warnings. */
    public String format() {
        return loc + ": " + (severity == Severity.WARNING ? "warning: " : "") + message;
    }

    @Override
    public String toString() {
        return format();
    }
}
