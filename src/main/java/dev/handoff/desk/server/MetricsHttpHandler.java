package dev.handoff.desk.server;

import dev.handoff.metrics.MetricsHttp;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;

/**
 * Prometheus's scrape on the desk's port ({@code metrics.path}, {@code /metrics} by default): in the pipeline right
 * after netty-socketio's authorize handler and before the console ({@link ConsoleHttpHandler}), so its requests have
 * passed {@link HttpGate} (and TLS, when set) like every other. It writes {@link MetricsHttp}'s page (a bearer token
 * when {@code metrics.token} is set); every other request goes on. Not in the pipeline when metrics are off: the
 * path is then the console's 404. The page is built on the event loop: the desk's gauges read fields, never the
 * desk's lock nor the database. Shared by all connections; keeps no state of its own.
 */
@ChannelHandler.Sharable
final class MetricsHttpHandler extends ChannelInboundHandlerAdapter {
    static final String NAME = "deskMetrics";

    private final MetricsHttp http;

    MetricsHttpHandler(MetricsHttp http) {
        this.http = http;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        if (!(msg instanceof FullHttpRequest req) || !http.handles(req.uri())) {
            ctx.fireChannelRead(msg);
            return;
        }
        try {
            MetricsHttp.Page page = http.answer(
                    req.method().name(),
                    req.headers().get(HttpHeaderNames.AUTHORIZATION),
                    req.headers().get(HttpHeaderNames.ACCEPT));
            FullHttpResponse res = new DefaultFullHttpResponse(
                    HttpVersion.HTTP_1_1,
                    HttpResponseStatus.valueOf(page.status()),
                    Unpooled.wrappedBuffer(page.body()));
            page.headers().forEach(res.headers()::set);
            boolean keepAlive = HttpUtil.isKeepAlive(req);
            if (!keepAlive) res.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            var written = ctx.writeAndFlush(res);
            if (!keepAlive) written.addListener(ChannelFutureListener.CLOSE);
        } finally {
            req.release();
        }
    }
}
