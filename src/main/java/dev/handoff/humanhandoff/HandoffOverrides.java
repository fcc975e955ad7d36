package dev.handoff.humanhandoff;

import dev.handoff.liveagent.LiveAgentUrls;
import java.util.Optional;

/**
 * Settings that win over every bot's, set by whoever runs the bots (for example {@code chat --live-agent URL}, given
 * once per URL of the live-agent server).
 */
public record HandoffOverrides(Optional<LiveAgentUrls> liveAgentUrls) {
    public static final HandoffOverrides NONE = new HandoffOverrides(Optional.empty());
}
