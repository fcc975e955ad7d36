package dev.handoff.translate.apertium;

import static org.assertj.core.api.Assertions.assertThat;

import dev.handoff.translate.LanguagePairs;
import dev.handoff.translate.Translation;
import dev.handoff.translate.TranslationException.Reason;
import dev.handoff.translate.TranslationRequest;
import dev.handoff.translate.Translator;
import dev.handoff.translate.http.HttpEngineContract;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.provider.Arguments;

/** Apertium's APY server as it answers (APY 0.11), against a local provider; ApertiumApyIT runs the real one. */
class ApertiumTranslatorTest extends HttpEngineContract {
    ApertiumTranslatorTest() {
        super("/translate", "/listPairs", new LanguagePairs.Pair("en", "es"), new LanguagePairs.Pair("zu", "en"));
    }

    @Override
    protected Translator translator(URI base, Duration timeout) {
        return new ApertiumTranslator(CLIENT, base, timeout);
    }

    @Override
    protected String key() {
        return null;
    }

    @Override
    protected String languagesAnswer() {
        return """
                {"responseData": [{"sourceLanguage": "spa", "targetLanguage": "eng"},
                  {"sourceLanguage": "spa", "targetLanguage": "eng_US"},
                  {"sourceLanguage": "eng", "targetLanguage": "spa"},
                  {"sourceLanguage": "afr", "targetLanguage": "nld"}],
                 "responseDetails": null, "responseStatus": 200}""";
    }

    @Override
    protected String translationAnswer(String translated) {
        return "{\"responseData\": {\"translatedText\": " + quoted(translated)
                + "}, \"responseDetails\": null, \"responseStatus\": 200}";
    }

    @Override
    protected String errorAnswer(int status, String message) {
        return "{\"status\": \"error\", \"code\": " + status + ", \"message\": \"Error\", \"explanation\": "
                + quoted(message) + "}";
    }

    private static Map<String, String> form(String body) {
        return Arrays.stream(body.split("&"))
                .map(p -> p.split("=", 2))
                .collect(Collectors.toMap(
                        p -> p[0], p -> URLDecoder.decode(p.length > 1 ? p[1] : "", StandardCharsets.UTF_8)));
    }

    @Test
    void eachTextIsOnePostInParallelInApertiumsCodesAndTheAnswersKeepTheBatchsOrder() throws Exception {
        List<String> texts = List.of("Good morning", "Where is my parcel?", "Tom & Jerry <3");
        CountDownLatch allArrived = new CountDownLatch(texts.size());
        provider.respond("POST", "/translate", request -> {
            allArrived.countDown();
            try {
                allArrived.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return translationAnswer("es:" + form(request.body()).get("q"));
        });

        Translation translation = done(
                translator(provider.uri(), Duration.ofSeconds(5)).translate(new TranslationRequest(texts, "en", "es")));

        assertThat(translation.texts())
                .containsExactly("es:Good morning", "es:Where is my parcel?", "es:Tom & Jerry <3");
        assertThat(translation.engine()).isEqualTo("apertium");
        assertThat(provider.requests()).hasSize(3).allSatisfy(request -> {
            assertThat(request.method()).isEqualTo("POST");
            assertThat(request.path()).isEqualTo("/translate");
            assertThat(request.query()).as("the text is not in the URL").isNull();
            assertThat(request.header("Content-Type")).startsWith("application/x-www-form-urlencoded");
            assertThat(form(request.body()))
                    .containsEntry("langpair", "eng|spa")
                    .containsEntry("markUnknown", "no")
                    .containsEntry("format", "txt");
        });
        assertThat(provider.requests())
                .extracting(r -> form(r.body()).get("q"))
                .containsExactlyInAnyOrderElementsOf(texts);
    }

    @Test
    void thePairsAreListedInThePlatformsCodesAndVariantsAreKeptAsTheyAre() throws Exception {
        provider.answer("GET", "/listPairs", 200, languagesAnswer());

        LanguagePairs pairs = done(translator().languages());

        assertThat(pairs.pairs())
                .containsExactlyInAnyOrder(
                        new LanguagePairs.Pair("es", "en"),
                        new LanguagePairs.Pair("es", "eng_US"),
                        new LanguagePairs.Pair("en", "es"),
                        new LanguagePairs.Pair("af", "nl"));
        assertThat(pairs.supports("nl", "af")).as("directed").isFalse();
    }

    @Test
    void anOlderServersErrorInsideA200AnswerIsAnErrorToo() throws Exception {
        provider.answer(
                "POST",
                "/translate",
                200,
                """
                {"responseData": null, "responseDetails": "That pair is not installed", "responseStatus": 400}""");

        assertThat(failure(translator().translate(oneText()), Reason.UNSUPPORTED_PAIR)
                        .getMessage())
                .contains("status 400: That pair is not installed");
    }

    /** The provider's error answers, as documented: status, body, the reason, what the message quotes. */
    static Stream<Arguments> documentedErrors() {
        return Stream.of(
                Arguments.of(
                        400,
                        """
                        {"status": "error", "code": 400, "message": "Bad Request", "explanation": "That pair is not installed"}""",
                        Reason.UNSUPPORTED_PAIR,
                        "That pair is not installed"),
                Arguments.of(
                        400,
                        """
                        {"status": "error", "code": 400, "message": "Bad Request", "explanation": "That pair is invalid, use e.g. eng|spa"}""",
                        Reason.REJECTED,
                        "That pair is invalid"),
                Arguments.of(
                        408,
                        """
                        {"status": "error", "code": 408, "message": "Request Timeout", "explanation": "Server did not receive a complete request within the time it was prepared to wait. Try again"}""",
                        Reason.TIMEOUT,
                        "did not receive a complete request"),
                Arguments.of(
                        500,
                        """
                        {"status": "error", "code": 500, "message": "Internal Server Error", "explanation": "Unexpected condition on server. Request could not be fulfilled."}""",
                        Reason.UNAVAILABLE,
                        "Unexpected condition on server"),
                Arguments.of(
                        503,
                        """
                        {"status": "error", "code": 503, "message": "Service Unavailable", "explanation": "internal error"}""",
                        Reason.UNAVAILABLE,
                        "internal error"));
    }

    @Test
    void thePlatformsCodesMapToApertiumsAndBack() {
        assertThat(LanguageCodes.toApertium("en")).isEqualTo("eng");
        assertThat(LanguageCodes.toApertium("af")).isEqualTo("afr");
        assertThat(LanguageCodes.toApertium("zu")).isEqualTo("zul");
        assertThat(LanguageCodes.toApertium("nso"))
                .as("no two-letter code: as it is")
                .isEqualTo("nso");
        assertThat(LanguageCodes.toPlatform("spa")).isEqualTo("es");
        assertThat(LanguageCodes.toPlatform("nld")).isEqualTo("nl");
        assertThat(LanguageCodes.toPlatform("tsn")).isEqualTo("tn");
        assertThat(LanguageCodes.toPlatform("cat_valencia")).isEqualTo("cat_valencia");
    }
}
