package dev.handoff.translate.memory;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/** Language tags as files write them ({@code en-GB}, {@code EN}, {@code zu_ZA}) to the platform's codes ({@code en}). */
final class LanguageCodes {
    private static final Pattern CODE = Pattern.compile("[a-z]{2,3}");

    private LanguageCodes() {}

    /** The primary subtag, lower case, if it is a two- or three-letter ISO 639 code; else empty. */
    static Optional<String> normalise(String tag) {
        if (tag == null) return Optional.empty();
        String t = tag.strip().replace('_', '-');
        int dash = t.indexOf('-');
        String primary = (dash < 0 ? t : t.substring(0, dash)).toLowerCase(Locale.ROOT);
        return CODE.matcher(primary).matches() ? Optional.of(primary) : Optional.empty();
    }
}
