package dev.handoff.desk.config;

import java.util.List;
import java.util.Objects;

/**
 * One agent of the desk: the name shown to colleagues, the token it signs in with, the departments
 * whose queues it serves (empty = all), how many chats it handles at once, its preferred language.
 */
public record AgentConfig(String name, String token, List<String> departments, int maxChats, String language) {
    public AgentConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(token, "token");
        departments = departments == null ? List.of() : List.copyOf(departments);
        language = language == null ? "en" : language;
    }

    public boolean serves(String department) {
        return departments.isEmpty() || departments.contains(department);
    }
}
