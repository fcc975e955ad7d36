package dev.handoff.translate.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.handoff.translate.LanguagePairs;
import dev.handoff.translate.Translation;
import dev.handoff.translate.TranslationException;
import dev.handoff.translate.TranslationException.Reason;
import dev.handoff.translate.TranslationRequest;
import dev.handoff.translate.Translator;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What every HTTP engine does alike, checked against a local provider that answers in the engine's documented
 * shapes (the subclass supplies them): deadlines, unreachable and malformed engines, the languages fetched once,
 * unsupported pairs refused up front, provider messages quoted briefly and never with the key.
 */
@Timeout(30)
public abstract class HttpEngineContract {
    /** A key that must never appear in a message. */
    protected static final String KEY = "k3y-5ecret-0f-the-test";

    protected static final HttpClient CLIENT =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    protected static final Duration TIMEOUT = Duration.ofSeconds(5);

    protected static final ObjectMapper JSON = new ObjectMapper();

    protected FakeProvider provider;

    private final String translatePath;
    private final String languagesPath;
    private final LanguagePairs.Pair listedPair;
    private final LanguagePairs.Pair unlistedPair;

    /**
     * @param translatePath where the engine POSTs its translations
     * @param languagesPath where it GETs its languages
     * @param listedPair a pair {@link #languagesAnswer()} holds
     * @param unlistedPair a pair it does not hold
     */
    protected HttpEngineContract(
            String translatePath,
            String languagesPath,
            LanguagePairs.Pair listedPair,
            LanguagePairs.Pair unlistedPair) {
        this.translatePath = translatePath;
        this.languagesPath = languagesPath;
        this.listedPair = listedPair;
        this.unlistedPair = unlistedPair;
    }

    protected abstract Translator translator(URI base, Duration timeout);

    /** The provider's listing, as its documentation shows it. */
    protected abstract String languagesAnswer();

    /** The provider's answer to a request to translate one text into {@code translated}. */
    protected abstract String translationAnswer(String translated);

    /** The provider's error answer with {@code message} as its message. */
    protected abstract String errorAnswer(int status, String message);

    protected final String translatePath() {
        return translatePath;
    }

    protected final String languagesPath() {
        return languagesPath;
    }

    protected final LanguagePairs.Pair listedPair() {
        return listedPair;
    }

    protected final LanguagePairs.Pair unlistedPair() {
        return unlistedPair;
    }

    /** {@code text} as a JSON string literal, quotes and escapes included. */
    protected static String quoted(String text) {
        return JSON.getNodeFactory().textNode(text).toString();
    }

    /** The key the engine is built with, or {@code null} for an engine without one. */
    protected String key() {
        return KEY;
    }

    @BeforeEach
    void startProvider() throws IOException {
        provider = new FakeProvider();
    }

    @AfterEach
    void stopProvider() {
        provider.close();
    }

    protected Translator translator() {
        return translator(provider.uri(), TIMEOUT);
    }

    protected TranslationRequest oneText() {
        return TranslationRequest.of(
                "Sawubona", listedPair().source(), listedPair().target());
    }

    /** Waits (with a deadline) for {@code future} to fail, and checks it failed as the port says. */
    protected TranslationException failure(CompletableFuture<?> future, Reason expected) throws Exception {
        Throwable failure = future.handle((value, e) -> e).get(20, TimeUnit.SECONDS);
        assertThat(failure)
                .as("the future fails with a TranslationException itself")
                .isInstanceOf(TranslationException.class);
        TranslationException e = (TranslationException) failure;
        assertThat(e.reason()).as(e.getMessage()).isEqualTo(expected);
        assertThat(e.engine()).isEqualTo(translator().name());
        if (key() != null) {
            for (Throwable t = e; t != null; t = t.getCause())
                assertThat(String.valueOf(t.getMessage())).doesNotContain(key());
        }
        return e;
    }

    protected static <T> T done(CompletableFuture<T> future) throws Exception {
        return future.get(20, TimeUnit.SECONDS);
    }

    @Test
    void anEngineThatNeverAnswersTimesOutAndMayBeRetried() throws Exception {
        provider.hang("POST", translatePath());
        Translator slow = translator(provider.uri(), Duration.ofMillis(300));

        TranslationException e = failure(slow.translate(oneText()), Reason.TIMEOUT);

        assertThat(e.reason().retryable()).isTrue();
        assertThat(e.getMessage()).contains("no answer within 300 ms");
    }

    @Test
    void anEngineThatStallsInTheMiddleOfItsAnswerTimesOut() throws Exception {
        provider.stallMidAnswer("POST", translatePath());
        Translator slow = translator(provider.uri(), Duration.ofMillis(300));

        assertThat(failure(slow.translate(oneText()), Reason.TIMEOUT).getMessage())
                .contains("no answer within 300 ms");
    }

    @Test
    void anEngineThatIsNotRunningIsUnavailable() throws Exception {
        URI gone = provider.uri();
        provider.close();

        failure(translator(gone, TIMEOUT).translate(oneText()), Reason.UNAVAILABLE);
    }

    @Test
    void anAnswerThatIsNotJsonIsUnavailable() throws Exception {
        provider.answer("POST", translatePath(), 200, "text/html", "<html><body>Welcome to nginx!</body></html>");

        TranslationException e = failure(translator().translate(oneText()), Reason.UNAVAILABLE);

        assertThat(e.getMessage()).contains("not JSON", "Welcome to nginx!");
    }

    @Test
    void aJsonAnswerWithoutTheTranslationsIsUnavailable() throws Exception {
        provider.answer("POST", translatePath(), 200, "{\"unexpected\": true}");

        assertThat(failure(translator().translate(oneText()), Reason.UNAVAILABLE)
                        .getMessage())
                .contains("malformed answer");
    }

    @Test
    void theLanguagesAreFetchedOnceAndShared() throws Exception {
        provider.answer("GET", languagesPath(), 200, languagesAnswer());
        Translator translator = translator();

        LanguagePairs first = done(translator.languages());
        LanguagePairs second = done(translator.languages());

        assertThat(first.supports(listedPair().source(), listedPair().target())).isTrue();
        assertThat(first.supports(unlistedPair().source(), unlistedPair().target()))
                .isFalse();
        assertThat(second).isEqualTo(first);
        assertThat(provider.requests(languagesPath())).hasSize(1);
        if (key() != null)
            assertThat(String.valueOf(provider.requests().get(0).query()))
                    .as("no key in the URL")
                    .doesNotContain(key());
    }

    @Test
    void aFailedLanguageListingIsTriedAgainOnTheNextCall() throws Exception {
        provider.answer("GET", languagesPath(), 503, errorAnswer(503, "Service Unavailable"))
                .answer("GET", languagesPath(), 200, languagesAnswer());
        Translator translator = translator();

        failure(translator.languages(), Reason.UNAVAILABLE);
        LanguagePairs pairs = done(translator.languages());

        assertThat(pairs.supports(listedPair().source(), listedPair().target())).isTrue();
        assertThat(provider.requests(languagesPath())).hasSize(2);
    }

    @Test
    void aPairTheListingDoesNotHoldIsRefusedUpFrontWithoutARequest() throws Exception {
        provider.answer("GET", languagesPath(), 200, languagesAnswer());
        Translator translator = translator();
        done(translator.languages());
        LanguagePairs.Pair unlisted = unlistedPair();

        TranslationException e = failure(
                translator.translate(TranslationRequest.of("Sawubona", unlisted.source(), unlisted.target())),
                Reason.UNSUPPORTED_PAIR);

        assertThat(e.getMessage()).contains(unlisted.source() + "→" + unlisted.target());
        assertThat(provider.requests(translatePath())).isEmpty();
    }

    @Test
    void aListedPairIsTranslatedOnceTheLanguagesAreKnown() throws Exception {
        provider.answer("GET", languagesPath(), 200, languagesAnswer())
                .answer("POST", translatePath(), 200, translationAnswer("Hello"));
        Translator translator = translator();
        done(translator.languages());

        Translation translation = done(translator.translate(oneText()));

        assertThat(translation.texts()).containsExactly("Hello");
        assertThat(translation.engine()).isEqualTo(translator.name());
    }

    @Test
    void aTextIntoItsOwnLanguageIsAnsweredAsItIsWithoutARequest() throws Exception {
        Translation same = done(translator().translate(TranslationRequest.of("Sawubona", "zu", "zu")));

        assertThat(same.texts()).containsExactly("Sawubona");
        assertThat(provider.requests()).isEmpty();
    }

    @Test
    void aLongProviderMessageIsQuotedInAtMost200CharactersAndNeverWithTheKey() throws Exception {
        String echoed = (key() == null ? "" : "your key " + key() + " ") + "x".repeat(1_000);
        provider.answer("POST", translatePath(), 500, errorAnswer(500, echoed));

        TranslationException e = failure(translator().translate(oneText()), Reason.UNAVAILABLE);

        assertThat(e.getMessage()).contains("HTTP 500").endsWith("…");
        assertThat(e.getMessage().length()).isLessThan(JsonHttp.EXCERPT + 40);
        if (key() != null) assertThat(e.getMessage()).contains("your key (key)");
    }

    /**
     * Each error answer the provider documents fails a translation with its reason and quotes the provider. The
     * subclass lists them in {@code static Stream<Arguments> documentedErrors()}: status, body, reason, quoted.
     */
    @ParameterizedTest(name = "HTTP {0} → {2}")
    @MethodSource("documentedErrors")
    void eachDocumentedErrorIsReportedWithItsReason(int status, String body, Reason reason, String quoted)
            throws Exception {
        provider.answer("POST", translatePath(), status, body);

        TranslationException e = failure(translator().translate(oneText()), reason);

        assertThat(e.getMessage()).contains("HTTP " + status, quoted);
    }

    protected static List<String> batch() {
        return List.of("Sawubona", "Ngicela usizo nge-akhawunti yami", "Ngiyabonga & <3 \"kakhulu\"");
    }
}
