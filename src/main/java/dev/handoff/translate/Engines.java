package dev.handoff.translate;

import java.net.http.HttpClient;

/** The machine engine {@code translation.engine} names, built on one shared HTTP client. */
public final class Engines {
    private Engines() {}

    public static Translator machine(TranslationSettings settings, HttpClient http) {
        return switch (settings.engine()) {
            case NONE -> Translators.none();
            default -> throw new UnsupportedOperationException(
                    "translation engine " + settings.engine().wire() + " is not built yet");
        };
    }
}
