package dev.handoff.metrics;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The scrape endpoint, for any server's HTTP: {@link #handles} says whether a request's target is it, {@link #answer}
 * gives the page, which the server writes as it writes its other answers (the servers' netty stays in their
 * packages). Prometheus's text format, or OpenMetrics when the scraper's {@code Accept} asks for it; {@code GET} and
 * {@code HEAD} only; a bearer token when {@link MetricsSettings#token()} is set (401 without it).
 *
 * <p>The page is built where the request arrives (a netty event loop): a scrape of a few hundred meters takes well
 * under a millisecond, and every gauge the features register reads a field or a size, never a lock nor the database.
 */
public final class MetricsHttp {
    private static final String PROMETHEUS = "text/plain; version=0.0.4; charset=utf-8";
    private static final String OPEN_METRICS = "application/openmetrics-text; version=1.0.0; charset=utf-8";

    private final MetricsSettings settings;
    private final PrometheusMeterRegistry registry;

    public MetricsHttp(MetricsSettings settings, PrometheusMeterRegistry registry) {
        this.settings = settings;
        this.registry = registry;
    }

    /** An answer: its status, its headers ({@code Content-Type} among them) and its body. */
    public record Page(int status, Map<String, String> headers, byte[] body) {
        public Page {
            headers = Map.copyOf(headers);
        }

        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    public MetricsSettings settings() {
        return settings;
    }

    /** Whether a request target (path and any query) is the scrape: never when metrics are off. */
    public boolean handles(String target) {
        if (!settings.enabled() || target == null) return false;
        int end = target.indexOf('?');
        return (end < 0 ? target : target.substring(0, end)).equals(settings.path());
    }

    /**
     * The answer to a request {@link #handles} took: its method, and its {@code Authorization} and {@code Accept}
     * headers ({@code null} when absent). For {@code HEAD} the body is empty, the headers those of {@code GET}.
     */
    public Page answer(String method, String authorization, String accept) {
        boolean head = "HEAD".equals(method);
        if (!"GET".equals(method) && !head) {
            return text(405, "Only GET and HEAD.\n", Map.of("Allow", "GET, HEAD"));
        }
        if (!settings.admits(authorization)) {
            return text(401, "A bearer token is required.\n", Map.of("WWW-Authenticate", "Bearer realm=\"metrics\""));
        }
        boolean openMetrics = accept != null && accept.contains("application/openmetrics-text");
        String contentType = openMetrics ? OPEN_METRICS : PROMETHEUS;
        byte[] body = registry.scrape(contentType).getBytes(StandardCharsets.UTF_8);
        return new Page(
                200,
                Map.of(
                        "Content-Type",
                        contentType,
                        "Cache-Control",
                        "no-store",
                        "X-Content-Type-Options",
                        "nosniff",
                        "Content-Length",
                        Integer.toString(body.length)),
                head ? new byte[0] : body);
    }

    private static Page text(int status, String text, Map<String, String> extra) {
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        var headers = new java.util.HashMap<>(extra);
        headers.put("Content-Type", "text/plain; charset=utf-8");
        headers.put("Cache-Control", "no-store");
        headers.put("Content-Length", Integer.toString(body.length));
        return new Page(status, headers, body);
    }
}
