package dev.handoff.desk.server;

import dev.handoff.desk.api.DeskInfo;
import dev.handoff.desk.config.DeskConfig;

/** The {@code desk_info} an agent gets after {@code signed_in}, made once from the desk's config. */
final class ConsoleDirectory {
    private ConsoleDirectory() {}

    static DeskInfo of(DeskConfig config) {
        return new DeskInfo(
                config.departments(),
                config.agents().stream()
                        .map(a -> new DeskInfo.Colleague(a.name(), a.departments()))
                        .toList(),
                config.quickReplies().stream()
                        .map(q -> new DeskInfo.QuickReply(q.id(), q.texts()))
                        .toList(),
                config.maxMessageSize());
    }
}
