package dev.handoff.humanhandoff;

import dev.handoff.dialogue.ConversationScript;
import java.util.List;

/** Test access to a conversation's handoff. */
final class Handoffs {
    private Handoffs() {}

    static List<HandoffState> history(ConversationScript script) {
        return script.conversation().attribute(Handoff.class).orElseThrow().history();
    }
}
