package dev.handoff.dialogue;

import com.google.inject.Binder;
import com.google.inject.binder.LinkedBindingBuilder;
import com.google.inject.multibindings.MapBinder;

/** Binds actions by name: {@code DialogueActions.bind(binder(), "human_handoff").to(HandoffExecutor.class)}. */
public final class DialogueActions {
    private DialogueActions() {}

    public static MapBinder<String, DialogueAction> binder(Binder binder) {
        return MapBinder.newMapBinder(binder, String.class, DialogueAction.class);
    }

    public static LinkedBindingBuilder<DialogueAction> bind(Binder binder, String name) {
        return binder(binder).addBinding(name);
    }
}
