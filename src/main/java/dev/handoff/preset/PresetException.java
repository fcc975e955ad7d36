package dev.handoff.preset;

import dev.handoff.yaml.Problem;
import dev.handoff.yaml.Problems;
import java.util.List;

/** A bot or preset that cannot be used; the message lists every error, one per line, with its location. */
public final class PresetException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final List<Problem> problems;

    public PresetException(Problems problems) {
        super(Problems.report(problems.errors()));
        this.problems = problems.all();
    }

    public List<Problem> problems() {
        return problems;
    }
}
