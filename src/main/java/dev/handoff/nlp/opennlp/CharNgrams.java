package dev.handoff.nlp.opennlp;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Character n-grams of words, with word-boundary markers: "helo" gives "^h", "he", "el", "lo",
 * "o$", "^he", ... so a typo costs only the few n-grams around it, and word order does not matter.
 */
final class CharNgrams {

    static final char START = '^';
    static final char END = '$';

    private final int min;
    private final int max;

    CharNgrams(int min, int max) {
        this.min = min;
        this.max = max;
    }

    List<String> of(String[] words) {
        var grams = new ArrayList<String>();
        for (String word : words) {
            String marked = START + word + END;
            for (int n = min; n <= max; n++) {
                for (int i = 0; i + n <= marked.length(); i++) {
                    grams.add(marked.substring(i, i + n));
                }
            }
        }
        return grams;
    }

    /** Counts of the n-grams, as an L2-normalised sparse vector. */
    Map<String, Double> vector(String[] words) {
        var counts = new HashMap<String, Double>();
        for (String gram : of(words)) {
            counts.merge(gram, 1.0, Double::sum);
        }
        double norm = Math.sqrt(counts.values().stream().mapToDouble(c -> c * c).sum());
        if (norm > 0) {
            counts.replaceAll((gram, count) -> count / norm);
        }
        return counts;
    }

    static double cosine(Map<String, Double> a, Map<String, Double> b) {
        if (a.size() > b.size()) {
            var swap = a;
            a = b;
            b = swap;
        }
        double dot = 0;
        for (var entry : a.entrySet()) {
            Double other = b.get(entry.getKey());
            if (other != null) {
                dot += entry.getValue() * other;
            }
        }
        return dot;
    }
}
