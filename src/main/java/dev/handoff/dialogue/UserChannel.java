package dev.handoff.dialogue;

/**
 * The output side of a channel: delivers replies to the user of a conversation. Called with the
 * conversation's lock held, in the order the replies are made; implementations must not block for long.
 */
@FunctionalInterface
public interface UserChannel {
    void deliver(String conversationId, Reply reply);
}
