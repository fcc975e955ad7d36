package dev.handoff.translate.apertium;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.MissingResourceException;

/**
 * The platform's language codes (ISO 639-1 where there is one, else ISO 639-3) and Apertium's (ISO 639-3), from the
 * JDK's ISO tables: {@code en}↔{@code eng}, {@code af}↔{@code afr}, {@code zu}↔{@code zul}. A code with no
 * counterpart ({@code nso}, a variant such as {@code eng_US}) is kept as it is, both ways.
 */
final class LanguageCodes {
    private static final Map<String, String> TO_APERTIUM = new HashMap<>();
    private static final Map<String, String> TO_PLATFORM = new HashMap<>();

    static {
        for (String twoLetter : Locale.getISOLanguages()) {
            try {
                String threeLetter = new Locale(twoLetter).getISO3Language();
                if (threeLetter.length() == 3) {
                    TO_APERTIUM.put(twoLetter, threeLetter);
                    TO_PLATFORM.putIfAbsent(threeLetter, twoLetter);
                }
            } catch (MissingResourceException e) {
                // the JDK knows no three-letter code for it: kept as it is
            }
        }
    }

    private LanguageCodes() {}

    static String toApertium(String platform) {
        return TO_APERTIUM.getOrDefault(platform, platform);
    }

    static String toPlatform(String apertium) {
        return TO_PLATFORM.getOrDefault(apertium, apertium);
    }
}
