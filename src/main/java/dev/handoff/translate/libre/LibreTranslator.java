package dev.handoff.translate.libre;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.handoff.translate.LanguagePairs;
import dev.handoff.translate.http.HttpTranslator;
import dev.handoff.translate.http.JsonHttp;
import dev.handoff.translate.http.ProviderError;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * LibreTranslate: {@code POST {url}/translate} with {@code {"q": [...], "source", "target", "format": "text",
 * "api_key"}}, answered {@code {"translatedText": [...]}}; the languages from {@code GET {url}/languages}, {@code
 * [{"code", "name", "targets": [...]}]}, as directed pairs (a server too old to list {@code targets}: any to any).
 * Errors are {@code {"error": ".."}}; the status decides the reason (400 rejected, 403 a bad or missing key, 429
 * the server's rate limit, 500 the model failed).
 */
public final class LibreTranslator extends HttpTranslator {
    /** A batch per request: LibreTranslate has no documented count limit, its character limit is the server's. */
    static final int MAX_TEXTS = 128;

    private final URI translate;
    private final URI languages;
    private final String key;

    /** @param key the server's API key, or {@code null} for a server that asks none */
    public LibreTranslator(HttpClient client, URI url, String key, Duration timeout) {
        super(new JsonHttp("libretranslate", client, timeout, key));
        this.key = key == null || key.isEmpty() ? null : key;
        this.translate = JsonHttp.endpoint(url, "/translate");
        this.languages = JsonHttp.endpoint(url, "/languages");
    }

    @Override
    protected int maxBatch() {
        return MAX_TEXTS;
    }

    @Override
    protected CompletableFuture<List<String>> translateBatch(List<String> texts, String source, String target) {
        ObjectNode body = JsonHttp.textsBody(texts, source, target);
        if (key != null) body.put("api_key", key);
        HttpRequest request = http.postJson(translate, body);
        return http.send(request, LibreTranslator::error).thenApply(this::translations);
    }

    private List<String> translations(JsonNode answer) {
        JsonNode translated = answer.path("translatedText");
        if (!translated.isArray()) throw http.malformed("translatedText is not a list");
        List<String> texts = new ArrayList<>();
        for (JsonNode text : translated) {
            if (!text.isTextual()) throw http.malformed("a translatedText that is not text");
            texts.add(text.asText());
        }
        return texts;
    }

    @Override
    protected CompletableFuture<LanguagePairs> fetchLanguages() {
        HttpRequest request = http.request(languages).GET().build();
        return http.send(request, LibreTranslator::error).thenApply(answer -> {
            if (!answer.isArray()) throw http.malformed("the languages are not a list");
            Set<String> codes = new HashSet<>();
            Set<LanguagePairs.Pair> pairs = new HashSet<>();
            boolean listsTargets = false;
            for (JsonNode language : answer) {
                String code = language.path("code").asText();
                if (code.isEmpty()) throw http.malformed("a language without its code");
                codes.add(code);
                JsonNode targets = language.path("targets");
                listsTargets |= targets.isArray();
                for (JsonNode target : targets) {
                    if (!target.asText().equals(code)) pairs.add(new LanguagePairs.Pair(code, target.asText()));
                }
            }
            return listsTargets ? new LanguagePairs(pairs) : LanguagePairs.allOf(codes);
        });
    }

    private static ProviderError error(int status, JsonNode body) {
        return ProviderError.byStatus(body.path("error").asText(body.toString()));
    }
}
