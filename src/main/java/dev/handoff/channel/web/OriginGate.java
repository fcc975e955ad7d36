package dev.handoff.channel.web;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.ReferenceCountUtil;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's front door, right after the HTTP decoder: a request whose {@code Origin} is not allowed is
 * answered 403 and its connection closed, whatever its path (Socket.IO's polling and websocket handshakes, the
 * REST channel, the pages), so netty-socketio never echoes a foreign origin; a body declared longer than the
 * limit is answered 413 before it is read. A request without {@code Origin} (a server, curl) is not a page's
 * and passes. One per connection, on its event loop.
 */
final class OriginGate extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(OriginGate.class);
    static final String NAME = "channelOriginGate";

    private final Set<String> origins;
    private final long maxBody;
    /** A request was refused: everything else on this connection is dropped until it closes. */
    private boolean refused;

    OriginGate(Set<String> origins, long maxBody) {
        this.origins = origins;
        this.maxBody = maxBody;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        if (refused) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (msg instanceof HttpRequest req) {
            for (String origin : req.headers().getAll(HttpHeaderNames.ORIGIN)) {
                if (!origins.contains(origin)) {
                    refuse(
                            ctx,
                            msg,
                            HttpResponseStatus.FORBIDDEN,
                            "origin_not_allowed",
                            "Origin '" + excerpt(origin) + "' is not allowed (serve --allow-origin)");
                    return;
                }
            }
            long length = HttpUtil.getContentLength(req, -1L);
            if (length > maxBody) {
                refuse(
                        ctx,
                        msg,
                        HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE,
                        "too_long",
                        "a body of " + length + " bytes; the limit is " + maxBody);
                return;
            }
        }
        ctx.fireChannelRead(msg);
    }

    private void refuse(ChannelHandlerContext ctx, Object msg, HttpResponseStatus status, String code, String why) {
        ReferenceCountUtil.release(msg);
        refused = true;
        log.info("{}: request refused ({}): {}", ctx.channel().remoteAddress(), status.code(), why);
        byte[] json = Http.json(Map.of("error", code, "message", why));
        ByteBuf body = Unpooled.wrappedBuffer(json);
        FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, body);
        res.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, "application/json; charset=utf-8")
                .set(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes())
                .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        // from the tail: the response encoder sits after this handler
        ctx.channel().writeAndFlush(res).addListener(ChannelFutureListener.CLOSE);
    }

    private static String excerpt(String s) {
        String t = s.length() <= 100 ? s : s.substring(0, 100) + "…";
        StringBuilder out = new StringBuilder();
        t.codePoints().forEach(c -> out.append(c < 0x20 || c == 0x7f ? "?" : new String(Character.toChars(c))));
        return out.toString();
    }
}
