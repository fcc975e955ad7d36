package dev.handoff.translate.apertium;

import static org.assertj.core.api.Assertions.assertThat;

import dev.handoff.translate.LanguagePairs;
import dev.handoff.translate.Translation;
import dev.handoff.translate.TranslationException;
import dev.handoff.translate.TranslationException.Reason;
import dev.handoff.translate.TranslationRequest;
import dev.handoff.translate.Translator;
import java.net.ConnectException;
import java.net.Socket;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The Apertium adapter against a real {@code apertium-apy} with Debian's {@code apertium-eng-spa} pair, started on a
 * free loopback port for this class and killed after it.
 */
@Timeout(180)
class ApertiumApyIT {
    private static final HttpClient CLIENT = HttpClient.newHttpClient();
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private static LocalApy apy;

    @BeforeAll
    static void startApy() throws Exception {
        apy = LocalApy.start("eng-spa", "spa-eng");
    }

    @AfterAll
    static void stopApy() throws Exception {
        if (apy == null) return;
        apy.close();
        assertThat(apy.isRunning()).as("apertium-apy is killed").isFalse();
        boolean listening;
        try (Socket probe = new Socket(apy.uri().getHost(), apy.uri().getPort())) {
            listening = probe.isConnected();
        } catch (ConnectException nothingListens) {
            listening = false;
        }
        assertThat(listening)
                .as("nothing listens on " + apy.uri() + " any more")
                .isFalse();
    }

    private static Translator apertium() {
        return new ApertiumTranslator(CLIENT, apy.uri(), TIMEOUT);
    }

    private static <T> T done(CompletableFuture<T> future) throws Exception {
        return future.get(60, TimeUnit.SECONDS);
    }

    @Test
    void anEnglishBatchComesBackInSpanishInOrder() throws Exception {
        Translation translation = done(apertium()
                .translate(new TranslationRequest(
                        List.of("Good morning", "The dog is big.", "Tom & Jerry <3 the house"), "en", "es")));

        assertThat(translation.engine()).isEqualTo("apertium");
        assertThat(translation.texts()).hasSize(3);
        assertThat(translation.texts().get(0)).contains("Buenos días");
        assertThat(translation.texts().get(1)).contains("perro");
        assertThat(translation.texts().get(2)).as("plain text, not HTML").contains("Tom & Jerry <3", "casa");
    }

    @Test
    void aSpanishBatchComesBackInEnglishInOrder() throws Exception {
        Translation translation = done(apertium()
                .translate(new TranslationRequest(List.of("Buenos días", "El perro es grande."), "es", "en")));

        assertThat(translation.texts().get(0)).containsIgnoringCase("Good morning");
        assertThat(translation.texts().get(1)).contains("dog");
    }

    @Test
    void thePairsAreDebiansInThePlatformsCodes() throws Exception {
        LanguagePairs pairs = done(apertium().languages());

        assertThat(pairs.supports("en", "es")).isTrue();
        assertThat(pairs.supports("es", "en")).isTrue();
        assertThat(pairs.supports("zu", "en")).isFalse();
    }

    @Test
    void aPairApyDoesNotListIsUnsupportedUpFront() throws Exception {
        Translator apertium = apertium();
        done(apertium.languages());

        Throwable failure = apertium.translate(TranslationRequest.of("Sawubona", "zu", "en"))
                .handle((t, e) -> e)
                .get(60, TimeUnit.SECONDS);

        assertThat(failure).isInstanceOf(TranslationException.class);
        assertThat(((TranslationException) failure).reason()).isEqualTo(Reason.UNSUPPORTED_PAIR);
    }

    @Test
    void aPairApyDoesNotHaveIsUnsupportedEvenBeforeItsPairsAreKnown() throws Exception {
        Throwable failure = apertium()
                .translate(TranslationRequest.of("Sawubona", "zu", "en"))
                .handle((t, e) -> e)
                .get(60, TimeUnit.SECONDS);

        assertThat(failure).isInstanceOf(TranslationException.class);
        TranslationException e = (TranslationException) failure;
        assertThat(e.reason()).isEqualTo(Reason.UNSUPPORTED_PAIR);
        assertThat(e.getMessage()).contains("That pair is not installed");
    }
}
