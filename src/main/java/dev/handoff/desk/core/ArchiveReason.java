package dev.handoff.desk.core;

import java.util.Locale;

/** Why a chat was archived. */
public enum ArchiveReason {
    RESOLVED,
    USER_DISCONNECTED,
    IDLE;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
