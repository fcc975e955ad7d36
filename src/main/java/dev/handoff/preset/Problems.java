package dev.handoff.preset;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * Collects every problem found while loading, instead of stopping at the first (as Guice collects
 * its errors). Sorted by file, line and column when read.
 */
public final class Problems {
    private final List<Problem> items = new ArrayList<>();

    /** Records an error; a second error at the same place (usually the same cause seen twice) is dropped. */
    public void error(Loc loc, String message) {
        add(new Problem(loc, Problem.Severity.ERROR, message));
    }

    public void warning(Loc loc, String message) {
        add(new Problem(loc, Problem.Severity.WARNING, message));
    }

    private void add(Problem problem) {
        boolean seen = problem.loc().line() > 0
                && items.stream()
                        .anyMatch(p -> p.loc().equals(problem.loc())
                                && p.severity() == problem.severity()
                                && (p.severity() == Problem.Severity.ERROR
                                        || p.message().equals(problem.message())));
        if (!seen) {
            items.add(problem);
        }
    }

    public void addAll(Problems other) {
        items.addAll(other.items);
    }

    public boolean hasErrors() {
        return items.stream().anyMatch(p -> p.severity() == Problem.Severity.ERROR);
    }

    public long errorCount() {
        return items.stream()
                .filter(p -> p.severity() == Problem.Severity.ERROR)
                .count();
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
        return all().stream()
                .filter(p -> p.severity() == Problem.Severity.ERROR)
                .toList();
    }

    /** "known: a, b, c" for a fix hint; names sorted. */
    public static String known(Collection<String> names) {
        if (names.isEmpty()) {
            return "none are defined";
        }
        return "known: " + String.join(", ", names.stream().sorted().toList());
    }

    /** Throws a {@link PresetException} holding every error, if there is one. */
    public void throwIfErrors() {
        if (hasErrors()) {
            throw new PresetException(this);
        }
    }
}
