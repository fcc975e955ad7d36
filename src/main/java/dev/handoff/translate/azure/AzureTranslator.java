package dev.handoff.translate.azure;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.handoff.translate.LanguagePairs;
import dev.handoff.translate.TranslationException.Reason;
import dev.handoff.translate.http.HttpTranslator;
import dev.handoff.translate.http.JsonHttp;
import dev.handoff.translate.http.ProviderError;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Azure AI Translator v3: {@code POST {base}/translate?api-version=3.0&from=..&to=..} with {@code [{"Text": ..}]},
 * answered {@code [{"translations": [{"text": .., "to": ..}]}]}; the languages from {@code GET
 * {base}/languages?api-version=3.0&scope=translation}, any to any among them. Azure's codes are the platform's for
 * every language the platform speaks: Sesotho sa Leboa {@code nso}, Sesotho {@code st}, Setswana {@code tn},
 * isiXhosa {@code xh}, isiZulu {@code zu}, Afrikaans {@code af}.
 *
 * <p>Errors are {@code {"error": {"code": 400036, "message": ..}}}, the code's first three digits the HTTP status;
 * {@code 403001} (the free tier's quota is used) is {@code rate_limited}, not {@code unauthorized}.
 */
public final class AzureTranslator extends HttpTranslator {
    /** Azure's global endpoint, for {@code translation.url} left out. */
    public static final URI PUBLIC_ENDPOINT = URI.create("https://api.cognitive.microsofttranslator.com");

    /** Texts in one request: Azure accepts more, but this keeps a request well under its character limit too. */
    static final int MAX_ELEMENTS = 100;

    private static final int QUOTA_EXCEEDED = 403001;

    private final URI base;
    private final URI languages;
    private final String key;
    private final String region;

    /** @param region the resource's region, or {@code null} for a global resource */
    public AzureTranslator(HttpClient client, URI base, String key, String region, Duration timeout) {
        super(new JsonHttp("azure", client, timeout, key));
        this.base = Objects.requireNonNull(base, "base");
        this.key = Objects.requireNonNull(key, "key");
        this.region = region == null || region.isBlank() ? null : region;
        this.languages = JsonHttp.endpoint(base, "/languages?api-version=3.0&scope=translation");
    }

    @Override
    protected int maxBatch() {
        return MAX_ELEMENTS;
    }

    @Override
    protected CompletableFuture<List<String>> translateBatch(List<String> texts, String source, String target) {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("api-version", "3.0");
        query.put("from", source);
        query.put("to", target);
        ArrayNode body = JsonNodeFactory.instance.arrayNode();
        texts.forEach(text -> body.addObject().put("Text", text));
        URI uri = JsonHttp.endpoint(base, "/translate?" + JsonHttp.form(query));
        HttpRequest request = region == null
                ? http.postJson(uri, body, "Ocp-Apim-Subscription-Key", key)
                : http.postJson(uri, body, "Ocp-Apim-Subscription-Key", key, "Ocp-Apim-Subscription-Region", region);
        return http.send(request, AzureTranslator::error).thenApply(this::translations);
    }

    private List<String> translations(JsonNode answer) {
        if (!answer.isArray()) throw http.malformed("not an array of results");
        List<String> texts = new ArrayList<>();
        for (JsonNode result : answer) {
            JsonNode text = result.path("translations").path(0).path("text");
            if (!text.isTextual()) throw http.malformed("a result without translations[0].text");
            texts.add(text.asText());
        }
        return texts;
    }

    @Override
    protected CompletableFuture<LanguagePairs> fetchLanguages() {
        HttpRequest request = http.request(languages).GET().build();
        return http.send(request, AzureTranslator::error).thenApply(answer -> {
            JsonNode translation = answer.path("translation");
            if (!translation.isObject()) throw http.malformed("no translation languages");
            Set<String> codes = new HashSet<>();
            translation.fieldNames().forEachRemaining(codes::add);
            return LanguagePairs.allOf(codes);
        });
    }

    private static ProviderError error(int status, JsonNode body) {
        JsonNode error = body.path("error");
        int code = error.path("code").asInt();
        String message = error.path("message").asText(body.toString()) + (code == 0 ? "" : " (" + code + ")");
        return new ProviderError(code == QUOTA_EXCEEDED ? Reason.RATE_LIMITED : null, message);
    }
}
