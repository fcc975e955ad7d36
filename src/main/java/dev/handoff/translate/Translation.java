package dev.handoff.translate;

import java.util.List;
import java.util.Objects;

/**
 * The answer to a {@link TranslationRequest}: one text per text asked, in order, and the engine that
 * translated them ({@code memory} when the translation memory had every one).
 */
public record Translation(List<String> texts, String engine) {
    public Translation {
        texts = List.copyOf(texts);
        Objects.requireNonNull(engine, "engine");
    }

    public String text() {
        return texts.get(0);
    }
}
