package dev.handoff.desk.api;

import java.util.List;

/** An agent as the desk sees it: {@code status} is {@code online}, {@code away} or {@code offline}. */
public record AgentView(String name, List<String> departments, int maxChats, String language, String status, int activeChats) {
    public AgentView {
        departments = List.copyOf(departments);
    }
}
