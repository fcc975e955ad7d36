package dev.handoff.yaml;

import dev.handoff.yaml.YNode.YList;
import dev.handoff.yaml.YNode.YMap;
import dev.handoff.yaml.YNode.YScalar;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Small typed reads of {@link YNode}s that report a located problem (with its code) instead of
 * throwing, so that one reading finds every problem of a file.
 */
public final class Binder {
    private final Problems problems;

    public Binder(Problems problems) {
        this.problems = problems;
    }

    public Problems problems() {
        return problems;
    }

    public Optional<YMap> map(YNode node, String what) {
        if (node instanceof YMap m) {
            return Optional.of(m);
        }
        problems.error(ProblemCode.WRONG_TYPE, node.loc(), what + " must be a map, not " + node.kind());
        return Optional.empty();
    }

    public Optional<YList> list(YNode node, String what) {
        if (node instanceof YList l) {
            return Optional.of(l);
        }
        problems.error(ProblemCode.WRONG_TYPE, node.loc(), what + " must be a list, not " + node.kind());
        return Optional.empty();
    }

    public Optional<String> string(YNode node, String what) {
        if (node instanceof YScalar s && s.value() != null) {
            return Optional.of(s.value());
        }
        problems.error(ProblemCode.WRONG_TYPE, node.loc(), what + " must be a text, not " + node.kind());
        return Optional.empty();
    }

    public Optional<Integer> integer(YNode node, String what, int min, int max) {
        Optional<String> text = string(node, what);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        try {
            int value = Integer.parseInt(text.get().strip());
            if (value < min || value > max) {
                problems.error(
                        ProblemCode.OUT_OF_RANGE,
                        node.loc(),
                        what + " must be between " + min + " and " + max + ", not " + value);
                return Optional.empty();
            }
            return Optional.of(value);
        } catch (NumberFormatException e) {
            problems.error(
                    ProblemCode.NOT_A_NUMBER, node.loc(), what + " must be a whole number, not '" + text.get() + "'");
            return Optional.empty();
        }
    }

    public Optional<Boolean> bool(YNode node, String what) {
        Optional<String> text = string(node, what);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        return switch (text.get().strip().toLowerCase(java.util.Locale.ROOT)) {
            case "true", "yes", "on" -> Optional.of(true);
            case "false", "no", "off" -> Optional.of(false);
            default -> {
                problems.error(
                        ProblemCode.NOT_A_BOOLEAN,
                        node.loc(),
                        what + " must be true or false, not '" + text.get() + "'");
                yield Optional.empty();
            }
        };
    }

    /** Reports every key of {@code map} not in {@code known}, naming the known ones. */
    public void onlyKeys(YMap map, String what, Collection<String> known) {
        for (String key : map.entries().keySet()) {
            if (!known.contains(key)) {
                problems.error(ProblemCode.UNKNOWN_KEY, map.keyLoc(key), "unknown key '" + key + "' in " + what, known);
            }
        }
    }

    /** The value of a key that must be there; reports it missing at the map's location. */
    public Optional<YNode> required(YMap map, String key, String what) {
        YNode node = map.get(key);
        if (node == null || node instanceof YScalar s && s.isNull()) {
            problems.error(ProblemCode.MISSING_KEY, map.loc(), what + " needs '" + key + "'");
            return Optional.empty();
        }
        return Optional.of(node);
    }

    /** A text or a list of texts, as a list. */
    public List<String> strings(YNode node, String what) {
        if (node instanceof YScalar) {
            return string(node, what).map(List::of).orElse(List.of());
        }
        return list(node, what)
                .map(l -> l.items().stream()
                        .map(i -> string(i, what + " item"))
                        .flatMap(Optional::stream)
                        .toList())
                .orElse(List.of());
    }
}
