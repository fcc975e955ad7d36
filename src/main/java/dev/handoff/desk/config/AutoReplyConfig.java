package dev.handoff.desk.config;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/**
 * Queue auto-replies: while a chat waits unassigned, the user gets {@code to_user} with the text of
 * their language (fallback English) every {@code every}; {@link Duration#ZERO} turns them off.
 */
public record AutoReplyConfig(Duration every, Map<String, String> texts) {
    public static final String DEFAULT_TEXT =
            "All our agents are busy at the moment. Please stay with us, you are in the queue.";

    public AutoReplyConfig {
        every = every == null ? Duration.ZERO : every;
        texts = texts == null || texts.isEmpty() ? Map.of("en", DEFAULT_TEXT) : Map.copyOf(texts);
    }

    public boolean enabled() {
        return !every.isZero() && !every.isNegative();
    }

    /** The text for a language code like {@code zu} or {@code zu-ZA}; English, then any text, when unknown. */
    public String textFor(String language) {
        if (language != null) {
            String lang = language.toLowerCase(Locale.ROOT).replace('_', '-');
            if (texts.containsKey(lang)) return texts.get(lang);
            int dash = lang.indexOf('-');
            if (dash > 0 && texts.containsKey(lang.substring(0, dash))) return texts.get(lang.substring(0, dash));
        }
        if (texts.containsKey("en")) return texts.get("en");
        return texts.values().iterator().next();
    }
}
