package dev.handoff.desk;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import dev.handoff.desk.config.DeskConfig;
import dev.handoff.desk.server.DeskService;
import dev.handoff.translate.LanguageDetector;
import dev.handoff.translate.Translator;
import dev.handoff.translate.Translators;
import jakarta.inject.Singleton;
import java.time.Clock;

/**
 * The embedded live-agent desk. Binds the config it is given, the clock, the translator and the language
 * detector (none of either for now), and {@link DeskService};
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
    }

    @Provides
    @Singleton
    Clock clock() {
        return Clock.systemUTC();
    }

    /** No engine until the translation module binds the configured chain. */
    @Provides
    @Singleton
    Translator translator() {
        return Translators.none();
    }

    @Provides
    @Singleton
    LanguageDetector languageDetector() {
        return LanguageDetector.none();
    }
}
