package dev.handoff.routing;

import dev.handoff.conversation.StoredHandoff;
import dev.handoff.dialogue.Conversation;

/**
 * A feature that takes a stored conversation over again in a new process: the human handoff re-opens the
 * live-agent connection of a conversation that was with an agent when the process stopped. Bound with a
 * Guice multibinder ({@code Multibinder.newSetBinder(binder(), TakeoverResumer.class)}); {@link
 * Conversations} asks each in turn, when it restores a conversation whose stored handoff is live.
 *
 * <p><b>Threading.</b> Called with the conversation's lock held; must not block (start connecting and return).
 *
 * <p><b>Stability.</b> Stable SPI.
 */
public interface TakeoverResumer {

    /**
     * Takes {@code conversation} over again (with {@link Router#takeOver}) as {@code handoff} says; {@code false}
     * if this resumer does not know the conversation's bot or handoff (then the conversation is with the bot).
     */
    boolean resume(Conversation conversation, StoredHandoff handoff);
}
