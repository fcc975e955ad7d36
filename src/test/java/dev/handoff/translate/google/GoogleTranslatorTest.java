package dev.handoff.translate.google;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.handoff.translate.LanguagePairs;
import dev.handoff.translate.Translation;
import dev.handoff.translate.TranslationException.Reason;
import dev.handoff.translate.TranslationRequest;
import dev.handoff.translate.Translator;
import dev.handoff.translate.http.FakeProvider;
import dev.handoff.translate.http.HttpEngineContract;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.provider.Arguments;

/** Google Cloud Translation Basic (v2) as its documentation shows it, against a local provider. */
class GoogleTranslatorTest extends HttpEngineContract {
    GoogleTranslatorTest() {
        super(TRANSLATE, LANGUAGES, new LanguagePairs.Pair("zu", "en"), new LanguagePairs.Pair("zu", "tlh"));
    }

    private static final String TRANSLATE = "/language/translate/v2";
    private static final String LANGUAGES = "/language/translate/v2/languages";

    @Override
    protected Translator translator(URI base, Duration timeout) {
        return new GoogleTranslator(CLIENT, base, KEY, timeout);
    }

    @Override
    protected String languagesAnswer() {
        return """
                {"data": {"languages": [{"language": "af"}, {"language": "en"}, {"language": "nr"},
                  {"language": "nso"}, {"language": "ss"}, {"language": "st"}, {"language": "tn"},
                  {"language": "ts"}, {"language": "xh"}, {"language": "zu"}]}}""";
    }

    @Override
    protected String translationAnswer(String translated) {
        return "{\"data\": {\"translations\": [{\"translatedText\": " + quoted(translated) + "}]}}";
    }

    @Override
    protected String errorAnswer(int status, String message) {
        return "{\"error\": {\"code\": " + status + ", \"message\": " + quoted(message)
                + ", \"errors\": [{\"message\": " + quoted(message)
                + ", \"domain\": \"global\", \"reason\": \"backendError\"}]}}";
    }

    @Test
    void aBatchIsOnePostWithTheKeyInAHeaderAndPlainTextFormat() throws Exception {
        provider.answer(
                "POST",
                TRANSLATE,
                200,
                """
                {"data": {"translations": [
                  {"translatedText": "Hello"},
                  {"translatedText": "Please help me with my account"},
                  {"translatedText": "Thank you & <3 \\"very much\\""}]}}""");

        Translation translation = done(translator().translate(new TranslationRequest(batch(), "zu", "en")));

        assertThat(translation.texts())
                .containsExactly("Hello", "Please help me with my account", "Thank you & <3 \"very much\"");
        assertThat(translation.engine()).isEqualTo("google");
        FakeProvider.Request request = provider.requests().get(0);
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.path()).isEqualTo(TRANSLATE);
        assertThat(request.query()).as("the key never in the URL").isNull();
        assertThat(request.header("X-Goog-Api-Key")).isEqualTo(KEY);
        assertThat(request.header("Content-Type")).startsWith("application/json");
        JsonNode expected = JSON.readTree(
                """
                {"q": ["Sawubona", "Ngicela usizo nge-akhawunti yami", "Ngiyabonga & <3 \\"kakhulu\\""],
                 "source": "zu", "target": "en", "format": "text"}""");
        assertThat(JSON.readTree(request.body())).isEqualTo(expected);
    }

    @Test
    void moreThan128TextsGoIn128TextRequestsAndComeBackInOrder() throws Exception {
        provider.respond("POST", TRANSLATE, request -> {
            ObjectNode answer = JSON.createObjectNode();
            ArrayNode translations = answer.putObject("data").putArray("translations");
            read(request.body())
                    .path("q")
                    .forEach(q -> translations.addObject().put("translatedText", "en:" + q.asText()));
            return answer.toString();
        });
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < 130; i++) texts.add("umyalezo " + i);

        Translation translation = done(translator().translate(new TranslationRequest(texts, "zu", "en")));

        assertThat(translation.texts()).hasSize(130).startsWith("en:umyalezo 0").endsWith("en:umyalezo 129");
        assertThat(provider.requests(TRANSLATE))
                .extracting(r -> read(r.body()).path("q").size())
                .containsExactlyInAnyOrder(128, 2);
    }

    @Test
    void theLanguagesAreAskedWithTheKeyInAHeaderAndAreAnyToAny() throws Exception {
        provider.answer("GET", LANGUAGES, 200, languagesAnswer());

        LanguagePairs pairs = done(translator().languages());

        assertThat(pairs.languages()).containsExactly("af", "en", "nr", "nso", "ss", "st", "tn", "ts", "xh", "zu");
        assertThat(pairs.supports("nso", "ts")).isTrue();
        FakeProvider.Request request = provider.requests().get(0);
        assertThat(request.method()).isEqualTo("GET");
        assertThat(request.header("X-Goog-Api-Key")).isEqualTo(KEY);
        assertThat(request.query()).isNull();
    }

    /** The provider's error answers, as documented: status, body, the reason, what the message quotes. */
    static Stream<Arguments> documentedErrors() {
        return Stream.of(
                Arguments.of(
                        400,
                        """
                        {"error": {"code": 400, "message": "Invalid Value", "errors": [
                          {"message": "Invalid Value", "domain": "global", "reason": "invalid"}]}}""",
                        Reason.REJECTED,
                        "Invalid Value"),
                Arguments.of(
                        400,
                        """
                        {"error": {"code": 400, "message": "API key not valid. Please pass a valid API key.",
                          "errors": [{"message": "API key not valid. Please pass a valid API key.",
                            "domain": "global", "reason": "badRequest"}],
                          "status": "INVALID_ARGUMENT",
                          "details": [{"@type": "type.googleapis.com/google.rpc.ErrorInfo",
                            "reason": "API_KEY_INVALID", "domain": "googleapis.com"}]}}""",
                        Reason.UNAUTHORIZED,
                        "API key not valid"),
                Arguments.of(
                        403,
                        """
                        {"error": {"code": 403, "message": "The request is missing a valid API key.",
                          "errors": [{"message": "The request is missing a valid API key.",
                            "domain": "global", "reason": "forbidden"}], "status": "PERMISSION_DENIED"}}""",
                        Reason.UNAUTHORIZED,
                        "missing a valid API key"),
                Arguments.of(
                        403,
                        """
                        {"error": {"code": 403, "message": "Daily Limit Exceeded", "errors": [
                          {"message": "Daily Limit Exceeded", "domain": "usageLimits",
                           "reason": "dailyLimitExceeded"}]}}""",
                        Reason.RATE_LIMITED,
                        "Daily Limit Exceeded"),
                Arguments.of(
                        429,
                        """
                        {"error": {"code": 429, "message": "Quota exceeded for quota metric 'v2 and v3 general model characters'",
                          "errors": [{"message": "Quota exceeded", "domain": "global",
                            "reason": "rateLimitExceeded"}], "status": "RESOURCE_EXHAUSTED"}}""",
                        Reason.RATE_LIMITED,
                        "Quota exceeded"),
                Arguments.of(
                        500,
                        """
                        {"error": {"code": 500, "message": "Internal error encountered.", "errors": [
                          {"message": "Internal error encountered.", "domain": "global",
                           "reason": "backendError"}], "status": "INTERNAL"}}""",
                        Reason.UNAVAILABLE,
                        "Internal error encountered."),
                Arguments.of(
                        503,
                        """
                        {"error": {"code": 503, "message": "The service is currently unavailable.",
                          "status": "UNAVAILABLE"}}""",
                        Reason.UNAVAILABLE,
                        "currently unavailable"));
    }

    private static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }
}
