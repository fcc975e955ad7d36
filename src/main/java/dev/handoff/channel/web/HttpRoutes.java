package dev.handoff.channel.web;

import dev.handoff.channel.ServedBot;
import dev.handoff.channel.Sessions;
import dev.handoff.channel.rest.RestChannel;
import dev.handoff.metrics.MetricsHttp;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Every HTTP request outside Socket.IO's path, in the pipeline right after netty-socketio's authorize handler
 * (whole requests, past the {@link OriginGate}): the scrape endpoint ({@code /metrics} unless configured otherwise or
 * off), the REST channel, {@code GET /api/bots}, the web chat's files, and 404 for anything else. A page of an allowed origin gets the CORS headers. Shared by all connections.
 */
@ChannelHandler.Sharable
final class HttpRoutes extends ChannelInboundHandlerAdapter {
    static final String NAME = "channelHttp";
    static final String SOCKET_IO = "/socket.io/";
    static final String BOTS = "/api/bots";

    private final RestChannel rest;
    private final WebAssets assets;
    private final byte[] bots;
    /** The scrape endpoint, or {@code null} when the process has none. */
    private final MetricsHttp metrics;

    HttpRoutes(RestChannel rest, WebAssets assets, Sessions sessions, MetricsHttp metrics) {
        this.rest = rest;
        this.assets = assets;
        this.metrics = metrics;
        List<Object> list = new ArrayList<>();
        for (ServedBot b : sessions.bots().values()) {
            Map<String, Object> bot = new java.util.LinkedHashMap<>();
            bot.put("id", b.id());
            bot.put("languages", b.languages());
            list.add(bot);
        }
        this.bots = Http.json(list);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        if (!(msg instanceof FullHttpRequest req)) {
            ctx.fireChannelRead(msg);
            return;
        }
        QueryStringDecoder query = new QueryStringDecoder(req.uri());
        String path = query.path();
        if (path.equals(SOCKET_IO)) {
            ctx.fireChannelRead(msg);
            return;
        }
        HttpMethod method = req.method();
        boolean keepAlive = HttpUtil.isKeepAlive(req);
        if (metrics != null && metrics.handles(req.uri())) {
            MetricsHttp.Page page = metrics.answer(
                    method.name(),
                    req.headers().get(HttpHeaderNames.AUTHORIZATION),
                    req.headers().get(HttpHeaderNames.ACCEPT));
            req.release();
            FullHttpResponse res = Http.response(HttpResponseStatus.valueOf(page.status()), null, page.body());
            page.headers().forEach((name, value) -> res.headers().set(name, value));
            Http.send(ctx, method, keepAlive, res); // a scraper is no page: no CORS headers
            return;
        }
        String origin = req.headers().get(HttpHeaderNames.ORIGIN); // already allowed by the gate
        String etag = req.headers().get(HttpHeaderNames.IF_NONE_MATCH);
        byte[] body = ByteBufUtil.getBytes(req.content());
        req.release();
        if (method.equals(HttpMethod.OPTIONS)) {
            send(ctx, method, keepAlive, origin, Http.response(HttpResponseStatus.NO_CONTENT, null, new byte[0]));
            return;
        }
        CompletableFuture<RestChannel.Answer> answer = null;
        if (path.equals(RestChannel.WEBHOOK)) {
            answer = method.equals(HttpMethod.POST) ? rest.webhook(body) : null;
            if (answer == null) {
                notAllowed(ctx, method, keepAlive, origin, "POST");
                return;
            }
        } else if (path.equals(RestChannel.MESSAGES) && isGet(method)) {
            answer = rest.messages(query.parameters());
        } else if (path.equals(RestChannel.HEALTH) && isGet(method)) {
            answer = CompletableFuture.completedFuture(new RestChannel.Answer(200, Map.of("status", "ok")));
        }
        if (answer != null) {
            answer.whenComplete((a, e) -> {
                FullHttpResponse res = e == null
                        ? Http.jsonResponse(a.status(), a.body())
                        : Http.jsonResponse(500, Map.of("error", "internal", "message", "the server failed"));
                send(ctx, method, keepAlive, origin, res);
            });
            return;
        }
        if (!isGet(method)) {
            notAllowed(ctx, method, keepAlive, origin, "GET, HEAD");
            return;
        }
        if (path.equals(BOTS)) {
            FullHttpResponse res = Http.response(HttpResponseStatus.OK, "application/json; charset=utf-8", bots);
            send(ctx, method, keepAlive, origin, res);
            return;
        }
        FullHttpResponse res = assets.answer(path, etag)
                .orElseGet(() -> Http.jsonResponse(404, Map.of("error", "not_found", "message", "nothing here")));
        send(ctx, method, keepAlive, origin, res);
    }

    private static boolean isGet(HttpMethod method) {
        return method.equals(HttpMethod.GET) || method.equals(HttpMethod.HEAD);
    }

    private static void notAllowed(
            ChannelHandlerContext ctx, HttpMethod method, boolean keepAlive, String origin, String allow) {
        FullHttpResponse res = Http.jsonResponse(405, Map.of("error", "method_not_allowed", "message", "use " + allow));
        res.headers().set(HttpHeaderNames.ALLOW, allow);
        send(ctx, method, keepAlive, origin, res);
    }

    private static void send(
            ChannelHandlerContext ctx, HttpMethod method, boolean keepAlive, String origin, FullHttpResponse res) {
        if (origin != null) {
            res.headers()
                    .set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN, origin)
                    .set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_METHODS, "GET, POST")
                    .set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_HEADERS, "content-type")
                    .set(HttpHeaderNames.ACCESS_CONTROL_MAX_AGE, "600")
                    .set(HttpHeaderNames.VARY, HttpHeaderNames.ORIGIN);
        }
        Http.send(ctx, method, keepAlive, res);
    }
}
