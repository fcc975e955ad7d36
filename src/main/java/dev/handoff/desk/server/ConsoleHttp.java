package dev.handoff.desk.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.handoff.desk.api.DeskError;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How the console's HTTP answers are written: every one with the same security headers (a strict
 * Content-Security-Policy: scripts, styles and connections from the desk's own origin only, no inline
 * script, no eval, never in a frame; no MIME sniffing; no referrer), JSON errors as {@code {"code",
 * "message"}} with the stable codes of {@link DeskError.Code}, and keep-alive as the request asks.
 */
final class ConsoleHttp {
    private static final Logger log = LoggerFactory.getLogger(ConsoleHttp.class);

    /** The console's Content-Security-Policy: nothing but the desk's own files and its Socket.IO connection. */
    static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
            + " connect-src 'self' ws: wss:; font-src 'self'; object-src 'none'; base-uri 'none';"
            + " form-action 'self'; frame-ancestors 'none'";

    static final Map<String, String> SECURITY_HEADERS = securityHeaders();

    private static final ObjectMapper JSON = new ObjectMapper();

    private ConsoleHttp() {}

    private static Map<String, String> securityHeaders() {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Content-Security-Policy", CSP);
        h.put("X-Content-Type-Options", "nosniff");
        h.put("X-Frame-Options", "DENY");
        h.put("Referrer-Policy", "no-referrer");
        h.put("Cross-Origin-Opener-Policy", "same-origin");
        h.put("Cross-Origin-Resource-Policy", "same-origin");
        h.put("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()");
        return Map.copyOf(h);
    }

    /** A response with {@code body} (may be empty), not yet sent. */
    static FullHttpResponse response(HttpResponseStatus status, String contentType, byte[] body) {
        FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(body));
        if (contentType != null) res.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
        return res;
    }

    /**
     * Sends {@code res} with the security headers and its length; the connection stays open if the
     * request asked for it. A {@code HEAD} request gets the headers only.
     */
    static void send(ChannelHandlerContext ctx, HttpRequest req, FullHttpResponse res) {
        HttpHeaders headers = res.headers();
        SECURITY_HEADERS.forEach(headers::set);
        headers.set(HttpHeaderNames.CONTENT_LENGTH, res.content().readableBytes());
        if (req.method().equals(HttpMethod.HEAD)) res.content().clear();
        boolean keepAlive = HttpUtil.isKeepAlive(req);
        if (!keepAlive) headers.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        var written = ctx.writeAndFlush(res);
        if (!keepAlive) written.addListener(ChannelFutureListener.CLOSE);
    }

    /** Sends {@code body} as JSON, with {@code Cache-Control: no-store}. */
    static void json(ChannelHandlerContext ctx, HttpRequest req, HttpResponseStatus status, Object body) {
        json(ctx, req, status, body, Map.of());
    }

    static void json(
            ChannelHandlerContext ctx,
            HttpRequest req,
            HttpResponseStatus status,
            Object body,
            Map<String, String> extraHeaders) {
        byte[] bytes;
        try {
            bytes = JSON.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + body.getClass().getSimpleName() + " as JSON", e);
        }
        FullHttpResponse res = response(status, "application/json; charset=utf-8", bytes);
        res.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-store");
        extraHeaders.forEach(res.headers()::add);
        send(ctx, req, res);
    }

    /** Sends {@code {"code", "message"}}. */
    static void error(
            ChannelHandlerContext ctx,
            HttpRequest req,
            HttpResponseStatus status,
            DeskError.Code code,
            String message) {
        json(ctx, req, status, Map.of("code", code.wire(), "message", message));
    }

    /**
     * A request that failed inside the desk: logged with an error id ({@code what}: what failed, for the log), answered
     * {@code 500 internal} with that id, and released.
     */
    static void internalError(ChannelHandlerContext ctx, FullHttpRequest req, String what, RuntimeException e) {
        try {
            String id = Guard.errorId();
            log.error("console: {} failed [{}]: {}", what, id, e.toString(), e);
            error(
                    ctx,
                    req,
                    HttpResponseStatus.INTERNAL_SERVER_ERROR,
                    DeskError.Code.INTERNAL,
                    "the desk failed (error id " + id + ")");
        } finally {
            req.release();
        }
    }

    /** A small text answer (404, 405), with the security headers. */
    static void text(ChannelHandlerContext ctx, HttpRequest req, HttpResponseStatus status, String text) {
        FullHttpResponse res = response(status, "text/plain; charset=utf-8", text.getBytes(StandardCharsets.UTF_8));
        res.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-store");
        send(ctx, req, res);
    }
}
