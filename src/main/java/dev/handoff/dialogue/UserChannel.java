package dev.handoff.dialogue;

/**
 * The output side of a channel (a terminal, a web chat): delivers replies to the user of a
 * conversation.
 *
 * <p><b>Threading.</b> Called with the conversation's lock held, on whichever thread made the reply:
 * the channel's own thread for the bot's answers to a turn, a live-agent listener thread for an
 * agent's messages and handoff notices. Implementations must not block for long: hand the reply to
 * the transport's queue and return.
 *
 * <p><b>Ordering.</b> For one conversation, calls never overlap and come in the order the replies
 * were made; deliver them in that order.
 *
 * <p><b>Stability.</b> Stable SPI.
 */
@FunctionalInterface
public interface UserChannel {
    void deliver(String conversationId, Reply reply);
}
