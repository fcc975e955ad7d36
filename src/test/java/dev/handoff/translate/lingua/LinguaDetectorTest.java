package dev.handoff.translate.lingua;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.handoff.translate.DetectedLanguage;
import dev.handoff.translate.TranslationSettings;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Lingua over the platform's languages, measured on the project's own labelled sentences
 * ({@code language-detection/sentences.tsv}). Accuracy per language is printed to the test's output.
 */
class LinguaDetectorTest {
    /** Measured on the shipped set: see the README's "Language detection". */
    private static final double MINIMUM_ACCURACY = 0.85;

    private static final List<String> KNOWN = List.of("en", "af", "zu", "xh", "st", "tn", "ts");

    private static LinguaDetector detector;
    private static List<Labelled> sentences;

    record Labelled(String language, String text) {}

    @BeforeAll
    static void loadTheDetectorAndTheSet() throws IOException {
        long start = System.nanoTime();
        detector = new LinguaDetector(TranslationSettings.DEFAULT_LANGUAGES);
        System.out.printf(
                "lingua models for %s loaded in %d ms%n",
                detector.languages(), (System.nanoTime() - start) / 1_000_000);
        sentences = new ArrayList<>();
        try (InputStream in = LinguaDetectorTest.class.getResourceAsStream("/language-detection/sentences.tsv")) {
            assertThat(in).as("the labelled set").isNotNull();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] parts = line.split("\t", 2);
                sentences.add(new Labelled(parts[0], parts[1].strip()));
            }
        }
    }

    private static List<Labelled> labelled(String language) {
        return sentences.stream().filter(s -> s.language().equals(language)).toList();
    }

    @Test
    void theSevenLanguagesLinguaKnowsAreDetectedOnTheShippedSentencesAtLeastEightyFivePercentOfTheTime() {
        int right = 0;
        int wrong = 0;
        int all = 0;
        Map<String, String> report = new LinkedHashMap<>();
        for (String language : KNOWN) {
            List<Labelled> set = labelled(language);
            assertThat(set).as(language).hasSizeGreaterThanOrEqualTo(10);
            int ok = 0;
            for (Labelled s : set) {
                Optional<DetectedLanguage> got = detector.detect(s.text());
                if (got.map(DetectedLanguage::language).filter(language::equals).isPresent()) {
                    ok++;
                } else {
                    wrong += got.isPresent() ? 1 : 0;
                    System.out.printf("  %s: '%s' -> %s%n", language, s.text(), got);
                }
            }
            report.put(language, ok + "/" + set.size());
            right += ok;
            all += set.size();
        }
        double accuracy = (double) right / all;
        System.out.printf(
                "accuracy per language: %s; overall %d/%d = %.1f %% (%d answered wrong, the rest empty)%n",
                report, right, all, 100 * accuracy, wrong);
        assertThat(accuracy).isGreaterThanOrEqualTo(MINIMUM_ACCURACY);
        // A wrong answer switches a conversation to the wrong language; not sure is answered empty instead.
        assertThat(wrong).as("sentences answered with the wrong language").isLessThanOrEqualTo(2);
    }

    @Test
    void sepediWhichLinguaDoesNotKnowAnswersEmptyOrOneOfItsNearestSothoTswanaLanguages() {
        Map<String, Integer> answers = new LinkedHashMap<>();
        for (Labelled s : labelled("nso")) {
            String got =
                    detector.detect(s.text()).map(DetectedLanguage::language).orElse("empty");
            answers.merge(got, 1, Integer::sum);
            assertThat(got).as(s.text()).isIn("empty", "st", "tn");
        }
        System.out.printf("nso sentences answered: %s%n", answers);
    }

    @Test
    void singleWordsNamesNumbersAndAddressesAnswerEmpty() {
        List<Labelled> none = labelled("none");
        assertThat(none).hasSizeGreaterThanOrEqualTo(10);
        for (Labelled s : none) {
            assertThat(detector.detect(s.text())).as(s.text()).isEmpty();
        }
        assertThat(detector.detect("")).isEmpty();
        assertThat(detector.detect("   ")).isEmpty();
    }

    @Test
    void aDetectorIsLimitedToItsLanguagesAndAnswersWithTheirPlatformCodes() {
        var enZu = new LinguaDetector(List.of("en", "zu", "nso"));
        assertThat(enZu.languages()).containsExactly("en", "zu");
        // isiXhosa is not among them: the nearest of the two answers, never xh.
        assertThat(enZu.detect("Ndicela ukuthetha nomntu malunga ne-odolo yam."))
                .map(DetectedLanguage::language)
                .contains("zu");
        assertThat(enZu.detect("My order has not arrived yet.")).hasValueSatisfying(d -> {
            assertThat(d.language()).isEqualTo("en");
            assertThat(d.confidence()).isBetween(0.0, 1.0);
        });
    }

    @Test
    void fewerThanTwoLanguagesLinguaKnowsIsRefusedNamingTheOnesItKnows() {
        assertThatThrownBy(() -> new LinguaDetector(List.of("en", "nso", "ss")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("af, en, st, tn, ts, xh, zu")
                .hasMessageContaining("[en, nso, ss]");
    }
}
