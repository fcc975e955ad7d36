package dev.handoff.humanhandoff;

import com.google.inject.AbstractModule;
import dev.handoff.dialogue.DialogueActions;

/** Binds the {@code human_handoff} action. The live-agent client comes from {@code LiveAgentModule}. */
public final class HumanHandoffModule extends AbstractModule {
    @Override
    protected void configure() {
        DialogueActions.bind(binder(), HandoffExecutor.ACTION).to(HandoffExecutor.class);
        bind(HandoffOverrides.class).toInstance(HandoffOverrides.NONE);
    }
}
