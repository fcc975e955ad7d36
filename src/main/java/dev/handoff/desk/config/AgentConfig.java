package dev.handoff.desk.config;

import java.util.List;
import java.util.Objects;

/**
 * One agent of the desk: the name shown to colleagues, the token it signs in with, the departments
 * whose queues it serves (empty = all), how many chats it handles at once, its preferred language, and
 * its role: a {@link Role#SUPERVISOR} sees every department's archive, an {@link Role#AGENT} only its own.
 */
public record AgentConfig(
        String name, String token, List<String> departments, int maxChats, String language, Role role) {

    /** What an agent may see beyond its own chats. */
    public enum Role {
        AGENT("agent"),
        SUPERVISOR("supervisor");

        private final String id;

        Role(String id) {
            this.id = id;
        }

        /** As written in {@code desk.yaml}. */
        public String id() {
            return id;
        }
    }

    public AgentConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(token, "token");
        departments = departments == null ? List.of() : List.copyOf(departments);
        language = language == null ? "en" : language;
        role = role == null ? Role.AGENT : role;
    }

    public AgentConfig(String name, String token, List<String> departments, int maxChats, String language) {
        this(name, token, departments, maxChats, language, Role.AGENT);
    }

    public boolean serves(String department) {
        return departments.isEmpty() || departments.contains(department);
    }

    public boolean supervisor() {
        return role == Role.SUPERVISOR;
    }

    /** Never shows the token. */
    @Override
    public String toString() {
        return "AgentConfig[name=" + name + ", token=***, departments=" + departments + ", maxChats=" + maxChats
                + ", language=" + language + ", role=" + role.id() + "]";
    }
}
