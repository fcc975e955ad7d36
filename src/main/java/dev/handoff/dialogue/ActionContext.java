package dev.handoff.dialogue;

import java.util.Map;

/** What an action gets: the conversation, its bot, and the step's arguments. */
public record ActionContext(Conversation conversation, Bot bot, Map<String, String> args) {
    public ActionContext {
        args = Map.copyOf(args);
    }
}
