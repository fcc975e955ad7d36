package dev.handoff.translate.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.handoff.translate.TranslationException;
import dev.handoff.translate.TranslationException.Reason;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

/**
 * One engine's HTTP exchanges: JSON in and out on the shared client, a deadline on each, and every failure turned
 * into a {@link TranslationException} that names the engine, quotes the provider briefly and never the key.
 */
public final class JsonHttp {
    /** The most of a provider's message an exception quotes. */
    public static final int EXCERPT = 200;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String engine;
    private final HttpClient client;
    private final Duration timeout;
    private final String secret;

    /**
     * @param engine the engine's name, first in every exception message
     * @param timeout how long one exchange may take, answer included
     * @param secret the key the engine sends, scrubbed from anything quoted; {@code null} when there is none
     */
    public JsonHttp(String engine, HttpClient client, Duration timeout, String secret) {
        this.engine = Objects.requireNonNull(engine, "engine");
        this.client = Objects.requireNonNull(client, "client");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.secret = secret == null || secret.isEmpty() ? null : secret;
    }

    public String engine() {
        return engine;
    }

    /** {@code base} (with or without a path, a trailing slash or not) followed by {@code path}. */
    public static URI endpoint(URI base, String path) {
        String root = base.toString();
        while (root.endsWith("/")) root = root.substring(0, root.length() - 1);
        return URI.create(root + path);
    }

    /** {@code name=value&...}, each part URL-encoded, in the order given. */
    public static String form(Map<String, String> parameters) {
        return parameters.entrySet().stream()
                .map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
                .collect(Collectors.joining("&"));
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /** A request to {@code uri} with the deadline and {@code Accept: application/json}. */
    public HttpRequest.Builder request(URI uri) {
        return HttpRequest.newBuilder(uri).timeout(timeout).header("Accept", "application/json");
    }

    /**
     * A JSON POST to {@code uri} with the deadline; {@code headers} are name, value, name, value... (a credential
     * goes here, never in the URI).
     */
    public HttpRequest postJson(URI uri, JsonNode body, String... headers) {
        HttpRequest.Builder request = request(uri)
                .header("Content-Type", "application/json; charset=utf-8")
                .POST(json(body));
        for (int i = 0; i + 1 < headers.length; i += 2) request.header(headers[i], headers[i + 1]);
        return request.build();
    }

    /**
     * {@code {"q": [texts], "source", "target", "format": "text"}}: the body Google v2 and LibreTranslate share;
     * {@code format: text} asks for plain text, not HTML-escaped.
     */
    public static ObjectNode textsBody(List<String> texts, String source, String target) {
        ObjectNode body = JSON.createObjectNode();
        texts.forEach(body.putArray("q")::add);
        return body.put("source", source).put("target", target).put("format", "text");
    }

    /** A JSON body, sent as UTF-8. */
    public static HttpRequest.BodyPublisher json(JsonNode body) {
        try {
            return HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body), StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree that cannot be written", e);
        }
    }

    /**
     * Sends {@code request} and completes with the answer's JSON when the status is 2xx, else exceptionally with a
     * {@link TranslationException}: the reason from {@code errors} when it names one, else from the status. A
     * connection refused, a malformed answer or a failure to connect is {@code unavailable}; no answer within the
     * deadline is {@code timeout}.
     */
    public CompletableFuture<JsonNode> send(HttpRequest request, ErrorReader errors) {
        CompletableFuture<JsonNode> result = new CompletableFuture<>();
        CompletableFuture<HttpResponse<String>> exchange =
                client.sendAsync(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        // The request's timeout ends with the answer's headers; this deadline covers the body too, and on it
        // the exchange is cancelled, which closes its connection.
        exchange.copy().orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS).whenComplete((response, failure) -> {
            if (unwrap(failure) instanceof TimeoutException) exchange.cancel(true);
            try {
                if (failure != null) result.completeExceptionally(transportFailure(failure));
                else result.complete(answer(response, errors));
            } catch (TranslationException e) {
                result.completeExceptionally(e);
            } catch (RuntimeException e) {
                result.completeExceptionally(failure(Reason.UNAVAILABLE, "unreadable answer: " + e, e));
            }
        });
        return result;
    }

    private JsonNode answer(HttpResponse<String> response, ErrorReader errors) {
        int status = response.statusCode();
        String text = response.body() == null ? "" : response.body();
        JsonNode body = parse(text);
        if (status / 100 == 2) {
            if (body == null) throw malformed("HTTP " + status + " with an answer that is not JSON: " + text);
            return body;
        }
        ProviderError error = body == null ? ProviderError.byStatus(text) : errors.read(status, body);
        Reason reason = error.reason() != null ? error.reason() : forStatus(status);
        throw failure(reason, "HTTP " + status + ": " + error.message(), null);
    }

    private static JsonNode parse(String text) {
        try {
            JsonNode node = JSON.readTree(text);
            return node == null || node.isMissingNode() ? null : node;
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    /** The reason an HTTP status means, when the provider's answer says no more. */
    public static Reason forStatus(int status) {
        if (status == 401 || status == 403) return Reason.UNAUTHORIZED;
        if (status == 408) return Reason.TIMEOUT;
        if (status == 429) return Reason.RATE_LIMITED;
        if (status >= 400 && status < 500) return Reason.REJECTED;
        return Reason.UNAVAILABLE;
    }

    private TranslationException transportFailure(Throwable failure) {
        Throwable cause = unwrap(failure);
        if (cause instanceof TranslationException e) return e;
        if (cause instanceof HttpTimeoutException || cause instanceof TimeoutException) {
            return failure(Reason.TIMEOUT, "no answer within " + timeout.toMillis() + " ms", cause);
        }
        if (cause instanceof ConnectException) {
            return failure(Reason.UNAVAILABLE, "cannot connect: " + cause.getMessage(), cause);
        }
        if (cause instanceof IOException) {
            return failure(Reason.UNAVAILABLE, cause.getClass().getSimpleName() + ": " + cause.getMessage(), cause);
        }
        return failure(Reason.UNAVAILABLE, String.valueOf(cause), cause);
    }

    /** The failure a future completed with, as a {@link TranslationException} of this engine. */
    public TranslationException asTranslationException(Throwable failure) {
        Throwable cause = unwrap(failure);
        return cause instanceof TranslationException e ? e : transportFailure(cause);
    }

    private static Throwable unwrap(Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }

    /** A 2xx answer without what the provider documents: the engine is not what it should be. */
    public TranslationException malformed(String what) {
        return failure(Reason.UNAVAILABLE, "malformed answer: " + what, null);
    }

    /** An exception of this engine, its message quoted briefly and scrubbed of the key. */
    public TranslationException failure(Reason reason, String message, Throwable cause) {
        return new TranslationException(engine, reason, quote(message), cause);
    }

    private String quote(String message) {
        String scrubbed = secret == null ? message : message.replace(secret, "(key)");
        return excerpt(scrubbed);
    }

    /** {@code text} on one line, white space folded, cut to {@link #EXCERPT} characters with an ellipsis. */
    public static String excerpt(String text) {
        String line = text.replaceAll("[\\p{Cntrl}\\s]+", " ").strip();
        if (line.codePointCount(0, line.length()) <= EXCERPT) return line;
        return line.substring(0, line.offsetByCodePoints(0, EXCERPT)) + "…";
    }
}
