package dev.handoff.desk.config;

import java.time.ZoneId;
import java.util.Objects;

/**
 * How the desk's reports are cut ({@code reports} in {@code desk.yaml}): {@code timeZone} is the zone
 * whose calendar days a report counts in (a day starts at that zone's midnight, so a day across a
 * daylight-saving change has 23 or 25 hours). UTC by default.
 */
public record ReportsConfig(ZoneId timeZone) {
    public static final ReportsConfig DEFAULT = new ReportsConfig(ZoneId.of("UTC"));

    public ReportsConfig {
        Objects.requireNonNull(timeZone, "timeZone");
    }
}
