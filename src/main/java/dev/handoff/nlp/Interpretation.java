package dev.handoff.nlp;

import java.util.List;
import java.util.Optional;

/**
 * The NLP pipeline's answer: the best intent if it cleared the confidence threshold, and the
 * ranking it came from (best first).
 */
public record Interpretation(Optional<String> intent, double confidence, List<IntentScore> ranking) {

    public Interpretation {
        ranking = List.copyOf(ranking);
    }

    public static Interpretation misunderstood(List<IntentScore> ranking) {
        return new Interpretation(
                Optional.empty(), ranking.isEmpty() ? 0 : ranking.get(0).score(), ranking);
    }

    public static Interpretation of(String intent, double confidence, List<IntentScore> ranking) {
        return new Interpretation(Optional.of(intent), confidence, ranking);
    }

    public boolean understood() {
        return intent.isPresent();
    }

    public record IntentScore(String intent, double score) {}
}
