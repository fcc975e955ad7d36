package dev.handoff.protocol;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The notices addition's {@code agent_joined} event: an agent has the chat (took it, was assigned it, or
 * a transfer brought it), by the name shown to users ({@code agent}) and the language the agent writes
 * in ({@code language}, may be {@code null}).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AgentJoinedPayload(@JsonProperty("agent") String agent, @JsonProperty("language") String language) {}
