package dev.handoff.translate.azure;

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

/** Azure AI Translator v3 as its documentation shows it, against a local provider. */
class AzureTranslatorTest extends HttpEngineContract {
    AzureTranslatorTest() {
        super("/translate", "/languages", new LanguagePairs.Pair("nso", "en"), new LanguagePairs.Pair("ts", "en"));
    }

    @Override
    protected Translator translator(URI base, Duration timeout) {
        return new AzureTranslator(CLIENT, base, KEY, "southafricanorth", timeout);
    }

    @Override
    protected String languagesAnswer() {
        return """
                {"translation": {
                  "af": {"name": "Afrikaans", "nativeName": "Afrikaans", "dir": "ltr"},
                  "en": {"name": "English", "nativeName": "English", "dir": "ltr"},
                  "nso": {"name": "Sesotho sa Leboa", "nativeName": "Sesotho sa Leboa", "dir": "ltr"},
                  "st": {"name": "Sesotho", "nativeName": "Sesotho", "dir": "ltr"},
                  "tn": {"name": "Setswana", "nativeName": "Setswana", "dir": "ltr"},
                  "xh": {"name": "Xhosa", "nativeName": "isiXhosa", "dir": "ltr"},
                  "zu": {"name": "Zulu", "nativeName": "Isi-Zulu", "dir": "ltr"}}}""";
    }

    @Override
    protected String translationAnswer(String translated) {
        return "[{\"translations\": [{\"text\": " + quoted(translated) + ", \"to\": \"en\"}]}]";
    }

    @Override
    protected String errorAnswer(int status, String message) {
        return "{\"error\": {\"code\": " + status + "000, \"message\": " + quoted(message) + "}}";
    }

    @Test
    void aBatchIsOnePostWithTheKeyAndRegionInHeadersAndThePairInTheQuery() throws Exception {
        provider.answer(
                "POST",
                "/translate",
                200,
                """
                [{"translations": [{"text": "Hello", "to": "en"}]},
                 {"translations": [{"text": "Please help me with my account", "to": "en"}]},
                 {"translations": [{"text": "Thank you & <3 \\"very much\\"", "to": "en"}]}]""");

        Translation translation = done(translator().translate(new TranslationRequest(batch(), "zu", "en")));

        assertThat(translation.texts())
                .containsExactly("Hello", "Please help me with my account", "Thank you & <3 \"very much\"");
        assertThat(translation.engine()).isEqualTo("azure");
        FakeProvider.Request request = provider.requests().get(0);
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.path()).isEqualTo("/translate");
        assertThat(request.query()).isEqualTo("api-version=3.0&from=zu&to=en");
        assertThat(request.header("Ocp-Apim-Subscription-Key")).isEqualTo(KEY);
        assertThat(request.header("Ocp-Apim-Subscription-Region")).isEqualTo("southafricanorth");
        assertThat(request.header("Content-Type")).startsWith("application/json");
        JsonNode expected = JSON.readTree(
                """
                [{"Text": "Sawubona"}, {"Text": "Ngicela usizo nge-akhawunti yami"},
                 {"Text": "Ngiyabonga & <3 \\"kakhulu\\""}]""");
        assertThat(JSON.readTree(request.body())).isEqualTo(expected);
    }

    @Test
    void aGlobalResourceSendsNoRegion() throws Exception {
        provider.answer("POST", "/translate", 200, translationAnswer("Hello"));

        done(new AzureTranslator(CLIENT, provider.uri(), KEY, null, TIMEOUT).translate(oneText()));

        assertThat(provider.requests().get(0).header("Ocp-Apim-Subscription-Region"))
                .isNull();
    }

    @Test
    void theLanguagesAreAskedForTheTranslationScopeAndAreAnyToAnyInAzuresCodes() throws Exception {
        provider.answer("GET", "/languages", 200, languagesAnswer());

        LanguagePairs pairs = done(translator().languages());

        assertThat(pairs.languages()).containsExactly("af", "en", "nso", "st", "tn", "xh", "zu");
        assertThat(pairs.supports("st", "nso")).isTrue();
        FakeProvider.Request request = provider.requests().get(0);
        assertThat(request.method()).isEqualTo("GET");
        assertThat(request.query()).isEqualTo("api-version=3.0&scope=translation");
    }

    /** The provider's error answers, as documented: status, body, the reason, what the message quotes. */
    static Stream<Arguments> documentedErrors() {
        return Stream.of(
                Arguments.of(
                        400,
                        """
                        {"error": {"code": 400036, "message": "The target language is not valid."}}""",
                        Reason.REJECTED,
                        "The target language is not valid. (400036)"),
                Arguments.of(
                        401,
                        """
                        {"error": {"code": 401000, "message": "The request isn't authorized because credentials are missing or invalid."}}""",
                        Reason.UNAUTHORIZED,
                        "credentials are missing or invalid"),
                Arguments.of(
                        403,
                        """
                        {"error": {"code": 403000, "message": "The operation isn't allowed."}}""",
                        Reason.UNAUTHORIZED,
                        "(403000)"),
                Arguments.of(
                        403,
                        """
                        {"error": {"code": 403001, "message": "The operation isn't allowed because the subscription has exceeded its free quota."}}""",
                        Reason.RATE_LIMITED,
                        "exceeded its free quota"),
                Arguments.of(
                        429,
                        """
                        {"error": {"code": 429001, "message": "The server rejected the request because the client has exceeded request limits."}}""",
                        Reason.RATE_LIMITED,
                        "(429001)"),
                Arguments.of(
                        500,
                        """
                        {"error": {"code": 500000, "message": "An unexpected error occurred."}}""",
                        Reason.UNAVAILABLE,
                        "An unexpected error occurred."),
                Arguments.of(
                        503,
                        """
                        {"error": {"code": 503000, "message": "Service is temporarily unavailable."}}""",
                        Reason.UNAVAILABLE,
                        "temporarily unavailable"));
    }
}
