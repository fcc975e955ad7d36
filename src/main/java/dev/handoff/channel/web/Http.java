package dev.handoff.channel.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;

/** How the server's HTTP answers are written: JSON, security headers, keep-alive as the request asked. */
final class Http {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Http() {}

    static byte[] json(Object body) {
        try {
            return JSON.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + body.getClass().getSimpleName() + " as JSON", e);
        }
    }

    static FullHttpResponse response(HttpResponseStatus status, String contentType, byte[] body) {
        FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(body));
        if (contentType != null) res.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
        res.headers().set("X-Content-Type-Options", "nosniff").set("Referrer-Policy", "no-referrer");
        return res;
    }

    static FullHttpResponse jsonResponse(int status, Object body) {
        FullHttpResponse res =
                response(HttpResponseStatus.valueOf(status), "application/json; charset=utf-8", json(body));
        res.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-store");
        return res;
    }

    /** Sends {@code res} with its length; closes the connection unless the request kept it alive. */
    static void send(ChannelHandlerContext ctx, HttpMethod method, boolean keepAlive, FullHttpResponse res) {
        res.headers().set(HttpHeaderNames.CONTENT_LENGTH, res.content().readableBytes());
        if (method.equals(HttpMethod.HEAD)) res.content().clear();
        if (!keepAlive) res.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        var written = ctx.writeAndFlush(res);
        if (!keepAlive) written.addListener(ChannelFutureListener.CLOSE);
    }
}
