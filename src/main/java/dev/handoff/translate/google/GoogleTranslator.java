package dev.handoff.translate.google;

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
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Google Cloud Translation Basic (v2): {@code POST {base}/language/translate/v2} with {@code {"q": [...], "source",
 * "target", "format": "text"}}, answered {@code {"data": {"translations": [{"translatedText": ...}]}}}; the languages
 * from {@code GET {base}/language/translate/v2/languages}, any to any among them. Language codes are Google's, which
 * are the platform's for every language the platform speaks ({@code nso} included).
 *
 * <p>Errors are Google's {@code {"error": {"code", "message", "errors": [{"reason"}], "details": [{"reason"}]}}}:
 * a quota reason ({@code rateLimitExceeded}, {@code dailyLimitExceeded}, ...) is {@code rate_limited} whatever the
 * status (Google answers some with 403); a key reason ({@code keyInvalid}, {@code API_KEY_INVALID}, ...) is
 * {@code unauthorized} (Google answers a bad key with 400); otherwise the status decides.
 */
public final class GoogleTranslator extends HttpTranslator {
    /** Google's public endpoint, for {@code translation.url} left out. */
    public static final URI PUBLIC_ENDPOINT = URI.create("https://translation.googleapis.com");

    /** Google's documented limit of text segments in one request. */
    static final int MAX_SEGMENTS = 128;

    private static final Set<String> QUOTA_REASONS = Set.of(
            "rateLimitExceeded",
            "userRateLimitExceeded",
            "dailyLimitExceeded",
            "quotaExceeded",
            "RATE_LIMIT_EXCEEDED",
            "RESOURCE_EXHAUSTED");
    private static final Set<String> KEY_REASONS = Set.of(
            "keyInvalid",
            "keyExpired",
            "API_KEY_INVALID",
            "API_KEY_EXPIRED",
            "API_KEY_SERVICE_BLOCKED",
            "accessNotConfigured",
            "SERVICE_DISABLED",
            "ipRefererBlocked",
            "forbidden",
            "PERMISSION_DENIED",
            "UNAUTHENTICATED");

    private final URI translate;
    private final URI languages;
    private final String key;

    public GoogleTranslator(HttpClient client, URI base, String key, Duration timeout) {
        super(new JsonHttp("google", client, timeout, key));
        this.key = Objects.requireNonNull(key, "key");
        this.translate = JsonHttp.endpoint(base, "/language/translate/v2");
        this.languages = JsonHttp.endpoint(base, "/language/translate/v2/languages");
    }

    @Override
    protected int maxBatch() {
        return MAX_SEGMENTS;
    }

    @Override
    protected CompletableFuture<List<String>> translateBatch(List<String> texts, String source, String target) {
        HttpRequest request =
                http.postJson(translate, JsonHttp.textsBody(texts, source, target), "X-Goog-Api-Key", key);
        return http.send(request, GoogleTranslator::error).thenApply(this::translations);
    }

    private List<String> translations(JsonNode answer) {
        JsonNode translations = answer.path("data").path("translations");
        if (!translations.isArray()) throw http.malformed("no data.translations");
        List<String> texts = new ArrayList<>();
        for (JsonNode t : translations) {
            JsonNode text = t.path("translatedText");
            if (!text.isTextual()) throw http.malformed("a translation without translatedText");
            texts.add(text.asText());
        }
        return texts;
    }

    @Override
    protected CompletableFuture<LanguagePairs> fetchLanguages() {
        HttpRequest request =
                http.request(languages).header("X-Goog-Api-Key", key).GET().build();
        return http.send(request, GoogleTranslator::error).thenApply(answer -> {
            JsonNode listed = answer.path("data").path("languages");
            if (!listed.isArray()) throw http.malformed("no data.languages");
            Set<String> codes = new HashSet<>();
            for (JsonNode language : listed) {
                if (!language.path("language").isTextual()) throw http.malformed("a language without its code");
                codes.add(language.path("language").asText());
            }
            return LanguagePairs.allOf(codes);
        });
    }

    private static ProviderError error(int status, JsonNode body) {
        JsonNode error = body.path("error");
        Set<String> reasons = new LinkedHashSet<>();
        error.path("errors").forEach(e -> reasons.add(e.path("reason").asText()));
        error.path("details").forEach(d -> reasons.add(d.path("reason").asText()));
        reasons.add(error.path("status").asText());
        reasons.remove("");
        Reason reason = reasons.stream().anyMatch(QUOTA_REASONS::contains)
                ? Reason.RATE_LIMITED
                : reasons.stream().anyMatch(KEY_REASONS::contains) ? Reason.UNAUTHORIZED : null;
        String message = error.path("message").asText(body.toString());
        return new ProviderError(reason, reasons.isEmpty() ? message : message + " " + reasons);
    }
}
