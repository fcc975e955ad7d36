package dev.handoff.desk.config;

import dev.handoff.yaml.Problem;
import dev.handoff.yaml.Problems;
import java.util.List;

/**
 * A desk configuration that cannot be used. Read from a file, it holds every problem found, each
 * with its location and code, and its message lists them all (one per line, then the count).
 */
public final class DeskConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Not serialized: the message keeps the facts. */
    private final transient List<Problem> problems;

    public DeskConfigException(List<Problem> problems) {
        super(Problems.report(problems));
        this.problems = List.copyOf(problems);
    }

    /** A config built in code that breaks a rule of {@link DeskConfig}; no file, so no problems. */
    public DeskConfigException(String message) {
        super(message);
        this.problems = List.of();
    }

    /** Every problem of the file, with its location and code; empty for a config built in code. */
    public List<Problem> problems() {
        return problems;
    }
}
