package dev.handoff.desk.core;

import java.util.Locale;

/** Where a chat is: waiting in its department's queue, with an agent, or archived (read-only). */
public enum ChatStatus {
    QUEUED,
    ASSIGNED,
    ARCHIVED;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static ChatStatus fromWire(String s) {
        return valueOf(s.toUpperCase(Locale.ROOT));
    }
}
