package dev.handoff.translate;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * {@code translation} in {@code desk.yaml}: which machine engine (none by default), where it is, its key, how
 * long a translation may take before the original goes through marked "not translated", the cache, an optional
 * TMX file for the translation memory, and the languages the desk works in (the detector chooses among them; the
 * agents' language picker offers them).
 *
 * @param url the engine's base URL; {@code null} means the provider's public endpoint (Google, Azure) and is
 *     required for LibreTranslate and Apertium
 * @param key the API key, already read from the environment or the key file; never logged ({@link #toString()})
 * @param region Azure's resource region ({@code Ocp-Apim-Subscription-Region}), else {@code null}
 */
public record TranslationSettings(
        Engine engine,
        URI url,
        String key,
        String region,
        Duration timeout,
        int cacheSize,
        Path tmx,
        List<String> languages) {

    /** The machine engines: the memory always answers first, whichever is chosen. */
    public enum Engine {
        NONE,
        GOOGLE,
        AZURE,
        LIBRETRANSLATE,
        APERTIUM;

        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(3);
    public static final int DEFAULT_CACHE_SIZE = 10_000;
    /** The platform's languages: English, Afrikaans and six South African Bantu languages. */
    public static final List<String> DEFAULT_LANGUAGES = List.of("en", "af", "zu", "xh", "st", "tn", "nso", "ts");

    public TranslationSettings {
        Objects.requireNonNull(engine, "engine");
        Objects.requireNonNull(timeout, "timeout");
        languages = List.copyOf(languages);
    }

    /** No machine engine: the memory only, and the detector over the default languages. */
    public static TranslationSettings none() {
        return new TranslationSettings(
                Engine.NONE, null, null, null, DEFAULT_TIMEOUT, DEFAULT_CACHE_SIZE, null, DEFAULT_LANGUAGES);
    }

    @Override
    public String toString() {
        return "TranslationSettings[engine=" + engine.wire() + ", url=" + url + ", key="
                + (key == null ? "none" : "(set)") + ", region=" + region + ", timeout=" + timeout + ", cacheSize="
                + cacheSize + ", tmx=" + tmx + ", languages=" + languages + "]";
    }
}
