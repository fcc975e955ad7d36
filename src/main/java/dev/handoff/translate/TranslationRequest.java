package dev.handoff.translate;

import java.util.List;
import java.util.Objects;

/** Texts to translate from {@code source} into {@code target} (platform language codes, lower case). */
public record TranslationRequest(List<String> texts, String source, String target) {
    public TranslationRequest {
        texts = List.copyOf(texts);
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(target, "target");
        if (texts.isEmpty()) throw new IllegalArgumentException("nothing to translate");
    }

    public static TranslationRequest of(String text, String source, String target) {
        return new TranslationRequest(List.of(text), source, target);
    }
}
