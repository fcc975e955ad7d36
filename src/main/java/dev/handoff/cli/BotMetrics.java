package dev.handoff.cli;

import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Module;
import dev.handoff.metrics.MetricsHttp;
import dev.handoff.metrics.MetricsModule;
import dev.handoff.metrics.MetricsSettings;
import dev.handoff.metrics.Registries;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The bot server's metrics ({@link MetricsModule}, application {@value #APPLICATION}): one registry shared by the
 * runtime (the handoff's figures) and the server (its gauges and its scrape endpoint), which live in two injectors.
 */
record BotMetrics(PrometheusMeterRegistry registry, MetricsHttp http) {
    static final String APPLICATION = "handoff-bot";

    static BotMetrics of(MetricsSettings settings) {
        Injector injector = Guice.createInjector(new MetricsModule(APPLICATION, settings));
        return new BotMetrics(
                injector.getInstance(PrometheusMeterRegistry.class), injector.getInstance(MetricsHttp.class));
    }

    /** Binds the registry and the endpoint, for the runtime's and the server's injectors. */
    Module module() {
        return binder -> {
            binder.bind(MeterRegistry.class).toInstance(registry);
            binder.bind(MetricsHttp.class).toInstance(http);
        };
    }

    void close() {
        Registries.close(registry);
    }

    /**
     * The settings of {@code serve}'s flags. {@code tokenFile}: a file whose content (stripped) is the bearer token; its
     * content is never shown, only why it cannot be used.
     *
     * @throws IllegalArgumentException with the flag at fault
     */
    static MetricsSettings settings(boolean off, String path, Path tokenFile) {
        if (off && (path != null || tokenFile != null)) {
            throw new IllegalArgumentException("--no-metrics excludes --metrics-path and --metrics-token-file");
        }
        if (off) return MetricsSettings.off();
        String token = null;
        if (tokenFile != null) {
            try {
                token = Files.readString(tokenFile, StandardCharsets.UTF_8).strip();
            } catch (IOException | RuntimeException e) {
                throw new IllegalArgumentException("--metrics-token-file " + tokenFile + " cannot be read ("
                        + e.getClass().getSimpleName() + ")");
            }
            if (token.isEmpty()) throw new IllegalArgumentException("--metrics-token-file " + tokenFile + " is empty");
        }
        try {
            return new MetricsSettings(true, path, token);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--metrics-path: " + e.getMessage(), e);
        }
    }
}
