package dev.handoff.desk.support;

import dev.handoff.desk.config.AgentConfig;
import dev.handoff.desk.config.AutoReplyConfig;
import dev.handoff.desk.config.DeskConfig;
import java.time.Duration;
import java.util.List;

/** Desk configs changed for a test: what a desk.yaml would say, without writing one. */
public final class DeskConfigs {
    private DeskConfigs() {}

    public static DeskConfig withAutoAssign(DeskConfig c, boolean on) {
        return new DeskConfig(
                c.host(),
                c.port(),
                c.dataDir(),
                c.db(),
                c.dbUser(),
                c.dbPassword(),
                c.dbMaxPendingWrites(),
                c.departments(),
                c.agents(),
                on,
                c.autoReply(),
                c.sla(),
                c.idleArchive(),
                c.disconnectGrace(),
                c.maxMessageSize(),
                c.tick(),
                c.heartbeat(),
                c.security(),
                c.quickReplies(),
                c.translation(),
                c.metrics(),
                c.reports());
    }

    public static DeskConfig withTimers(
            DeskConfig c, AutoReplyConfig reply, Duration newSla, Duration idle, Duration grace, Duration newTick) {
        return new DeskConfig(
                c.host(),
                c.port(),
                c.dataDir(),
                c.db(),
                c.dbUser(),
                c.dbPassword(),
                c.dbMaxPendingWrites(),
                c.departments(),
                c.agents(),
                c.autoAssign(),
                reply,
                newSla,
                idle,
                grace,
                c.maxMessageSize(),
                newTick,
                c.heartbeat(),
                c.security(),
                c.quickReplies(),
                c.translation(),
                c.metrics(),
                c.reports());
    }

    public static DeskConfig withHeartbeat(DeskConfig c, Duration interval, Duration timeout) {
        return new DeskConfig(
                c.host(),
                c.port(),
                c.dataDir(),
                c.db(),
                c.dbUser(),
                c.dbPassword(),
                c.dbMaxPendingWrites(),
                c.departments(),
                c.agents(),
                c.autoAssign(),
                c.autoReply(),
                c.sla(),
                c.idleArchive(),
                c.disconnectGrace(),
                c.maxMessageSize(),
                c.tick(),
                new dev.handoff.desk.config.HeartbeatConfig(interval, timeout),
                c.security(),
                c.quickReplies(),
                c.translation(),
                c.metrics(),
                c.reports());
    }

    public static DeskConfig withAgents(DeskConfig c, List<AgentConfig> newAgents) {
        return new DeskConfig(
                c.host(),
                c.port(),
                c.dataDir(),
                c.db(),
                c.dbUser(),
                c.dbPassword(),
                c.dbMaxPendingWrites(),
                c.departments(),
                newAgents,
                c.autoAssign(),
                c.autoReply(),
                c.sla(),
                c.idleArchive(),
                c.disconnectGrace(),
                c.maxMessageSize(),
                c.tick(),
                c.heartbeat(),
                c.security(),
                c.quickReplies(),
                c.translation(),
                c.metrics(),
                c.reports());
    }
}
