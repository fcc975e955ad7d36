package dev.handoff.metrics;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import jakarta.inject.Singleton;
import java.util.Objects;

/**
 * Binds the process's {@link MeterRegistry} (Prometheus's, see {@link Registries}), the {@link MetricsSettings}
 * and the {@link MetricsHttp} endpoint. Meters are counted even when the endpoint is off. Whoever owns the injector
 * closes the registry ({@link Registries#close}).
 */
public final class MetricsModule extends AbstractModule {
    private final String application;
    private final MetricsSettings settings;

    /** {@code application}: the common tag, {@code handoff-desk} or {@code handoff-bot}. */
    public MetricsModule(String application, MetricsSettings settings) {
        this.application = Objects.requireNonNull(application, "application");
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    @Override
    protected void configure() {
        bind(MetricsSettings.class).toInstance(settings);
        bind(MeterRegistry.class).to(PrometheusMeterRegistry.class);
    }

    @Provides
    @Singleton
    PrometheusMeterRegistry registry() {
        return Registries.prometheus(application);
    }

    @Provides
    @Singleton
    MetricsHttp http(PrometheusMeterRegistry registry) {
        return new MetricsHttp(settings, registry);
    }
}
