package dev.handoff.yaml;

import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One finding about a file: where, how bad, which kind (a stable {@link ProblemCode}), what, and
 * the facts for the fix: the names that would have been accepted ({@code known}) and a hint.
 *
 * <p>Rendered as {@code FILE:LINE:COLUMN: [code] message (known: a, b; hint)} for errors and
 * {@code FILE:LINE:COLUMN: warning: [code] message} for warnings; the parenthesis is built here
 * only, so every "known: ..." reads the same.
 *
 * @param known the names that would have been accepted, when the problem is an unknown name
 * @param hint a fix that follows the known names inside the parenthesis, or empty
 */
public record Problem(
        Loc loc, Severity severity, ProblemCode code, String message, Optional<List<String>> known, String hint) {

    public enum Severity {
        ERROR,
        WARNING
    }

    public Problem {
        Objects.requireNonNull(loc, "loc");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(message, "message");
        known = known.map(names -> names.stream().sorted().toList());
        hint = hint == null ? "" : hint;
    }

    public static Problem error(ProblemCode code, Loc loc, String message) {
        return new Problem(loc, Severity.ERROR, code, message, Optional.empty(), "");
    }

    public static Problem warning(ProblemCode code, Loc loc, String message) {
        return new Problem(loc, Severity.WARNING, code, message, Optional.empty(), "");
    }

    /** This problem naming the names that would have been accepted. */
    public Problem withKnown(Collection<String> names) {
        return new Problem(loc, severity, code, message, Optional.of(List.copyOf(names)), hint);
    }

    /** This problem with a fix after the known names. */
    public Problem withHint(String fix) {
        return new Problem(loc, severity, code, message, known, fix);
    }

    public boolean isError() {
        return severity == Severity.ERROR;
    }

    /** The message with its "(known: ...; hint)" suffix, without location and code. */
    public String text() {
        List<String> parts = new java.util.ArrayList<>();
        known.ifPresent(
                names -> parts.add(names.isEmpty() ? "none are defined" : "known: " + String.join(", ", names)));
        if (!hint.isEmpty()) {
            parts.add(hint);
        }
        return parts.isEmpty() ? message : message + " (" + String.join("; ", parts) + ")";
    }

    /** {@code FILE:LINE:COLUMN: [code] message} for errors, {@code FILE:LINE:COLUMN: warning: [code] message} for warnings. */
    public String format() {
        return loc + ": " + (severity == Severity.WARNING ? "warning: " : "") + "[" + code.id() + "] " + text();
    }

    @Override
    public String toString() {
        return format();
    }
}
