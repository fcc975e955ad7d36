package dev.handoff.desk.store;

import java.time.Instant;
import java.util.Objects;

/**
 * What a chat's metrics and reports are computed from, kept with the chat ({@code desk_chats}, migration V5) so
 * that they survive restarts. Times are {@code null} until they happen; each is set once and never moved.
 *
 * @param assignedAt    the first time an agent had the chat (took it, was assigned it, got it by transfer)
 * @param firstAgent    that first agent's name
 * @param firstReplyAt  the first message an agent wrote in the chat
 * @param resolvedAt    an agent resolved the chat
 * @param transfers     how many times it was transferred (to an agent or to a department)
 * @param userMessages  the user's messages during the live chat (not the bot history)
 * @param agentMessages the agents' messages
 */
public record ChatFacts(
        Instant assignedAt,
        String firstAgent,
        Instant firstReplyAt,
        Instant resolvedAt,
        int transfers,
        int userMessages,
        int agentMessages) {
    /** A chat nothing happened to yet. */
    public static final ChatFacts NONE = new ChatFacts(null, null, null, null, 0, 0, 0);

    public ChatFacts {
        if (transfers < 0 || userMessages < 0 || agentMessages < 0)
            throw new IllegalArgumentException("counts are never negative");
        if ((assignedAt == null) != (firstAgent == null))
            throw new IllegalArgumentException("assignedAt and firstAgent are set together");
    }

    /** An agent has the chat: the first one is remembered, later ones change nothing. */
    public ChatFacts assigned(String agent, Instant at) {
        if (assignedAt != null) return this;
        return new ChatFacts(
                Objects.requireNonNull(at, "at"),
                Objects.requireNonNull(agent, "agent"),
                firstReplyAt,
                resolvedAt,
                transfers,
                userMessages,
                agentMessages);
    }

    /** An agent wrote a message at {@code at}: counted, and the first reply when it is. */
    public ChatFacts agentWrote(Instant at) {
        return new ChatFacts(
                assignedAt,
                firstAgent,
                firstReplyAt == null ? Objects.requireNonNull(at, "at") : firstReplyAt,
                resolvedAt,
                transfers,
                userMessages,
                agentMessages + 1);
    }

    /** The user wrote a message in the live chat. */
    public ChatFacts userWrote() {
        return new ChatFacts(
                assignedAt, firstAgent, firstReplyAt, resolvedAt, transfers, userMessages + 1, agentMessages);
    }

    public ChatFacts transferred() {
        return new ChatFacts(
                assignedAt, firstAgent, firstReplyAt, resolvedAt, transfers + 1, userMessages, agentMessages);
    }

    /** An agent resolved the chat at {@code at} (once). */
    public ChatFacts resolved(Instant at) {
        if (resolvedAt != null) return this;
        return new ChatFacts(
                assignedAt,
                firstAgent,
                firstReplyAt,
                Objects.requireNonNull(at, "at"),
                transfers,
                userMessages,
                agentMessages);
    }

    /**
     * These facts, completed with the messages read back from the store: the counts are at least the stored
     * messages' (a desk stopped before it wrote the chat again stored its messages), the first reply that of the
     * first stored agent message when none is known.
     */
    public ChatFacts withMessages(int users, int agents, Instant firstAgentMessageAt) {
        return new ChatFacts(
                assignedAt,
                firstAgent,
                firstReplyAt == null ? firstAgentMessageAt : firstReplyAt,
                resolvedAt,
                transfers,
                Math.max(userMessages, users),
                Math.max(agentMessages, agents));
    }
}
