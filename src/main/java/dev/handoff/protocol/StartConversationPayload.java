package dev.handoff.protocol;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The {@code startConversation} event's payload. PROTOCOL.md's servers send none; a server that
 * speaks the delivery addition sends {@code {"delivery": 1}} (PROTOCOL.md's clients ignore it).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record StartConversationPayload(@JsonProperty("delivery") Integer delivery) {
    /** The version of the delivery addition this project speaks. */
    public static final int DELIVERY = 1;

    /** Whether the server offers the delivery addition. */
    public boolean offersDelivery() {
        return delivery != null && delivery == DELIVERY;
    }
}
