package dev.handoff.translate.lingua;

import com.github.pemistahl.lingua.api.Language;
import com.github.pemistahl.lingua.api.LanguageDetectorBuilder;
import dev.handoff.translate.DetectedLanguage;
import dev.handoff.translate.LanguageDetector;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link LanguageDetector} on lingua, limited to the configured languages it knows: Afrikaans, English, isiZulu,
 * isiXhosa, Sesotho, Setswana and Xitsonga. Sepedi ({@code nso}) and the other platform languages are not in
 * lingua: a text in them answers empty or the nearest language the detector was given (Sepedi text reads as
 * Setswana or Sesotho).
 *
 * <p>It answers empty unless it is sure: a text of fewer than {@value #MINIMUM_WORDS} words (a single word, a
 * first name, digits, an email address) is not looked at, and lingua must put the best language ahead of the
 * second by at least {@value #MINIMUM_RELATIVE_DISTANCE} (its minimum relative distance).
 *
 * <p>The models of the chosen languages are loaded at construction (a second or two; logged) and shared by every
 * detector in the process. Thread-safe; pure computation after construction.
 */
public final class LinguaDetector implements LanguageDetector {
    private static final Logger log = LoggerFactory.getLogger(LinguaDetector.class);

    /** The platform's languages lingua knows, by platform code. */
    static final Map<String, Language> KNOWN = known();

    /** How far ahead of the second language the first must be (lingua's relative distance, 0 to 1). */
    static final double MINIMUM_RELATIVE_DISTANCE = 0.03;

    /** Fewer words than this is a word, a name ("Thandi Nkosi"), a greeting or a number: never detected. */
    static final int MINIMUM_WORDS = 3;

    /** A word: letters (apostrophes and hyphens inside), once surrounding punctuation is gone. */
    private static final Pattern WORD = Pattern.compile("\\p{L}[\\p{L}'’-]*\\p{L}");

    private static final Pattern SPACE = Pattern.compile("\\s+");

    private static final Pattern EDGE_PUNCTUATION = Pattern.compile("^\\p{P}+|\\p{P}+$");

    private final com.github.pemistahl.lingua.api.LanguageDetector lingua;
    private final Map<Language, String> codes = new LinkedHashMap<>();

    /**
     * A detector over the languages of {@code languages} that lingua knows (the others are ignored).
     *
     * @throws IllegalArgumentException if fewer than two of them are known: there would be nothing to choose
     */
    public LinguaDetector(Collection<String> languages) {
        for (String code : languages) {
            Language language = KNOWN.get(code);
            if (language != null) {
                codes.put(language, code);
            }
        }
        if (codes.size() < 2) {
            throw new IllegalArgumentException("language detection needs at least two languages it knows ("
                    + String.join(", ", new TreeSet<>(KNOWN.keySet())) + "), not " + languages);
        }
        long start = System.nanoTime();
        lingua = LanguageDetectorBuilder.fromLanguages(codes.keySet().toArray(Language[]::new))
                .withMinimumRelativeDistance(MINIMUM_RELATIVE_DISTANCE)
                .withPreloadedLanguageModels()
                .build();
        log.info(
                "Language detection over {}: models loaded in {} ms (none to load if another detector had them)",
                languages(),
                Duration.ofNanos(System.nanoTime() - start).toMillis());
    }

    /** Whether lingua knows the platform language {@code code}. */
    public static boolean knows(String code) {
        return KNOWN.containsKey(code);
    }

    /** The languages this detector chooses among, sorted. */
    public Set<String> languages() {
        return new TreeSet<>(codes.values());
    }

    @Override
    public Optional<DetectedLanguage> detect(String text) {
        if (text == null || words(text) < MINIMUM_WORDS) {
            return Optional.empty();
        }
        Language best = lingua.detectLanguageOf(text);
        String code = codes.get(best);
        if (code == null) {
            return Optional.empty(); // Language.UNKNOWN: too close to call
        }
        return Optional.of(new DetectedLanguage(code, lead(lingua.computeLanguageConfidenceValues(text), best)));
    }

    /**
     * The confidence: how far {@code best} is ahead of the second language. Lingua rates the best language 1 and
     * the others relative to it, so this is 1 minus the second's value (at least the minimum relative distance).
     */
    private static double lead(SortedMap<Language, Double> values, Language best) {
        double second = values.entrySet().stream()
                .filter(e -> e.getKey() != best)
                .mapToDouble(Map.Entry::getValue)
                .max()
                .orElse(0.0);
        return Math.max(0.0, Math.min(1.0, values.getOrDefault(best, 1.0) - second));
    }

    /** The whitespace-separated tokens that are words (not numbers, email addresses or links). */
    static int words(String text) {
        int words = 0;
        for (String token : SPACE.split(text.strip())) {
            String bare = EDGE_PUNCTUATION.matcher(token).replaceAll("");
            if (WORD.matcher(bare).matches()) {
                words++;
            }
        }
        return words;
    }

    private static Map<String, Language> known() {
        Map<String, Language> known = new LinkedHashMap<>();
        known.put("af", Language.AFRIKAANS);
        known.put("en", Language.ENGLISH);
        known.put("zu", Language.ZULU);
        known.put("xh", Language.XHOSA);
        known.put("st", Language.SOTHO);
        known.put("tn", Language.TSWANA);
        known.put("ts", Language.TSONGA);
        return Map.copyOf(known);
    }
}
