package dev.handoff.dialogue;

import com.google.inject.AbstractModule;
import com.google.inject.multibindings.Multibinder;
import com.google.inject.multibindings.OptionalBinder;
import dev.handoff.translate.LanguageDetectors;

/**
 * The dialogue manager: engine, router, conversations. Actions come from plugins' modules; language detection
 * (for bots that speak several languages) from {@code translate.lingua.LanguageDetectionModule}, else none.
 */
public final class DialogueModule extends AbstractModule {
    @Override
    protected void configure() {
        DialogueActions.binder(binder()); // declares the map, so a bot with no plugin still works
        Multibinder.newSetBinder(binder(), StreamObserver.class); // none unless a feature adds one
        OptionalBinder.newOptionalBinder(binder(), LanguageDetectors.class)
                .setDefault()
                .toInstance(LanguageDetectors.none());
    }
}
