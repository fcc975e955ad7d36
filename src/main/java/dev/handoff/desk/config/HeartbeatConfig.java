package dev.handoff.desk.config;

import java.time.Duration;
import java.util.Objects;

/**
 * The Engine.IO heartbeat of the desk's connections ({@code heartbeat} in {@code desk.yaml}): the
 * desk pings every {@code interval} and closes a connection whose answer has not come within {@code
 * timeout}, so a stalled connection (no FIN) is noticed within about {@code interval + timeout}.
 */
public record HeartbeatConfig(Duration interval, Duration timeout) {
    public static final HeartbeatConfig DEFAULT = new HeartbeatConfig(Duration.ofSeconds(5), Duration.ofSeconds(5));

    public HeartbeatConfig {
        Objects.requireNonNull(interval, "interval");
        Objects.requireNonNull(timeout, "timeout");
    }
}
