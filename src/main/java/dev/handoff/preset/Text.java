package dev.handoff.preset;

import dev.handoff.yaml.Loc;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Something the bot says, in each of its languages. {@code name} is the response or preset message
 * it came from (null when written inline). A language without a text falls back to English, then to
 * the first text given.
 */
public record Text(Map<String, String> byLanguage, String name, Loc loc) {

    public static final String FALLBACK_LANGUAGE = "en";

    public Text {
        byLanguage = Collections.unmodifiableMap(new LinkedHashMap<>(byLanguage));
    }

    public static Text of(String english) {
        return new Text(Map.of(FALLBACK_LANGUAGE, english), null, Loc.of("<built-in>"));
    }

    /** The text in {@code language}, else English, else the first text given. */
    public String in(String language) {
        String text = byLanguage.get(language);
        if (text == null) {
            text = byLanguage.get(FALLBACK_LANGUAGE);
        }
        if (text == null && !byLanguage.isEmpty()) {
            text = byLanguage.values().iterator().next();
        }
        return text == null ? "" : text;
    }

    /** Whether the text matches {@code input} in any language, ignoring case and surrounding space. */
    public boolean matches(String input) {
        String wanted = input.strip();
        return byLanguage.values().stream().anyMatch(t -> t.strip().equalsIgnoreCase(wanted));
    }
}
