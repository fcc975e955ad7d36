package dev.handoff.protocol;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The notices addition's {@code queue_position} event: the chat waits in {@code department}'s queue at
 * {@code position} (1: next). Sent when the chat starts waiting and whenever its position changes.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record QueuePositionPayload(
        @JsonProperty("position") int position, @JsonProperty("department") String department) {}
