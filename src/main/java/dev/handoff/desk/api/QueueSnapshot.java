package dev.handoff.desk.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** {@code waiting}: unassigned chats of the agent's departments, oldest first; {@code mine}: the agent's chats. */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record QueueSnapshot(List<ChatSummary> waiting, List<ChatSummary> mine) {
    public QueueSnapshot {
        waiting = List.copyOf(waiting);
        mine = List.copyOf(mine);
    }
}
