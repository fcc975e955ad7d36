package dev.handoff.protocol;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The {@code startConversation} event's payload. PROTOCOL.md's servers send none; a server that
 * speaks the delivery addition sends {@code {"delivery": 1}}, one that speaks the notices addition
 * (queue position, agent joined) {@code {"notices": 1}}, one that takes ratings after the chat {@code {"rating": 1}},
 * ours all three (PROTOCOL.md's clients ignore it).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record StartConversationPayload(
        @JsonProperty("delivery") Integer delivery,
        @JsonProperty("notices") Integer notices,
        @JsonProperty("rating") Integer rating) {
    /** The version of the delivery addition this project speaks. */
    public static final int DELIVERY = 1;
    /** The version of the notices addition this project speaks. */
    public static final int NOTICES = 1;

    /** The version of the rating addition this project speaks. */
    public static final int RATING = 1;

    /** Whether the server offers the rating addition ({@code rate_chat} after the chat; it needs delivery mode). */
    public boolean offersRating() {
        return rating != null && rating == RATING;
    }

    /** Whether the server offers the delivery addition. */
    public boolean offersDelivery() {
        return delivery != null && delivery == DELIVERY;
    }

    /** Whether the server offers the notices addition ({@code queue_position}, {@code agent_joined}). */
    public boolean offersNotices() {
        return notices != null && notices == NOTICES;
    }
}
