package dev.handoff.yaml;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Collects every problem found while reading a file, instead of stopping at the first (as Guice
 * collects its errors). Sorted by file, line and column when read. Not thread-safe: one reading
 * fills one {@code Problems}.
 */
public final class Problems {
    private final List<Problem> items = new ArrayList<>();
    /** What makes a problem a repeat (see {@link #add}), so that a file with many problems costs no more per problem. */
    private final Set<List<Object>> seen = new HashSet<>();

    public void error(ProblemCode code, Loc loc, String message) {
        add(Problem.error(code, loc, message));
    }

    /** An error about an unknown name, naming the names that would have been accepted. */
    public void error(ProblemCode code, Loc loc, String message, Collection<String> known) {
        add(Problem.error(code, loc, message).withKnown(known));
    }

    public void warning(ProblemCode code, Loc loc, String message) {
        add(Problem.warning(code, loc, message));
    }

    /**
     * Records a problem; a second error at the same place (usually the same cause seen twice) is
     * dropped, and so is a warning that repeats one.
     */
    public void add(Problem problem) {
        if (problem.loc().line() <= 0) {
            items.add(problem);
            return;
        }
        List<Object> key = problem.isError()
                ? List.of(problem.loc(), problem.severity())
                : List.of(problem.loc(), problem.severity(), problem.text());
        if (seen.add(key)) {
            items.add(problem);
        }
    }

    public boolean hasErrors() {
        return items.stream().anyMatch(Problem::isError);
    }

    public long errorCount() {
        return items.stream().filter(Problem::isError).count();
    }

    public long warningCount() {
        return items.size() - errorCount();
    }

    public List<Problem> all() {
        var sorted = new ArrayList<>(items);
        sorted.sort(Comparator.comparing((Problem p) -> p.loc().file())
                .thenComparingInt(p -> p.loc().line())
                .thenComparingInt(p -> p.loc().column()));
        return List.copyOf(sorted);
    }

    public List<Problem> errors() {
        return all().stream().filter(Problem::isError).toList();
    }

    /** Throws the exception {@code exception} makes of these problems, if there is an error among them. */
    public <X extends Exception> void throwIfErrors(Function<Problems, X> exception) throws X {
        if (hasErrors()) {
            throw exception.apply(this);
        }
    }

    /** Errors as an exception message: one per line, then the count ("3 errors"). */
    public static String report(List<Problem> errors) {
        return errors.stream().map(Problem::format).collect(Collectors.joining("\n")) + "\n" + errors.size()
                + (errors.size() == 1 ? " error" : " errors");
    }
}
