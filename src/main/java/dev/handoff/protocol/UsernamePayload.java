package dev.handoff.protocol;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The {@code username} event: which conversation of which bot a connection carries.
 *
 * <p>{@code ConversationID} and {@code BotID} are the seed's keys. The other keys are this
 * project's documented additions (PROTOCOL.md allows a client to add keys): the department chosen
 * in the handoff options, the user's language code, and the contact details collected by the
 * preset. A server may ignore them; a client may leave them out (then they are {@code null}).
 * {@code delivery} is {@code 1} when the client accepts the server's offer of the delivery addition,
 * {@code notices} when it accepts the offer of the notices addition.
 * {@code key} is the bot's key, for a client that cannot send it in the handshake ({@code auth:
 * {"key"}}); {@code resume} is the chat's resume token from an earlier acknowledgement, presented on
 * every reconnect (README, "Securing the desk"). Neither is ever logged.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record UsernamePayload(
        @JsonProperty("ConversationID") String conversationId,
        @JsonProperty("BotID") String botId,
        @JsonProperty("department") String department,
        @JsonProperty("language") String language,
        @JsonProperty("contact") Contact contact,
        @JsonProperty("delivery") Integer delivery,
        @JsonProperty("key") String key,
        @JsonProperty("resume") String resume,
        @JsonProperty("notices") Integer notices) {

    /** The same {@code username} with the resume token ({@code null}: none). */
    public UsernamePayload withResume(String token) {
        return new UsernamePayload(conversationId, botId, department, language, contact, delivery, key, token, notices);
    }

    @Override
    public String toString() {
        return "UsernamePayload[ConversationID=" + conversationId + ", BotID=" + botId + ", department=" + department
                + ", language=" + language + ", delivery=" + delivery + ", notices=" + notices + ", key="
                + (key == null ? "none" : "***")
                + ", resume=" + (resume == null ? "none" : "***") + "]";
    }
}
