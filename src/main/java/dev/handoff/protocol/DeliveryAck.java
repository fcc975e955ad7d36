package dev.handoff.protocol;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * A Socket.IO acknowledgement of the delivery addition.
 *
 * <ul>
 *   <li>the server's answer to {@code username}: {@code {"ok": true, "chatId", "resume"}} or {@code
 *       {"ok": false, "error"}}; {@code resume} is the chat's resume token, to present in every later
 *       {@code username} of the conversation (absent when the server gives none);
 *   <li>the server's answer to {@code from_user}: {@code {"ok": true, "id"}} or {@code {"ok": false,
 *       "id", "error"}};
 *   <li>the client's answer to {@code to_user}: {@code {"ok": true, "id"}}.
 * </ul>
 *
 * <p>{@code id} is the acknowledged message's id as it was sent: a string for {@code from_user}, a
 * number for {@code to_user}.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DeliveryAck(
        @JsonProperty("ok") boolean ok,
        @JsonProperty("id") JsonNode id,
        @JsonProperty("chatId") String chatId,
        @JsonProperty("error") Error error,
        @JsonProperty("resume") String resume) {

    /** An acknowledgement without a resume token. */
    public DeliveryAck(boolean ok, JsonNode id, String chatId, Error error) {
        this(ok, id, chatId, error, null);
    }

    @Override
    public String toString() {
        return "DeliveryAck[ok=" + ok + ", id=" + id + ", chatId=" + chatId + ", error=" + error + ", resume="
                + (resume == null ? "none" : "***") + "]";
    }

    /** Why the server will never take it: a stable {@code code} (for example {@code too_long}) and a message. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Error(@JsonProperty("code") String code, @JsonProperty("message") String message) {
        @Override
        public String toString() {
            return "[" + code + "] " + message;
        }
    }
}
