package dev.handoff.routing;

import dev.handoff.dialogue.Conversation;
import dev.handoff.dialogue.DialogueEngine;
import dev.handoff.dialogue.Takeover;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.Optional;

/**
 * Sends each user turn where the conversation's state says: to the {@link Takeover} that holds it
 * (a live agent), or else to the NLP pipeline and the bot's streams. Never both: while a takeover
 * holds the conversation the bot says nothing.
 */
@Singleton
public final class Router {
    private final DialogueEngine engine;

    @Inject
    public Router(DialogueEngine engine) {
        this.engine = engine;
    }

    /** Routes one turn and says where it went. */
    public Route receive(Conversation conversation, String text) {
        synchronized (conversation) {
            Optional<Takeover> takeover = conversation.takeover();
            if (takeover.isPresent()) {
                takeover.get().receive(conversation, text);
                return takeover.get().route();
            }
            engine.handle(conversation, text);
            return Route.NLP_PIPELINE;
        }
    }
}
