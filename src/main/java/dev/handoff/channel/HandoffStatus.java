package dev.handoff.channel;

import java.util.Locale;
import java.util.Objects;

/**
 * Who the user is with, as the channels tell them ({@code handoff_status} on Socket.IO): the bot, the queue
 * while waiting for an agent ({@code position} when the desk says it, else 0), or an agent ({@code agent}: a
 * name when known, else {@code null}).
 */
public record HandoffStatus(State state, int position, String agent) {
    /** The three states a user can tell apart. */
    public enum State {
        BOT,
        WAITING,
        AGENT;

        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public static final HandoffStatus WITH_BOT = new HandoffStatus(State.BOT, 0, null);
    public static final HandoffStatus WAITING = new HandoffStatus(State.WAITING, 0, null);

    public HandoffStatus {
        Objects.requireNonNull(state, "state");
        if (position < 0) throw new IllegalArgumentException("position must not be negative");
    }

    public static HandoffStatus agent(String name) {
        return new HandoffStatus(State.AGENT, 0, name);
    }
}
