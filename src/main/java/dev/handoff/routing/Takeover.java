package dev.handoff.routing;

import dev.handoff.dialogue.Conversation;

/**
 * Something that takes a conversation over from the NLP pipeline, such as a live agent. While a
 * conversation has one, every user turn goes to it and the bot says nothing. Installed and removed
 * with {@link Router#takeOver} and {@link Router#release}.
 *
 * <p><b>Threading.</b> Every method is called with the conversation's lock held ({@code
 * synchronized (conversation)}), on the thread of the caller: {@link #receive} on the channel's thread
 * that sent the turn, {@link #close} on the thread closing the conversation. Implementations must not
 * block there; start slow work asynchronously and take the conversation's lock when it comes back.
 *
 * <p><b>Ordering.</b> For one conversation, calls never overlap and come in the order the user sent
 * the turns. After {@link Router#release} or {@link #close}, no further call is made.
 *
 * <p><b>Stability.</b> Stable SPI: methods may gain defaults, never lose them.
 */
public interface Takeover {

    /** Where turns go while this takeover holds the conversation. */
    Route route();

    /** A user turn. */
    void receive(Conversation conversation, String text);

    /** The conversation is closing (the user went away): release whatever the takeover holds. */
    default void close(Conversation conversation) {}

    /**
     * The process is stopping and the conversation is stored, to be taken up again by the next process ({@link
     * TakeoverResumer}): release what the takeover holds without ending anything (the live agent's chat goes on).
     * By default, {@link #close}.
     */
    default void suspend(Conversation conversation) {
        close(conversation);
    }
}
