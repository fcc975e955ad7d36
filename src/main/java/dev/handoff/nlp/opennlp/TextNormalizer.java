package dev.handoff.nlp.opennlp;

import java.text.Normalizer;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Puts user text and training examples into one form: Unicode NFKC, lower case, punctuation and
 * symbols replaced by spaces, whitespace collapsed. Letters of any script are kept (isiZulu,
 * Afrikaans "ê", "ë", ...), as are digits and combining marks.
 */
public final class TextNormalizer {

    private static final Pattern NOT_WORD = Pattern.compile("[^\\p{L}\\p{M}\\p{N}]+");
    private static final String[] NO_TOKENS = new String[0];

    private TextNormalizer() {}

    public static String normalize(String text) {
        if (text == null) {
            return "";
        }
        String nfkc = Normalizer.normalize(text, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
        return NOT_WORD.matcher(nfkc).replaceAll(" ").trim();
    }

    /** The words of already normalised text. */
    public static String[] tokens(String normalized) {
        return normalized.isEmpty() ? NO_TOKENS : normalized.split(" ");
    }
}
