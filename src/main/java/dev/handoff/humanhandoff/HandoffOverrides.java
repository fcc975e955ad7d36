package dev.handoff.humanhandoff;

import java.net.URI;
import java.util.Optional;

/** Settings that win over every bot's, set by whoever runs the bots (for example {@code chat --live-agent URL}). */
public record HandoffOverrides(Optional<URI> liveAgentUrl) {
    public static final HandoffOverrides NONE = new HandoffOverrides(Optional.empty());
}
