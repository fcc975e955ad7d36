package dev.handoff.desk.config;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A canned answer agents pick in the console ({@code quickReplies} in {@code desk.yaml}): an id, and its
 * text per language code. The console sends the text in the user's language, else English, else the
 * first one written.
 */
public record QuickReply(String id, Map<String, String> texts) {
    public QuickReply {
        Objects.requireNonNull(id, "id");
        if (texts == null || texts.isEmpty()) throw new IllegalArgumentException("quick reply " + id + ": no text");
        texts = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(texts));
    }
}
