package dev.handoff.desk.core;

import dev.handoff.desk.config.AgentConfig;
import java.time.Instant;

/**
 * An agent's live state inside the {@link HelpDesk}. {@code config} is final; every other field is read
 * and written only under the desk's lock.
 */
final class AgentState {
    final AgentConfig config;
    /** Open {@code /agents} connections: online or away while above zero, offline at zero. */
    int connections;

    boolean away;
    String language;
    /** Chats assigned to the agent now. */
    int load;

    Instant lastAssignedAt = Instant.EPOCH;
    /** When the agent's last connection closed (or the desk started without it); null while connected. */
    Instant offlineSince;

    AgentState(AgentConfig config) {
        this.config = config;
        this.language = config.language();
    }

    String name() {
        return config.name();
    }

    boolean connected() {
        return connections > 0;
    }

    boolean online() {
        return connections > 0 && !away;
    }

    /** Below its {@code maxChats}. */
    boolean hasRoom() {
        return load < config.maxChats();
    }

    String status() {
        return connections == 0 ? "offline" : away ? "away" : "online";
    }
}
