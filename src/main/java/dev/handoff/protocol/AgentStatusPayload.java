package dev.handoff.protocol;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The delivery addition's {@code agent_status} event: {@code away} when the assigned agent's last
 * connection dropped, {@code back} when the agent (or another one the chat moved to) is there again.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record AgentStatusPayload(@JsonProperty("status") String status) {
    public static final String AWAY = "away";
    public static final String BACK = "back";
}
