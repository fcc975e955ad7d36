package dev.handoff.metrics;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Where a server answers Prometheus's scrape: on by default at {@code /metrics}, on the server's own port.
 * {@code token}, when set, is a bearer token the scraper must present ({@code Authorization: Bearer ...});
 * {@code null}: the endpoint is open, as exporters usually are (it shows counts, never a user's data).
 * {@link #toString()} never shows the token.
 */
public record MetricsSettings(boolean enabled, String path, String token) {
    public static final String DEFAULT_PATH = "/metrics";

    public MetricsSettings {
        path = path == null || path.isBlank() ? DEFAULT_PATH : path.strip();
        if (!path.startsWith("/") || path.length() < 2 || path.contains("?") || path.contains("#"))
            throw new IllegalArgumentException(
                    "metrics path must be an absolute path such as /metrics, not \"" + path + "\"");
        if (path.startsWith("/socket.io/") || path.equals("/socket.io"))
            throw new IllegalArgumentException("metrics path " + path + " is Socket.IO's own");
        token = token == null || token.isBlank() ? null : token.strip();
    }

    /** On, at {@code /metrics}, open. */
    public static MetricsSettings defaults() {
        return new MetricsSettings(true, DEFAULT_PATH, null);
    }

    public static MetricsSettings off() {
        return new MetricsSettings(false, DEFAULT_PATH, null);
    }

    /** Whether an {@code Authorization} header's value lets the scraper in (compared in constant time). */
    public boolean admits(String authorization) {
        if (token == null) return true;
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) return false;
        return MessageDigest.isEqual(
                authorization.substring(7).strip().getBytes(StandardCharsets.UTF_8),
                token.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        return "MetricsSettings[enabled=" + enabled + ", path=" + path + ", token=" + (token == null ? "none" : "(set)")
                + "]";
    }
}
