package dev.handoff.desk.server;

import com.corundumstudio.socketio.handler.ClientHead;
import dev.handoff.desk.api.DeskError;
import dev.handoff.desk.config.SecurityConfig;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The desk's front door, in every connection's pipeline right after the HTTP decoder (and, after a
 * websocket upgrade, right after the frame decoder), so that netty-socketio sees only requests the
 * desk accepts:
 *
 * <ul>
 *   <li>a request whose {@code Origin} no namespace allows ({@code security.origins}) is answered 403
 *       and closed, on polling and on the websocket upgrade alike (netty-socketio would echo any
 *       origin with credentials; now only allowed ones reach it). A request without {@code Origin}
 *       (a server, a terminal, the Java or Node client) is not a browser's and passes;
 *   <li>only Engine.IO 4 requests on {@code /socket.io/} with a known transport and well-formed
 *       parameters pass (anything else is answered 400/404/405 here, so netty-socketio never logs a
 *       request's URL, which may carry a token, nor throws on a malformed one); a new session starts
 *       only with a GET, and a websocket request must be a proper RFC 6455 upgrade. Preflight requests
 *       ({@code OPTIONS}) are answered here;
 *   <li>a body longer than the limit ({@code Content-Length}) is answered 413 before it is read (one
 *       without a length is cut by netty's aggregator at the same limit, which closes the connection);
 *   <li>a request that starts a session (no {@code sid}) is admitted by the {@link ConnectionGate}, or
 *       answered 429 when its address is at a cap; once netty-socketio has created the session the gate
 *       watches it;
 *   <li>a TCP connection from a peer with too many is closed at once; one idle for longer than the
 *       heartbeat allows (a live session always has traffic within it) is closed;
 *   <li>a websocket frame with an RSV bit set is refused with close code 1002: the desk negotiates no
 *       extension, so a compressed ({@code permessage-deflate}) frame is never inflated.
 * </ul>
 *
 * <p>One instance per connection, used only on its event loop.
 */
final class HttpGate extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(HttpGate.class);
    static final String NAME = "deskHttpGate";
    private static final Set<String> TRANSPORTS = Set.of("polling", "websocket");
    private static final Set<String> BOOLEANS = Set.of("0", "1", "true", "false");

    private final SecurityConfig security;
    private final ConnectionGate gate;
    private final String path;
    private final long maxBody;
    private final ConnectionLog.Budget logs;
    /** Whether requests outside {@link #path} go on to the console ({@link ConsoleHttpHandler}) instead of a 404. */
    private final boolean pages;

    private String peer;
    private boolean tcpCounted;
    /** The request was answered here: the rest of it is dropped. */
    private boolean skipping;
    /** The connection is being closed: everything is dropped. */
    /** How long a refused connection's remaining input is read and dropped before it is closed. */
    static final java.time.Duration LINGER = java.time.Duration.ofSeconds(2);

    private boolean closing;
    /** The session this request starts, admitted but not yet created by netty-socketio. */
    private ConnectionGate.Admission pending;
    /** The session bound to this connection before the handshake request went on (polling reuses connections). */
    private ClientHead before;

    /** {@code pages}: requests for other paths than {@code path} pass (Origin checked, within the body limit) to the console. */
    HttpGate(
            SecurityConfig security,
            ConnectionGate gate,
            String path,
            long maxBody,
            ConnectionLog.Budget logs,
            boolean pages) {
        this.pages = pages;
        this.security = security;
        this.gate = gate;
        this.path = path;
        this.maxBody = maxBody;
        this.logs = logs;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        peer = ClientAddress.ip(ctx.channel().remoteAddress());
        if (!gate.tcpOpened(peer)) {
            closing = true;
            ctx.close();
            return;
        }
        tcpCounted = true;
        super.channelActive(ctx);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (tcpCounted) gate.tcpClosed(peer);
        tcpCounted = false;
        if (pending != null) gate.cancel(pending);
        pending = null;
        logs.of(ctx.channel()).flush(log);
        super.channelInactive(ctx);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof IdleStateEvent) {
            log.debug("{}: closed after no traffic for longer than the heartbeat allows", ctx.channel());
            ctx.close();
            return;
        }
        super.userEventTriggered(ctx, evt);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        if (closing) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (msg instanceof HttpRequest req) {
            skipping = false;
            if (!admit(ctx, req)) {
                ReferenceCountUtil.release(msg);
                skipping = !(msg instanceof LastHttpContent);
                return;
            }
        } else if (msg instanceof HttpContent && skipping) {
            ReferenceCountUtil.release(msg);
            if (msg instanceof LastHttpContent) skipping = false;
            return;
        } else if (msg instanceof WebSocketFrame frame && frame.rsv() != 0) {
            int rsv = frame.rsv();
            frame.release();
            closing = true;
            ConnectionLog clog = logs.of(ctx.channel());
            clog.warn(
                    log,
                    "{}: websocket frame with RSV bits {} refused (no extension such as permessage-deflate is"
                            + " negotiated); connection closed",
                    clog.who(),
                    rsv);
            ctx.channel()
                    .writeAndFlush(new CloseWebSocketFrame(WebSocketCloseStatus.PROTOCOL_ERROR))
                    .addListener(ChannelFutureListener.CLOSE);
            return;
        }
        boolean completes = pending != null && msg instanceof LastHttpContent;
        ctx.fireChannelRead(msg);
        if (completes) settle(ctx);
    }

    /** Whether the request may go on to netty-socketio; if not, it has been answered. */
    private boolean admit(ChannelHandlerContext ctx, HttpRequest req) {
        if (!ctx.channel().isActive()) return false; // what the decoder had when the connection closed
        if (req.decoderResult().isFailure()) {
            return refuse(ctx, HttpResponseStatus.BAD_REQUEST, DeskError.Code.BAD_REQUEST, "malformed HTTP request");
        }
        for (String origin : req.headers().getAll(HttpHeaderNames.ORIGIN)) {
            if (!security.origins().allowsAny(origin)) {
                return refuse(
                        ctx,
                        HttpResponseStatus.FORBIDDEN,
                        DeskError.Code.ORIGIN_NOT_ALLOWED,
                        "Origin '" + Excerpt.of(origin) + "' is not allowed (security.origins)");
            }
        }
        QueryStringDecoder query = new QueryStringDecoder(req.uri());
        if (!query.path().equals(path) && pages) return pageWithinLimit(ctx, req);
        if (!query.path().equals(path)) {
            return refuse(
                    ctx,
                    HttpResponseStatus.NOT_FOUND,
                    DeskError.Code.NOT_FOUND,
                    "nothing at " + Excerpt.of(query.path()) + "; the desk serves Socket.IO at " + path);
        }
        String problem = parameterProblem(query.parameters());
        if (problem != null) {
            return refuse(ctx, HttpResponseStatus.BAD_REQUEST, DeskError.Code.BAD_REQUEST, problem);
        }
        long length = HttpUtil.getContentLength(req, -1L);
        if (length > maxBody) {
            return refuse(
                    ctx,
                    HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE,
                    DeskError.Code.TOO_LONG,
                    "a body of " + length + " bytes; the limit is " + maxBody);
        }
        HttpMethod method = req.method();
        if (method.equals(HttpMethod.OPTIONS)) {
            preflight(ctx, req);
            return false;
        }
        boolean handshake = !query.parameters().containsKey("sid");
        boolean websocket = "websocket".equals(first(query.parameters(), "transport"));
        if (!method.equals(HttpMethod.GET) && !(method.equals(HttpMethod.POST) && !handshake && !websocket)) {
            return refuse(
                    ctx,
                    HttpResponseStatus.METHOD_NOT_ALLOWED,
                    DeskError.Code.BAD_REQUEST,
                    "method " + Excerpt.of(method.name()) + " not allowed here");
        }
        if (websocket && !isUpgrade(req)) {
            return refuse(
                    ctx,
                    HttpResponseStatus.BAD_REQUEST,
                    DeskError.Code.BAD_REQUEST,
                    "transport=websocket needs an RFC 6455 upgrade (Upgrade: websocket, Sec-WebSocket-Version: 13)");
        }
        if (!handshake) return true;
        String address = ClientAddress.of(
                ctx.channel().remoteAddress(),
                req.headers().get(ClientAddress.FORWARDED_FOR),
                security.trustedProxies());
        ConnectionGate.Admission admission = gate.admit(address);
        if (admission == null) {
            answer(
                    ctx,
                    HttpResponseStatus.TOO_MANY_REQUESTS,
                    DeskError.Code.OVER_CAPACITY,
                    "too many connections from this address; try again later");
            return false;
        }
        if (pending != null) gate.cancel(pending);
        pending = admission;
        before = ctx.channel().attr(ClientHead.CLIENT).get();
        return true;
    }

    /** What is wrong with an Engine.IO request's parameters, or {@code null}. */
    private static String parameterProblem(Map<String, List<String>> params) {
        if (!"4".equals(first(params, "EIO"))) {
            return "only Engine.IO 4 is served (Socket.IO 3 and later clients); EIO="
                    + Excerpt.of(String.valueOf(first(params, "EIO")));
        }
        String transport = first(params, "transport");
        if (transport == null || !TRANSPORTS.contains(transport)) {
            return "transport must be polling or websocket";
        }
        String sid = first(params, "sid");
        if (params.containsKey("sid")) {
            try {
                UUID.fromString(sid == null ? "" : sid);
            } catch (IllegalArgumentException e) {
                return "sid is not a session id";
            }
        }
        if (params.containsKey("j")) return "JSONP polling (j=) is not served";
        if (params.containsKey("disconnect")) return "the disconnect parameter is not served";
        if (params.containsKey("b64") && !BOOLEANS.contains(String.valueOf(first(params, "b64")))) {
            return "b64 must be 0, 1, true or false";
        }
        return null;
    }

    /** A request for the console: it passes when its declared body is within the console's limit (a sign-in's). */
    private boolean pageWithinLimit(ChannelHandlerContext ctx, HttpRequest req) {
        long length = HttpUtil.getContentLength(req, -1L);
        long limit = Math.min(maxBody, ConsoleSignIn.MAX_BODY);
        if (length <= limit) return true;
        return refuse(
                ctx,
                HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE,
                DeskError.Code.TOO_LONG,
                "a body of " + length + " bytes; the limit is " + limit);
    }

    private static String first(Map<String, List<String>> params, String name) {
        List<String> values = params.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    private static boolean isUpgrade(HttpRequest req) {
        return req.method().equals(HttpMethod.GET)
                && req.headers().containsValue(HttpHeaderNames.UPGRADE, HttpHeaderValues.WEBSOCKET, true)
                && "13".equals(req.headers().get(HttpHeaderNames.SEC_WEBSOCKET_VERSION))
                && req.headers().contains(HttpHeaderNames.SEC_WEBSOCKET_KEY);
    }

    /** netty-socketio has handled the handshake request: the session it created is the gate's to watch. */
    private void settle(ChannelHandlerContext ctx) {
        ConnectionGate.Admission admission = pending;
        pending = null;
        ClientHead after = ctx.channel().attr(ClientHead.CLIENT).get();
        if (after != null && after != before) {
            gate.opened(admission, after, ctx.executor());
        } else {
            gate.cancel(admission);
        }
        before = null;
    }

    /** Answers a CORS preflight: the origin (already allowed) may send the Engine.IO requests. */
    private void preflight(ChannelHandlerContext ctx, HttpRequest req) {
        FullHttpResponse res =
                new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.NO_CONTENT, Unpooled.EMPTY_BUFFER);
        String origin = req.headers().get(HttpHeaderNames.ORIGIN);
        if (origin != null) {
            res.headers()
                    .set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN, origin)
                    .set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_CREDENTIALS, "true")
                    .set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_METHODS, "GET, POST")
                    .set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_HEADERS, allowedHeaders(req))
                    .set(HttpHeaderNames.ACCESS_CONTROL_MAX_AGE, "600")
                    .set(HttpHeaderNames.VARY, HttpHeaderNames.ORIGIN);
        }
        res.headers().set(HttpHeaderNames.CONTENT_LENGTH, 0);
        ctx.channel().writeAndFlush(res);
    }

    /** The request headers a preflight asks for, when they are plain header names; else only Content-Type. */
    private static String allowedHeaders(HttpRequest req) {
        String asked = req.headers().get(HttpHeaderNames.ACCESS_CONTROL_REQUEST_HEADERS);
        if (asked != null
                && asked.length() <= 200
                && asked.matches("[A-Za-z0-9!#$%&'*+.^_`|~-]+(\\s*,\\s*[A-Za-z0-9!#$%&'*+.^_`|~-]+)*")) {
            return asked;
        }
        return "content-type";
    }

    private boolean refuse(ChannelHandlerContext ctx, HttpResponseStatus status, DeskError.Code code, String why) {
        ConnectionLog clog = logs.of(ctx.channel());
        clog.warn(log, "{}: request refused ({}): {}", clog.who(), status.code(), why);
        answer(ctx, status, code, why);
        return false;
    }

    /** Answers with {@code {"code": ..., "message": ...}} and closes the connection. */
    private void answer(ChannelHandlerContext ctx, HttpResponseStatus status, DeskError.Code code, String message) {
        String json = "{\"code\":\"" + code.wire() + "\",\"message\":\"" + jsonEscape(message) + "\"}";
        ByteBuf body = Unpooled.copiedBuffer(json, StandardCharsets.UTF_8);
        FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, body);
        res.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, "application/json; charset=utf-8")
                .set(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes())
                .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        closing = true;
        ChannelFuture written = ctx.channel().writeAndFlush(res);
        written.addListener(ChannelFutureListener.CLOSE_ON_FAILURE);
        written.addListener(f -> lingeringClose(ctx));
    }

    /**
     * Closes the way a web server does after refusing a request whose body is still coming (nginx's
     * lingering close): the answer is sent and our side of the connection shut, then what the client still
     * sends is read and dropped for at most {@link #LINGER}, so a client busy writing a body over the limit
     * gets to read the 413 instead of a reset. A client that closes first ends it sooner.
     */
    private static void lingeringClose(ChannelHandlerContext ctx) {
        if (!(ctx.channel() instanceof io.netty.channel.socket.SocketChannel socket) || !socket.isActive()) {
            ctx.close();
            return;
        }
        socket.shutdownOutput().addListener(f -> {
            if (!f.isSuccess()) ctx.close();
        });
        ctx.executor().schedule(() -> ctx.close(), LINGER.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    private static String jsonEscape(String s) {
        StringBuilder out = new StringBuilder(s.length() + 8);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') out.append('\\').append(c);
            else if (c < 0x20) out.append(String.format("\\u%04x", (int) c));
            else out.append(c);
        }
        return out.toString();
    }
}
