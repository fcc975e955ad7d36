package dev.handoff.liveagent;

import dev.handoff.protocol.Contact;
import dev.handoff.protocol.TranscriptEntry;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What a live-agent connection needs to know about the conversation it carries.
 *
 * @param liveAgentUrl the live-agent server's base URL; the client appends {@code /live_agent}
 * @param transcript the user-bot conversation before the handoff, oldest first
 * @param connectTimeout how long the first connection (up to {@code username}) may take
 * @param reconnectTimeout how long a dropped connection may take to come back before the handoff fails
 */
public record HandoffRequest(
        URI liveAgentUrl,
        String conversationId,
        String botId,
        String department,
        String language,
        Contact contact,
        List<TranscriptEntry> transcript,
        Duration connectTimeout,
        Duration reconnectTimeout) {

    public HandoffRequest {
        Objects.requireNonNull(liveAgentUrl, "liveAgentUrl");
        Objects.requireNonNull(conversationId, "conversationId");
        Objects.requireNonNull(botId, "botId");
        contact = contact == null ? Contact.NONE : contact;
        transcript = transcript == null ? List.of() : List.copyOf(transcript);
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(reconnectTimeout, "reconnectTimeout");
    }
}
