package dev.handoff.translate;

import dev.handoff.translate.apertium.ApertiumTranslator;
import dev.handoff.translate.azure.AzureTranslator;
import dev.handoff.translate.google.GoogleTranslator;
import dev.handoff.translate.libre.LibreTranslator;
import java.net.URI;
import java.net.http.HttpClient;

/** The machine engine {@code translation.engine} names, built on one shared HTTP client. */
public final class Engines {
    private Engines() {}

    /**
     * The adapter {@code settings.engine()} names. Google and Azure default to their public endpoints and need
     * {@code translation.key}; LibreTranslate and Apertium run where {@code translation.url} says.
     *
     * <p>Building sends nothing. An adapter fetches its languages on the first {@link Translator#languages()} call
     * and keeps them; the desk calls it once at start, so that pairs are known (and unsupported ones refused without
     * a request) before the first message.
     *
     * @throws IllegalArgumentException when a setting the engine needs is missing, naming it
     */
    public static Translator machine(TranslationSettings settings, HttpClient http) {
        return switch (settings.engine()) {
            case NONE -> Translators.none();
            case GOOGLE -> new GoogleTranslator(
                    http, urlOr(settings, GoogleTranslator.PUBLIC_ENDPOINT), key(settings), settings.timeout());
            case AZURE -> new AzureTranslator(
                    http,
                    urlOr(settings, AzureTranslator.PUBLIC_ENDPOINT),
                    key(settings),
                    settings.region(),
                    settings.timeout());
            case LIBRETRANSLATE -> new LibreTranslator(http, url(settings), settings.key(), settings.timeout());
            case APERTIUM -> new ApertiumTranslator(http, url(settings), settings.timeout());
        };
    }

    private static URI urlOr(TranslationSettings settings, URI publicEndpoint) {
        return settings.url() == null ? publicEndpoint : settings.url();
    }

    private static URI url(TranslationSettings settings) {
        if (settings.url() == null) {
            throw new IllegalArgumentException("translation.url is required for translation.engine "
                    + settings.engine().wire() + ": the server's base URL, e.g. "
                    + (settings.engine() == TranslationSettings.Engine.APERTIUM
                            ? "http://127.0.0.1:2737"
                            : "http://127.0.0.1:5000"));
        }
        return settings.url();
    }

    private static String key(TranslationSettings settings) {
        if (settings.key() == null || settings.key().isBlank()) {
            throw new IllegalArgumentException("translation.key is required for translation.engine "
                    + settings.engine().wire() + " (key, keyFile or ${ENVIRONMENT_VARIABLE})");
        }
        return settings.key();
    }
}
