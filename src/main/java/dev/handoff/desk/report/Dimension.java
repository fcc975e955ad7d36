package dev.handoff.desk.report;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** What a report's rows are grouped by; several may be combined ({@code day,agent}). */
public enum Dimension {
    /** The calendar day a chat was created on, in the report's time zone. */
    DAY,
    /** The chat's department (its last one, after any transfer). */
    DEPARTMENT,
    /** The chat's first agent: who took it or was assigned it first; empty for a chat no agent ever had. */
    AGENT;

    /** As written in {@code --by} and {@code by=}: {@code day}, {@code department}, {@code agent}. */
    @JsonValue
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
