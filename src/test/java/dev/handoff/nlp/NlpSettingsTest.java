package dev.handoff.nlp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.handoff.yaml.InvalidSettingException;
import dev.handoff.yaml.ProblemCode;
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
    void aRejectedSettingCarriesItsNameAndCode() {
        assertThatThrownBy(() -> NlpSettings.defaults().withIterations(0))
                .isInstanceOfSatisfying(InvalidSettingException.class, e -> {
                    assertThat(e.setting()).isEqualTo("iterations");
                    assertThat(e.code()).isEqualTo(ProblemCode.OUT_OF_RANGE);
                    assertThat(e.format()).isEqualTo("[out-of-range] iterations must be at least 1, got 0");
                });
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
