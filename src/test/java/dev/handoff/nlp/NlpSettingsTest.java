package dev.handoff.nlp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;

class NlpSettingsTest {

    @Test
    void defaultsAreTheDocumentedValues() {
        assertThat(NlpSettings.defaults()).isEqualTo(new NlpSettings(0.5, 0.4, 2, 4, 100));
    }

    @Test
    void witherChangesOneSettingOnly() {
        assertThat(NlpSettings.defaults().withMinSimilarity(0.25)).isEqualTo(new NlpSettings(0.5, 0.25, 2, 4, 100));
    }

    @Test
    void rejectsThresholdsOutsideZeroToOne() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> NlpSettings.defaults().withConfidenceThreshold(1.5))
                .withMessage("confidenceThreshold must be between 0 and 1, got 1.5");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> NlpSettings.defaults().withMinSimilarity(Double.NaN))
                .withMessageContaining("minSimilarity");
    }

    @Test
    void rejectsImpossibleNgramLengthsAndIterations() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> NlpSettings.defaults().withCharNgrams(4, 2))
                .withMessageContaining("4..2");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> NlpSettings.defaults().withIterations(0))
                .withMessageContaining("iterations");
    }
}
