package dev.handoff.nlp.opennlp;

import java.util.List;
import java.util.Map;
import opennlp.tools.doccat.FeatureGenerator;

/**
 * OpenNLP document-categorizer features from the character n-grams of each word, with
 * word-boundary markers ("cng=^he", "cng=hel", "cng=lo$"): they let the maxent model recognise a
 * word with a small typo. Stateless, so safe to share between threads.
 */
public final class CharNgramFeatureGenerator implements FeatureGenerator {

    private final CharNgrams ngrams;

    /** The default lengths 2..4; OpenNLP needs a no-argument constructor to load a saved model. */
    public CharNgramFeatureGenerator() {
        this(2, 4);
    }

    public CharNgramFeatureGenerator(int min, int max) {
        this.ngrams = new CharNgrams(min, max);
    }

    @Override
    public List<String> extractFeatures(String[] text, Map<String, Object> extraInformation) {
        return ngrams.of(text).stream().map(gram -> "cng=" + gram).toList();
    }
}
