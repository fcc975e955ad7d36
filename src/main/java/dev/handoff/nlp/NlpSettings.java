package dev.handoff.nlp;

import dev.handoff.yaml.InvalidSettingException;
import dev.handoff.yaml.ProblemCode;

/**
 * Settings of the built-in NLP pipeline.
 *
 * @param confidenceThreshold the classifier's probability the best intent needs (0..1)
 * @param minSimilarity the character-n-gram cosine similarity (0..1) the input needs with at
 *     least one example of the best intent; the out-of-domain gate, since the classifier alone
 *     always spreads its probability over the known intents
 * @param minCharNgram the shortest character n-gram taken from each word (word boundaries count)
 * @param maxCharNgram the longest character n-gram taken from each word
 * @param iterations maxent (GIS) training iterations per language
 *
 * <p>A value out of range throws an {@link InvalidSettingException} (an {@code IllegalArgumentException})
 * naming the setting and its code.
 */
public record NlpSettings(
        double confidenceThreshold, double minSimilarity, int minCharNgram, int maxCharNgram, int iterations) {

    public static final double DEFAULT_CONFIDENCE_THRESHOLD = 0.5;
    public static final double DEFAULT_MIN_SIMILARITY = 0.4;
    public static final int DEFAULT_MIN_CHAR_NGRAM = 2;
    public static final int DEFAULT_MAX_CHAR_NGRAM = 4;
    public static final int DEFAULT_ITERATIONS = 100;

    public NlpSettings {
        requireFraction("confidenceThreshold", confidenceThreshold);
        requireFraction("minSimilarity", minSimilarity);
        if (minCharNgram < 1 || maxCharNgram < minCharNgram) {
            throw new InvalidSettingException(
                    ProblemCode.OUT_OF_RANGE,
                    minCharNgram < 1 ? "minCharNgram" : "maxCharNgram",
                    "char n-gram lengths must satisfy 1 <= minCharNgram <= maxCharNgram, got " + minCharNgram + ".."
                            + maxCharNgram);
        }
        if (iterations < 1) {
            throw new InvalidSettingException(
                    ProblemCode.OUT_OF_RANGE, "iterations", "iterations must be at least 1, got " + iterations);
        }
    }

    public static NlpSettings defaults() {
        return new NlpSettings(
                DEFAULT_CONFIDENCE_THRESHOLD,
                DEFAULT_MIN_SIMILARITY,
                DEFAULT_MIN_CHAR_NGRAM,
                DEFAULT_MAX_CHAR_NGRAM,
                DEFAULT_ITERATIONS);
    }

    public NlpSettings withConfidenceThreshold(double value) {
        return new NlpSettings(value, minSimilarity, minCharNgram, maxCharNgram, iterations);
    }

    public NlpSettings withMinSimilarity(double value) {
        return new NlpSettings(confidenceThreshold, value, minCharNgram, maxCharNgram, iterations);
    }

    public NlpSettings withCharNgrams(int min, int max) {
        return new NlpSettings(confidenceThreshold, minSimilarity, min, max, iterations);
    }

    public NlpSettings withIterations(int value) {
        return new NlpSettings(confidenceThreshold, minSimilarity, minCharNgram, maxCharNgram, value);
    }

    private static void requireFraction(String name, double value) {
        if (!(value >= 0 && value <= 1)) {
            throw new InvalidSettingException(
                    ProblemCode.OUT_OF_RANGE, name, name + " must be between 0 and 1, got " + value);
        }
    }
}
