package dev.handoff.changelanguage;

import com.google.inject.AbstractModule;
import dev.handoff.dialogue.DialogueActions;

/** Binds the {@code change_language} action. */
public final class ChangeLanguageModule extends AbstractModule {
    @Override
    protected void configure() {
        DialogueActions.bind(binder(), ChangeLanguageAction.ACTION).to(ChangeLanguageAction.class);
    }
}
