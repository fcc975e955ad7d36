package dev.handoff.desk.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** A chat and all its messages: the bot history first (oldest first), then the live chat. */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record ChatView(ChatSummary chat, List<MessageView> messages) {
    public ChatView {
        messages = List.copyOf(messages);
    }
}
