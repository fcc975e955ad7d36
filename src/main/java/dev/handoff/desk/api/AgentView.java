package dev.handoff.desk.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** An agent as the desk sees it: {@code status} is {@code online}, {@code away} or {@code offline}. */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record AgentView(
        String name, List<String> departments, int maxChats, String language, String status, int activeChats) {
    public AgentView {
        departments = List.copyOf(departments);
    }
}
