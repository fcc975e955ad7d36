package dev.handoff.metrics;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.nio.charset.StandardCharsets;

/**
 * The scrape endpoint, for a server's netty pipeline: {@link #handles} says whether a request is for it, {@link
 * #answer} writes the page. Prometheus's text format, or OpenMetrics when the scraper's {@code Accept} asks for it;
 * {@code GET} and {@code HEAD} only; a bearer token when {@link MetricsSettings#token()} is set (401 without it).
 *
 * <p>The page is built where the request arrives (a netty event loop): a scrape of a few hundred meters takes well
 * under a millisecond, and every gauge the features register reads a field or a size, never a lock nor the database.
 */
public final class MetricsHttp {
    private final MetricsSettings settings;
    private final PrometheusMeterRegistry registry;

    public MetricsHttp(MetricsSettings settings, PrometheusMeterRegistry registry) {
        this.settings = settings;
        this.registry = registry;
    }

    public MetricsSettings settings() {
        return settings;
    }

    /** Whether this request is a scrape (the path, any query): never when metrics are off. */
    public boolean handles(HttpRequest request) {
        return settings.enabled()
                && new QueryStringDecoder(request.uri()).path().equals(settings.path());
    }

    /** The answer to a request {@link #handles} took. */
    public FullHttpResponse answer(HttpRequest request) {
        HttpMethod method = request.method();
        if (!method.equals(HttpMethod.GET) && !method.equals(HttpMethod.HEAD)) {
            FullHttpResponse res = text(HttpResponseStatus.METHOD_NOT_ALLOWED, "Only GET and HEAD.\n");
            res.headers().set(HttpHeaderNames.ALLOW, "GET, HEAD");
            return res;
        }
        if (!settings.admits(request.headers().get(HttpHeaderNames.AUTHORIZATION))) {
            FullHttpResponse res = text(HttpResponseStatus.UNAUTHORIZED, "A bearer token is required.\n");
            res.headers().set(HttpHeaderNames.WWW_AUTHENTICATE, "Bearer realm=\"metrics\"");
            return res;
        }
        String accept = request.headers().get(HttpHeaderNames.ACCEPT);
        boolean openMetrics = accept != null && accept.contains("application/openmetrics-text");
        String contentType = openMetrics
                ? "application/openmetrics-text; version=1.0.0; charset=utf-8"
                : "text/plain; version=0.0.4; charset=utf-8";
        byte[] body = registry.scrape(contentType).getBytes(StandardCharsets.UTF_8);
        FullHttpResponse res = new DefaultFullHttpResponse(
                HttpVersion.HTTP_1_1,
                HttpResponseStatus.OK,
                method.equals(HttpMethod.HEAD) ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(body));
        res.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, contentType)
                .set(HttpHeaderNames.CACHE_CONTROL, "no-store")
                .set("X-Content-Type-Options", "nosniff")
                .setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
        return res;
    }

    private static FullHttpResponse text(HttpResponseStatus status, String text) {
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(body));
        res.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8")
                .set(HttpHeaderNames.CACHE_CONTROL, "no-store")
                .setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
        return res;
    }
}
