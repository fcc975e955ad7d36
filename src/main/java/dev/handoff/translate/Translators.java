package dev.handoff.translate;

import java.util.concurrent.CompletableFuture;

/** Translators that need no engine. */
public final class Translators {
    private Translators() {}

    /** No machine engine: translates no pair; every request fails {@code unsupported_pair} at once. */
    public static Translator none() {
        return new Translator() {
            @Override
            public String name() {
                return "none";
            }

            @Override
            public CompletableFuture<LanguagePairs> languages() {
                return CompletableFuture.completedFuture(LanguagePairs.none());
            }

            @Override
            public CompletableFuture<Translation> translate(TranslationRequest request) {
                return CompletableFuture.failedFuture(new TranslationException(
                        "none",
                        TranslationException.Reason.UNSUPPORTED_PAIR,
                        "no translation engine is configured (translation.engine in desk.yaml)"));
            }
        };
    }
}
