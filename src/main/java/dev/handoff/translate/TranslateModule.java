package dev.handoff.translate;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import com.google.inject.multibindings.OptionalBinder;
import dev.handoff.translate.memory.PresetTexts;
import dev.handoff.translate.memory.Tmx;
import dev.handoff.translate.memory.TranslationMemory;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.net.http.HttpClient;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Binds translation: the {@link Translator} (a {@link TranslationChain} of the {@link TranslationMemory}, a
 * bounded cache, the timeout and the machine engine {@code translation.engine} names) and the {@link
 * LanguageDetector} over the desk's languages (see {@link #detector}).
 *
 * <p>The memory is built when the injector is created, so that a bad TMX file stops the start with its {@code
 * FILE:LINE:COL: [bad-tmx]} message rather than the first translation: from the desk's texts given here (quick
 * replies, auto-replies: {@code DeskConfig.equivalentTexts()}), then the {@code human_handoff} preset's, then the
 * TMX file's. The first group wins where two disagree.
 *
 * <p>The engines share one {@link HttpClient} with its own small executor of {@value #HTTP_THREADS} daemon
 * threads ({@code translate-http-N}), not the common fork-join pool: the engines' responses and the stages that
 * follow them (the chain's merge, the caller's callbacks) run there, so a slow engine never takes threads from
 * anything else, and anything else never delays a translation. The client follows no redirect (a key is never
 * sent on to another host) and gives up connecting after {@code translation.timeout}.
 */
public final class TranslateModule extends AbstractModule {
    private static final Logger LOG = LoggerFactory.getLogger(TranslateModule.class);

    /** The threads that complete the engines' HTTP exchanges. */
    static final int HTTP_THREADS = 2;

    private final TranslationSettings settings;
    private final List<Map<String, String>> deskTexts;

    /**
     * @param settings {@code translation} of {@code desk.yaml}
     * @param deskTexts the desk's texts in several languages, each a map language → text of one meaning
     */
    public TranslateModule(TranslationSettings settings, List<Map<String, String>> deskTexts) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.deskTexts = List.copyOf(deskTexts);
    }

    @Override
    protected void configure() {
        bind(TranslationSettings.class).toInstance(settings);
        bind(TranslationMemory.class)
                .toProvider((com.google.inject.Provider<TranslationMemory>) this::memory)
                .asEagerSingleton();
        OptionalBinder.newOptionalBinder(binder(), LanguageDetectors.class)
                .setDefault()
                .toInstance(LanguageDetectors.none());
        // the process's registry when metrics are bound (dev.handoff.metrics.MetricsModule), else none
        OptionalBinder.newOptionalBinder(binder(), MeterRegistry.class);
    }

    /**
     * The desk's detector over {@code translation.languages}: lingua's when {@code
     * translate.lingua.LanguageDetectionModule} is installed too, else the one that never knows.
     */
    @Provides
    @Singleton
    LanguageDetector detector(LanguageDetectors detectors) {
        return detectors.over(settings.languages());
    }

    private TranslationMemory memory() {
        var builder = TranslationMemory.builder()
                .addAll(deskTexts)
                .addAll(PresetTexts.fromClasspath(PresetTexts.HUMAN_HANDOFF, Set.copyOf(settings.languages())));
        if (settings.tmx() != null) builder.addAll(Tmx.read(settings.tmx()));
        TranslationMemory memory = builder.build();
        LOG.info(
                "translation memory: {} texts{}",
                memory.size(),
                settings.tmx() == null ? "" : " (with " + settings.tmx() + ")");
        return memory;
    }

    @Provides
    @Singleton
    Translator translator(TranslationMemory memory, Optional<MeterRegistry> registry) {
        Translator engine = Engines.machine(settings, httpClient(settings));
        LOG.info(
                "translation: memory, then engine {} (timeout {}, cache {})",
                engine.name(),
                settings.timeout(),
                settings.cacheSize());
        return new TranslationChain(
                memory,
                engine,
                settings.cacheSize(),
                settings.timeout(),
                Clock.systemUTC(),
                registry.orElseGet(CompositeMeterRegistry::new));
    }

    /** The engines' one HTTP client, on its own daemon threads. */
    static HttpClient httpClient(TranslationSettings settings) {
        AtomicInteger n = new AtomicInteger();
        ExecutorService executor = Executors.newFixedThreadPool(HTTP_THREADS, task -> {
            Thread t = new Thread(task, "translate-http-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        return HttpClient.newBuilder()
                .executor(executor)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(settings.timeout())
                .build();
    }
}
