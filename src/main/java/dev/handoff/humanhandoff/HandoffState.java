package dev.handoff.humanhandoff;

import dev.handoff.routing.Route;
import java.util.EnumSet;
import java.util.Set;

/**
 * Where a conversation stands with respect to the live agent. Connecting covers both the first
 * connection and re-establishing a dropped one: in both, the user's messages are kept for the agent.
 */
public enum HandoffState {
    WITH_BOT(Route.NLP_PIPELINE),
    CONNECTING(Route.LIVE_AGENT),
    WITH_AGENT(Route.LIVE_AGENT),
    BACK_WITH_BOT(Route.NLP_PIPELINE),
    FAILED(Route.NLP_PIPELINE);

    private final Route route;

    HandoffState(Route route) {
        this.route = route;
    }

    /** Where the user's turns go in this state. */
    public Route route() {
        return route;
    }

    /** The states this one may move to. */
    public Set<HandoffState> next() {
        return switch (this) {
            case WITH_BOT, BACK_WITH_BOT, FAILED -> EnumSet.of(CONNECTING);
            case CONNECTING -> EnumSet.of(WITH_AGENT, FAILED, BACK_WITH_BOT);
            case WITH_AGENT -> EnumSet.of(CONNECTING, BACK_WITH_BOT, FAILED);
        };
    }

    public boolean canMoveTo(HandoffState target) {
        return next().contains(target);
    }
}
