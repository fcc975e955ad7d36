package dev.handoff.routing;

import dev.handoff.dialogue.Conversation;
import dev.handoff.dialogue.DialogueEngine;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The routing table: which conversations a {@link Takeover} (a live agent) holds. Sends each user
 * turn there, or else to the NLP pipeline and the bot's streams; never both, so while a takeover
 * holds a conversation the bot says nothing.
 *
 * <p>One takeover per conversation. Every change to a conversation's entry, and every turn, happens
 * with that conversation's lock held, so a turn and a takeover or release never interleave. The
 * table itself is concurrent, so conversations do not contend with each other.
 */
@Singleton
public final class Router {
    private final DialogueEngine engine;
    /** Conversation id → its takeover; written only under that conversation's lock. */
    private final Map<String, Takeover> takeovers = new ConcurrentHashMap<>();

    @Inject
    public Router(DialogueEngine engine) {
        this.engine = engine;
    }

    /** Routes one turn and says where it went. */
    public Route receive(Conversation conversation, String text) {
        synchronized (conversation) {
            Takeover takeover = takeovers.get(conversation.id());
            if (takeover != null) {
                takeover.receive(conversation, text);
                return takeover.route();
            }
            engine.handle(conversation, text);
            return Route.NLP_PIPELINE;
        }
    }

    /** Where the conversation's next turn goes. */
    public Route route(Conversation conversation) {
        synchronized (conversation) {
            Takeover takeover = takeovers.get(conversation.id());
            return takeover == null ? Route.NLP_PIPELINE : takeover.route();
        }
    }

    /**
     * Hands the conversation to {@code takeover}, replacing any other; the stream in progress is dropped
     * (a menu or form field the user had not answered yet).
     */
    public void takeOver(Conversation conversation, Takeover takeover) {
        Objects.requireNonNull(takeover, "takeover");
        synchronized (conversation) {
            takeovers.put(conversation.id(), takeover);
            engine.interrupt(conversation);
        }
    }

    /** Gives the conversation back to the bot, if {@code takeover} still holds it. */
    public void release(Conversation conversation, Takeover takeover) {
        synchronized (conversation) {
            if (takeovers.remove(conversation.id(), takeover)) {
                engine.resume(conversation);
            }
        }
    }

    /** The process is stopping with the conversation stored: its takeover, if any, is suspended and forgotten. */
    void suspend(Conversation conversation) {
        synchronized (conversation) {
            Takeover takeover = takeovers.remove(conversation.id());
            if (takeover != null) {
                takeover.suspend(conversation);
            }
        }
    }

    /** The conversation is closing: its takeover, if any, is told and forgotten. */
    void close(Conversation conversation) {
        synchronized (conversation) {
            Takeover takeover = takeovers.remove(conversation.id());
            if (takeover != null) {
                takeover.close(conversation);
            }
        }
    }
}
