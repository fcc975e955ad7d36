package dev.handoff.desk.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Payloads an agent sends on {@code /agents}: the desk decodes each event's JSON object into one of
 * these. Keys marked required must be there and not {@code null}; every value must have the
 * component's JSON type (a string, a number); unknown keys are ignored.
 */
public final class Requests {
    private Requests() {}

    /** {@code status}: {@code online} or {@code away}. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Status(@JsonProperty(required = true) String status) {}

    /** {@code language}: the agent's preferred language code. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Language(@JsonProperty(required = true) String language) {}

    /** {@code take}, {@code chat}, {@code resolve}, {@code archived_chat}: which chat. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record ChatRef(@JsonProperty(required = true) String chatId) {}

    /** {@code send}: a message for the user of one of the agent's chats. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Send(@JsonProperty(required = true) String chatId, @JsonProperty(required = true) String text) {}

    /** {@code set_chat_language}: the user's language of one of the agent's chats. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record ChatLanguage(
            @JsonProperty(required = true) String chatId, @JsonProperty(required = true) String language) {}

    /**
     * {@code retranslate}: a message of one of the agent's chats, by its {@code seq}; {@code history} true for a
     * message of the bot history (numbered on its own), absent or false for the live chat.
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record MessageRef(
            @JsonProperty(required = true) String chatId,
            @JsonProperty(required = true) Integer seq,
            Boolean history) {}

    /** {@code transfer}: exactly one of {@code agent} (a name) and {@code department}. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Transfer(@JsonProperty(required = true) String chatId, String agent, String department) {}

    /** {@code subject}: the chat's subject line; empty or {@code null} clears it. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Subject(@JsonProperty(required = true) String chatId, String subject) {}

    /**
     * {@code archive}: a page of archived chats; {@code null} means offset 0, limit 50. {@code query}, when
     * not blank, keeps the chats whose conversation id, chat id, or contact name, email or phone contains
     * it (ignoring case).
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
    public record Page(Integer offset, Integer limit, String query) {
        public Page(Integer offset, Integer limit) {
            this(offset, limit, null);
        }
    }
}
