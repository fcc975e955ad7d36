package dev.handoff.protocol;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/** The {@code to_user} event: a message from the agent (or the desk's queue) for the user. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ToUserPayload(@JsonProperty("message") String message) {}
