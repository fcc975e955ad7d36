package dev.handoff.humanhandoff;

import com.google.inject.AbstractModule;
import com.google.inject.multibindings.Multibinder;
import dev.handoff.dialogue.DialogueActions;
import dev.handoff.dialogue.StreamObserver;
import dev.handoff.routing.TakeoverResumer;

/**
 * Binds the {@code human_handoff} action, and the executor as the resumer of stored handoffs. The live-agent
 * client comes from {@code LiveAgentModule}.
 */
public final class HumanHandoffModule extends AbstractModule {
    @Override
    protected void configure() {
        DialogueActions.bind(binder(), HandoffExecutor.ACTION).to(HandoffExecutor.class);
        bind(HandoffOverrides.class).toInstance(HandoffOverrides.NONE);
        Multibinder.newSetBinder(binder(), TakeoverResumer.class).addBinding().to(HandoffExecutor.class);
        Multibinder.newSetBinder(binder(), StreamObserver.class).addBinding().to(HandoffMetrics.class);
    }
}
