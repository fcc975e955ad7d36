package dev.handoff.translate.libre;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.handoff.translate.LanguagePairs;
import dev.handoff.translate.Translation;
import dev.handoff.translate.TranslationException.Reason;
import dev.handoff.translate.TranslationRequest;
import dev.handoff.translate.Translator;
import dev.handoff.translate.http.FakeProvider;
import dev.handoff.translate.http.HttpEngineContract;
import java.net.URI;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.provider.Arguments;

/** LibreTranslate's HTTP API as its documentation shows it, against a local provider. */
class LibreTranslatorTest extends HttpEngineContract {
    LibreTranslatorTest() {
        super("/translate", "/languages", new LanguagePairs.Pair("en", "af"), new LanguagePairs.Pair("es", "af"));
    }

    @Override
    protected Translator translator(URI base, Duration timeout) {
        return new LibreTranslator(CLIENT, base, KEY, timeout);
    }

    @Override
    protected String languagesAnswer() {
        return """
                [{"code": "en", "name": "English", "targets": ["af", "en", "es"]},
                 {"code": "es", "name": "Spanish", "targets": ["en", "es"]},
                 {"code": "af", "name": "Afrikaans", "targets": ["af", "en"]}]""";
    }

    @Override
    protected String translationAnswer(String translated) {
        return "{\"translatedText\": [" + quoted(translated) + "]}";
    }

    @Override
    protected String errorAnswer(int status, String message) {
        return "{\"error\": " + quoted(message) + "}";
    }

    @Test
    void aBatchIsOnePostWithTheKeyInTheBodyAndPlainTextFormat() throws Exception {
        provider.answer(
                "POST",
                "/translate",
                200,
                """
                {"translatedText": ["Hallo", "Help my asseblief met my rekening", "Dankie & <3 \\"baie\\""]}""");

        Translation translation = done(translator()
                .translate(new TranslationRequest(
                        java.util.List.of("Hello", "Please help me with my account", "Thank you & <3 \"very much\""),
                        "en",
                        "af")));

        assertThat(translation.texts())
                .containsExactly("Hallo", "Help my asseblief met my rekening", "Dankie & <3 \"baie\"");
        assertThat(translation.engine()).isEqualTo("libretranslate");
        FakeProvider.Request request = provider.requests().get(0);
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.path()).isEqualTo("/translate");
        assertThat(request.query()).as("the key never in the URL").isNull();
        assertThat(request.header("Content-Type")).startsWith("application/json");
        JsonNode expected = JSON.readTree(
                """
                {"q": ["Hello", "Please help me with my account", "Thank you & <3 \\"very much\\""],
                 "source": "en", "target": "af", "format": "text", "api_key": "%s"}"""
                        .formatted(KEY));
        assertThat(JSON.readTree(request.body())).isEqualTo(expected);
    }

    @Test
    void aServerWithoutAKeyIsSentNone() throws Exception {
        provider.answer("POST", "/translate", 200, translationAnswer("Hallo"));

        done(new LibreTranslator(CLIENT, provider.uri(), null, TIMEOUT).translate(oneText()));

        assertThat(JSON.readTree(provider.requests().get(0).body()).has("api_key"))
                .isFalse();
    }

    @Test
    void theLanguagesAreTheDirectedPairsOfEachLanguagesTargets() throws Exception {
        provider.answer("GET", "/languages", 200, languagesAnswer());

        LanguagePairs pairs = done(translator().languages());

        assertThat(pairs.pairs())
                .containsExactlyInAnyOrder(
                        new LanguagePairs.Pair("en", "af"),
                        new LanguagePairs.Pair("en", "es"),
                        new LanguagePairs.Pair("es", "en"),
                        new LanguagePairs.Pair("af", "en"));
        assertThat(provider.requests().get(0).method()).isEqualTo("GET");
    }

    @Test
    void aServerThatListsNoTargetsTranslatesAnyOfItsLanguagesIntoAnyOther() throws Exception {
        provider.answer(
                "GET",
                "/languages",
                200,
                """
                [{"code": "en", "name": "English"}, {"code": "es", "name": "Spanish"}]""");

        LanguagePairs pairs = done(translator().languages());

        assertThat(pairs.supports("en", "es")).isTrue();
        assertThat(pairs.supports("es", "en")).isTrue();
    }

    /** The provider's error answers, as documented: status, body, the reason, what the message quotes. */
    static Stream<Arguments> documentedErrors() {
        return Stream.of(
                Arguments.of(
                        400,
                        """
                        {"error": "Invalid request: missing q parameter"}""",
                        Reason.REJECTED,
                        "missing q parameter"),
                Arguments.of(
                        403,
                        """
                        {"error": "Invalid API key"}""",
                        Reason.UNAUTHORIZED,
                        "Invalid API key"),
                Arguments.of(
                        429,
                        """
                        {"error": "Too many request limits violations"}""",
                        Reason.RATE_LIMITED,
                        "Too many request"),
                Arguments.of(
                        500,
                        """
                        {"error": "Cannot translate text: model not loaded"}""",
                        Reason.UNAVAILABLE,
                        "Cannot translate text"));
    }
}
