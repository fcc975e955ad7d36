package dev.handoff.preset;

import java.util.List;
import java.util.stream.Collectors;

/** A bot or preset that cannot be used; the message lists every error, one per line, with its location. */
public final class PresetException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final List<Problem> problems;

    public PresetException(Problems problems) {
        super(render(problems.errors()));
        this.problems = problems.all();
    }

    public List<Problem> problems() {
        return problems;
    }

    private static String render(List<Problem> errors) {
        return errors.stream().map(Problem::format).collect(Collectors.joining("\n")) + "\n" + errors.size()
                + (errors.size() == 1 ? " error" : " errors");
    }
}
