package dev.handoff.nlp.opennlp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class CharNgramFeatureGeneratorTest {

    @Test
    void marksWordBoundariesInEachWord() {
        var features = new CharNgramFeatureGenerator(2, 3).extractFeatures(new String[] {"hi", "yo"}, Map.of());

        assertThat(features)
                .containsExactly(
                        "cng=^h", "cng=hi", "cng=i$", "cng=^hi", "cng=hi$", "cng=^y", "cng=yo", "cng=o$", "cng=^yo",
                        "cng=yo$");
    }

    @Test
    void aTypoKeepsMostNgramsOfTheWord() {
        var ngrams = new CharNgrams(2, 4);

        double typo = CharNgrams.cosine(ngrams.vector(new String[] {"helo"}), ngrams.vector(new String[] {"hello"}));
        double other = CharNgrams.cosine(ngrams.vector(new String[] {"pizza"}), ngrams.vector(new String[] {"hello"}));

        assertThat(typo).isGreaterThan(0.6);
        assertThat(other).isZero();
    }

    @Test
    void wordOrderDoesNotChangeTheVector() {
        var ngrams = new CharNgrams(2, 4);

        assertThat(ngrams.vector(new String[] {"opening", "hours"}))
                .isEqualTo(ngrams.vector(new String[] {"hours", "opening"}));
    }
}
