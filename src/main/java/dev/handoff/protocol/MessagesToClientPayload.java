package dev.handoff.protocol;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** The {@code messages_to_client} event: the user-bot transcript, oldest first, and {@code bot_id}. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record MessagesToClientPayload(
        @JsonProperty("messages") List<TranscriptEntry> messages, @JsonProperty("bot_id") String botId) {
    public MessagesToClientPayload {
        messages = messages == null ? List.of() : List.copyOf(messages);
    }
}
