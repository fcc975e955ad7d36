package dev.handoff.dialogue;

import dev.handoff.routing.Route;

/**
 * Something that has taken a conversation over from the NLP pipeline (the live agent): while a
 * conversation has one, every user turn goes to it and the bot says nothing.
 */
public interface Takeover {

    /** Where turns go while this takeover holds the conversation. */
    Route route();

    /** A user turn; called with the conversation's lock held. Must not block. */
    void receive(Conversation conversation, String text);

    /** The conversation is closing (the user went away): release whatever the takeover holds. */
    default void close(Conversation conversation) {}
}
