package dev.handoff.conversation;

import dev.handoff.dialogue.DialogueState;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A conversation as stored: its dialogue state, its handoff (if it was ever handed off), and the user-bot lines
 * of its transcript (the most recent, up to the limit the reader asked for), oldest first.
 */
public record StoredConversation(
        String botId,
        String conversationId,
        DialogueState dialogue,
        Optional<StoredHandoff> handoff,
        List<StoredLine> userBotLines) {

    public StoredConversation {
        Objects.requireNonNull(botId, "botId");
        Objects.requireNonNull(conversationId, "conversationId");
        Objects.requireNonNull(dialogue, "dialogue");
        Objects.requireNonNull(handoff, "handoff");
        userBotLines = List.copyOf(userBotLines);
    }
}
