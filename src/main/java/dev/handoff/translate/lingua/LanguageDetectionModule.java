package dev.handoff.translate.lingua;

import com.google.inject.AbstractModule;
import com.google.inject.multibindings.OptionalBinder;
import dev.handoff.translate.LanguageDetectors;

/**
 * Language detection on lingua: binds {@link LanguageDetectors} (whose default, without this module, detects
 * nothing). Bots get a detector over their languages; the desk may ask for one over its own.
 */
public final class LanguageDetectionModule extends AbstractModule {
    @Override
    protected void configure() {
        OptionalBinder.newOptionalBinder(binder(), LanguageDetectors.class)
                .setBinding()
                .to(LinguaDetectors.class);
    }
}
