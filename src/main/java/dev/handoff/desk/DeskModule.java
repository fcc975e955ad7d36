package dev.handoff.desk;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import dev.handoff.desk.config.DeskConfig;
import dev.handoff.desk.server.DeskService;
import dev.handoff.metrics.MetricsModule;
import dev.handoff.translate.TranslateModule;
import dev.handoff.translate.lingua.LanguageDetectionModule;
import jakarta.inject.Singleton;
import java.time.Clock;

/**
 * The embedded live-agent desk. Binds the config it is given, the clock, metrics ({@link MetricsModule}: the
 * process's Prometheus registry, {@code metrics} of {@code desk.yaml}), translation ({@link TranslateModule}:
 * the memory, then the engine {@code translation.engine} names; lingua's detector over the desk's languages), and
 * {@link DeskService};
 * no I/O here: the database opens and the server binds in {@link DeskService#start()}.
 */
public final class DeskModule extends AbstractModule {
    private final DeskConfig config;

    public DeskModule(DeskConfig config) {
        this.config = config;
    }

    @Override
    protected void configure() {
        bind(DeskConfig.class).toInstance(config);
        bind(DeskService.class).in(Singleton.class);
        install(new MetricsModule(DeskService.APPLICATION, config.metrics()));
        install(new TranslateModule(config.translation(), config.equivalentTexts()));
        install(new LanguageDetectionModule());
    }

    @Provides
    @Singleton
    Clock clock() {
        return Clock.systemUTC();
    }
}
