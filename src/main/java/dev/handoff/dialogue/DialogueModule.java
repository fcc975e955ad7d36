package dev.handoff.dialogue;

import com.google.inject.AbstractModule;

/** The dialogue manager: engine, router, conversations. Actions come from plugins' modules. */
public final class DialogueModule extends AbstractModule {
    @Override
    protected void configure() {
        DialogueActions.binder(binder()); // declares the map, so a bot with no plugin still works
    }
}
