package dev.handoff.desk.config;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A canned answer agents pick in the console ({@code quickReplies} in {@code desk.yaml}): an id, and its
 * text per language code. The console sends it in the user's language ({@link #textFor}).
 */
public record QuickReply(String id, Map<String, String> texts) {
    public QuickReply {
        Objects.requireNonNull(id, "id");
        if (texts == null || texts.isEmpty()) throw new IllegalArgumentException("quick reply " + id + ": no text");
        texts = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(texts));
    }

    /** The text in {@code language}, else in English, else the first one written. */
    public String textFor(String language) {
        String text = language == null ? null : texts.get(language);
        if (text == null) text = texts.get("en");
        return text != null ? text : texts.values().iterator().next();
    }
}
