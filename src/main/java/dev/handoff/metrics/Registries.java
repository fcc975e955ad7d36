package dev.handoff.metrics;

import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/**
 * The process's registry: Prometheus's, tagged {@code application} ({@code handoff-desk} or {@code handoff-bot}),
 * with the JVM's memory, garbage collection, threads, classes, CPU, uptime and open files. {@link #close} stops
 * the garbage-collection listener.
 */
public final class Registries {
    private Registries() {}

    public static PrometheusMeterRegistry prometheus(String application) {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        registry.config().commonTags("application", application);
        new ClassLoaderMetrics().bindTo(registry);
        new JvmMemoryMetrics().bindTo(registry);
        JvmGcMetrics gc = new JvmGcMetrics();
        gc.bindTo(registry);
        GC.put(registry, gc);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        new FileDescriptorMetrics().bindTo(registry);
        return registry;
    }

    /** Closes the registry and the JVM listeners it holds. Idempotent. */
    public static void close(PrometheusMeterRegistry registry) {
        JvmGcMetrics gc = GC.remove(registry);
        if (gc != null) gc.close();
        registry.close();
    }

    private static final java.util.Map<PrometheusMeterRegistry, JvmGcMetrics> GC =
            java.util.Collections.synchronizedMap(new java.util.WeakHashMap<>());
}
