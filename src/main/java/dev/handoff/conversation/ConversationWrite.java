package dev.handoff.conversation;

import dev.handoff.dialogue.DialogueState;
import java.util.List;
import java.util.Objects;

/**
 * What one turn or one live-agent event changed in a conversation, written in one transaction: the new
 * dialogue state and handoff (each {@code null} when unchanged) and the transcript lines it added, in order.
 */
public record ConversationWrite(
        String botId, String conversationId, DialogueState dialogue, StoredHandoff handoff, List<StoredLine> lines) {

    public ConversationWrite {
        Objects.requireNonNull(botId, "botId");
        Objects.requireNonNull(conversationId, "conversationId");
        lines = List.copyOf(lines);
    }

    public boolean isEmpty() {
        return dialogue == null && handoff == null && lines.isEmpty();
    }
}
