/**
 * Metrics, the usual way: Micrometer's meters in one {@link io.micrometer.prometheusmetrics.PrometheusMeterRegistry}
 * per process ({@link Registries}), with the JVM's own, scraped over HTTP at {@code /metrics} by default
 * ({@link MetricsHttp}, {@link MetricsSettings}). A low layer: it knows nothing of the bot nor of the desk;
 * each feature counts where things happen, with tags of bounded cardinality (never a user, a message or a
 * conversation id).
 */
package dev.handoff.metrics;
