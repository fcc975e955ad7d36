package dev.handoff.desk.core;

import java.util.Collection;
import java.util.Optional;

/**
 * Which agent gets a waiting chat when the desk assigns automatically: the least loaded online agent
 * who serves the chat's department and is below its {@code maxChats}; between equally loaded agents,
 * the one assigned least recently. Away and offline agents get nothing (they may still take a chat).
 * Reads agent state under the desk's lock; changes nothing.
 */
final class AssignmentPolicy {
    /** The agent for a chat waiting in {@code department}, or empty when nobody can have it now. */
    Optional<AgentState> choose(String department, Collection<AgentState> agents) {
        AgentState best = null;
        for (AgentState a : agents) {
            if (!a.online() || !a.hasRoom() || !a.config.serves(department)) continue;
            if (best == null
                    || a.load < best.load
                    || (a.load == best.load && a.lastAssignedAt.isBefore(best.lastAssignedAt))) {
                best = a;
            }
        }
        return Optional.ofNullable(best);
    }

    /** Whether any agent could get a chat now (saves looking at every waiting chat when none can). */
    boolean anyAvailable(Collection<AgentState> agents) {
        return agents.stream().anyMatch(a -> a.online() && a.hasRoom());
    }
}
