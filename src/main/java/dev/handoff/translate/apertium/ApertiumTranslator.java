package dev.handoff.translate.apertium;

import com.fasterxml.jackson.databind.JsonNode;
import dev.handoff.translate.LanguagePairs;
import dev.handoff.translate.TranslationException.Reason;
import dev.handoff.translate.http.HttpTranslator;
import dev.handoff.translate.http.JsonHttp;
import dev.handoff.translate.http.ProviderError;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Apertium's APY server: {@code POST {url}/translate} with the form {@code langpair=eng|spa&q=..&markUnknown=no&format=txt}
 * (the text in the body, not the URL; plain text, not HTML), answered {@code {"responseData": {"translatedText": ..}, "responseStatus":
 * 200}}; one request per text, the batch's requests in parallel, the answers in order. The pairs from {@code GET
 * {url}/listPairs}, {@code {"responseData": [{"sourceLanguage", "targetLanguage"}]}}, directed.
 *
 * <p>Errors: APY answers {@code {"status": "error", "code": 400, "explanation": ..}} (older servers {@code
 * {"responseStatus": 400, "responseDetails": ..}}); "That pair is not installed" is {@code unsupported_pair}, the
 * rest follows the status.
 */
public final class ApertiumTranslator extends HttpTranslator {
    private static final String NOT_INSTALLED = "That pair is not installed";

    private final URI translate;
    private final URI listPairs;

    public ApertiumTranslator(HttpClient client, URI url, Duration timeout) {
        super(new JsonHttp("apertium", client, timeout, null));
        this.translate = JsonHttp.endpoint(url, "/translate");
        this.listPairs = JsonHttp.endpoint(url, "/listPairs");
    }

    /** APY translates one text a request. */
    @Override
    protected int maxBatch() {
        return 1;
    }

    @Override
    protected CompletableFuture<List<String>> translateBatch(List<String> texts, String source, String target) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("langpair", LanguageCodes.toApertium(source) + "|" + LanguageCodes.toApertium(target));
        form.put("q", texts.get(0));
        form.put("markUnknown", "no");
        form.put("format", "txt");
        HttpRequest request = http.request(translate)
                .header("Content-Type", "application/x-www-form-urlencoded; charset=UTF-8")
                .POST(HttpRequest.BodyPublishers.ofString(JsonHttp.form(form)))
                .build();
        return http.send(request, ApertiumTranslator::error).thenApply(answer -> {
            failIfError(answer);
            JsonNode text = answer.path("responseData").path("translatedText");
            if (!text.isTextual()) throw http.malformed("no responseData.translatedText");
            return List.of(text.asText());
        });
    }

    @Override
    protected CompletableFuture<LanguagePairs> fetchLanguages() {
        HttpRequest request = http.request(listPairs).GET().build();
        return http.send(request, ApertiumTranslator::error).thenApply(answer -> {
            failIfError(answer);
            JsonNode listed = answer.path("responseData");
            if (!listed.isArray()) throw http.malformed("responseData is not a list of pairs");
            Set<LanguagePairs.Pair> pairs = new HashSet<>();
            for (JsonNode pair : listed) {
                String source = pair.path("sourceLanguage").asText();
                String target = pair.path("targetLanguage").asText();
                if (source.isEmpty() || target.isEmpty()) throw http.malformed("a pair without its languages");
                pairs.add(new LanguagePairs.Pair(LanguageCodes.toPlatform(source), LanguageCodes.toPlatform(target)));
            }
            return new LanguagePairs(pairs);
        });
    }

    /** An answer with HTTP 200 whose {@code responseStatus} says otherwise (older APY servers). */
    private void failIfError(JsonNode answer) {
        int status = answer.path("responseStatus").asInt(200);
        if (status != 200) {
            ProviderError error = error(status, answer);
            Reason reason = error.reason() != null ? error.reason() : JsonHttp.forStatus(status);
            throw http.failure(reason, "status " + status + ": " + error.message(), null);
        }
    }

    private static ProviderError error(int status, JsonNode body) {
        String message = body.path("explanation")
                .asText(body.path("responseDetails").asText(body.path("message").asText(body.toString())));
        return new ProviderError(message.contains(NOT_INSTALLED) ? Reason.UNSUPPORTED_PAIR : null, message);
    }
}
