package dev.handoff.protocol;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The {@code to_user} event: a message from the agent (or the desk's queue) for the user.
 *
 * <p>{@code id} is the delivery addition's: an integer that grows strictly within the chat;
 * {@code null} (left out) on a connection that is not in delivery mode.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ToUserPayload(@JsonProperty("message") String message, @JsonProperty("id") Long id) {

    /** PROTOCOL.md's {@code to_user}, without an id. */
    public ToUserPayload(String message) {
        this(message, null);
    }
}
