package dev.handoff.translate;

import java.util.Set;
import java.util.TreeSet;

/**
 * What an engine translates: directed pairs {@code source→target}, or (for engines that translate between
 * any two of their languages) every pair of a set of languages.
 */
public record LanguagePairs(Set<Pair> pairs) {
    public record Pair(String source, String target) {}

    public LanguagePairs {
        pairs = Set.copyOf(pairs);
    }

    public static LanguagePairs none() {
        return new LanguagePairs(Set.of());
    }

    /** Every ordered pair of two different languages of {@code languages}. */
    public static LanguagePairs allOf(Set<String> languages) {
        Set<Pair> all = new java.util.HashSet<>();
        for (String s : languages) for (String t : languages) if (!s.equals(t)) all.add(new Pair(s, t));
        return new LanguagePairs(all);
    }

    public boolean supports(String source, String target) {
        return source.equals(target) || pairs.contains(new Pair(source, target));
    }

    /** Every language that appears in a pair, sorted. */
    public Set<String> languages() {
        Set<String> all = new TreeSet<>();
        pairs.forEach(p -> {
            all.add(p.source());
            all.add(p.target());
        });
        return all;
    }

    public LanguagePairs union(LanguagePairs other) {
        Set<Pair> all = new java.util.HashSet<>(pairs);
        all.addAll(other.pairs);
        return new LanguagePairs(all);
    }
}
