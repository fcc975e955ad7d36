package dev.handoff.desk.config;

import java.util.List;
import java.util.Objects;

/**
 * One agent of the desk: the name shown to colleagues, the token it signs in with, the departments
 * whose queues it serves (empty = all), how many chats it handles at once, its preferred language, and
 * its role: a {@link Role#SUPERVISOR} sees every department's archive, an {@link Role#AGENT} only its own.
 * {@code password} is the bcrypt hash the console's sign-in checks; an agent has a token, a password, or
 * both ({@code null} for the one it has not). {@code displayName} is the name users are told when the
 * agent joins their chat ({@code null}: {@code name}).
 */
public record AgentConfig(
        String name,
        String token,
        List<String> departments,
        int maxChats,
        String language,
        Role role,
        PasswordHash password,
        String displayName) {

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
        if (token == null && password == null)
            throw new IllegalArgumentException("agent " + name + ": no token and no password");
        departments = departments == null ? List.of() : List.copyOf(departments);
        language = language == null ? "en" : language;
        role = role == null ? Role.AGENT : role;
        displayName = displayName == null || displayName.isBlank() ? null : displayName.strip();
    }

    public AgentConfig(
            String name,
            String token,
            List<String> departments,
            int maxChats,
            String language,
            Role role,
            PasswordHash password) {
        this(name, token, departments, maxChats, language, role, password, null);
    }

    public AgentConfig(String name, String token, List<String> departments, int maxChats, String language) {
        this(name, token, departments, maxChats, language, Role.AGENT);
    }

    public AgentConfig(String name, String token, List<String> departments, int maxChats, String language, Role role) {
        this(name, token, departments, maxChats, language, role, null);
    }

    /** The name users are told: {@code displayName}, else {@code name}. */
    public String shownName() {
        return displayName == null ? name : displayName;
    }

    public boolean serves(String department) {
        return departments.isEmpty() || departments.contains(department);
    }

    public boolean supervisor() {
        return role == Role.SUPERVISOR;
    }

    /** Never shows the token nor the password's hash. */
    @Override
    public String toString() {
        return "AgentConfig[name=" + name + ", token=" + (token == null ? "none" : "***") + ", password="
                + (password == null ? "none" : "***") + ", departments=" + departments + ", maxChats=" + maxChats
                + ", language=" + language + ", role=" + role.id() + ", displayName=" + displayName + "]";
    }
}
