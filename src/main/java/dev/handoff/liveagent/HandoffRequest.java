package dev.handoff.liveagent;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What a live-agent connection needs to know about the conversation it carries. The port's own
 * types: an adapter maps them to its wire format.
 *
 * @param liveAgentUrls the live-agent server's base URLs, tried in order (round robin after a failure); the Socket.IO
 *     adapter appends {@code /live_agent}
 * @param department the department the user chose, or {@code null}
 * @param language the user's language code, or {@code null}
 * @param transcript the user-bot conversation before the handoff, oldest first
 * @param connectTimeout how long the first connection may take
 * @param reconnectTimeout how long a dropped connection may take to come back before the handoff fails
 * @param key the bot's key for the live-agent server, or {@code null}: the Socket.IO adapter sends it in
 *     the handshake ({@code auth: {"key"}}); never logged ({@link #toString()} hides it)
 * @param resume where an earlier process left this conversation's connection (its chat, resume token and
 *     unacknowledged messages), to take it up again; {@code null} for a new handoff
 */
public record HandoffRequest(
        LiveAgentUrls liveAgentUrls,
        String conversationId,
        String botId,
        String department,
        String language,
        Contact contact,
        List<Line> transcript,
        Duration connectTimeout,
        Duration reconnectTimeout,
        String key,
        DeliveryState resume) {

    /** A new handoff (nothing to resume). */
    public HandoffRequest(
            LiveAgentUrls liveAgentUrls,
            String conversationId,
            String botId,
            String department,
            String language,
            Contact contact,
            List<Line> transcript,
            Duration connectTimeout,
            Duration reconnectTimeout,
            String key) {
        this(
                liveAgentUrls,
                conversationId,
                botId,
                department,
                language,
                contact,
                transcript,
                connectTimeout,
                reconnectTimeout,
                key,
                null);
    }

    /** A request without a key (a live-agent server that takes keyless bots). */
    public HandoffRequest(
            LiveAgentUrls liveAgentUrls,
            String conversationId,
            String botId,
            String department,
            String language,
            Contact contact,
            List<Line> transcript,
            Duration connectTimeout,
            Duration reconnectTimeout) {
        this(
                liveAgentUrls,
                conversationId,
                botId,
                department,
                language,
                contact,
                transcript,
                connectTimeout,
                reconnectTimeout,
                null);
    }

    /** Contact details collected from the user; any of them may be {@code null}. */
    public record Contact(String name, String email, String phone) {
        public static final Contact NONE = new Contact(null, null, null);

        public boolean isEmpty() {
            return name == null && email == null && phone == null;
        }
    }

    /** One message of the user-bot conversation. */
    public record Line(boolean fromUser, String text) {
        public Line {
            Objects.requireNonNull(text, "text");
        }

        public static Line user(String text) {
            return new Line(true, text);
        }

        public static Line bot(String text) {
            return new Line(false, text);
        }
    }

    public HandoffRequest {
        Objects.requireNonNull(liveAgentUrls, "liveAgentUrls");
        Objects.requireNonNull(conversationId, "conversationId");
        Objects.requireNonNull(botId, "botId");
        contact = contact == null ? Contact.NONE : contact;
        transcript = transcript == null ? List.of() : List.copyOf(transcript);
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(reconnectTimeout, "reconnectTimeout");
        key = key == null || key.isEmpty() ? null : key;
    }

    /** The same request with the bot's key ({@code null}: none). */
    public HandoffRequest withKey(String newKey) {
        return new HandoffRequest(
                liveAgentUrls,
                conversationId,
                botId,
                department,
                language,
                contact,
                transcript,
                connectTimeout,
                reconnectTimeout,
                newKey,
                resume);
    }

    /** The same request, taking up the connection where {@code state} says an earlier process left it. */
    public HandoffRequest resuming(DeliveryState state) {
        return new HandoffRequest(
                liveAgentUrls,
                conversationId,
                botId,
                department,
                language,
                contact,
                transcript,
                connectTimeout,
                reconnectTimeout,
                key,
                state);
    }

    @Override
    public String toString() {
        return "HandoffRequest[liveAgentUrls=" + liveAgentUrls + ", conversationId=" + conversationId + ", botId="
                + botId + ", department=" + department + ", language=" + language + ", transcript="
                + transcript.size() + " line(s), connectTimeout=" + connectTimeout + ", reconnectTimeout="
                + reconnectTimeout + ", key=" + (key == null ? "none" : "***") + ", resume=" + resume + "]";
    }
}
