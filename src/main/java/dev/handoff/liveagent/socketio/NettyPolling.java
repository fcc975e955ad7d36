package dev.handoff.liveagent.socketio;

import com.fasterxml.jackson.databind.JsonNode;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import io.netty.util.concurrent.ScheduledFuture;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Engine.IO v4 long-polling transport over Netty's HTTP client: {@code GET /socket.io/?EIO=4&transport=polling}
 * answers the handshake {@code 0{"sid", ...}}, then each {@code GET ...&sid=} is held by the server until it has
 * packets for the client, and each {@code POST ...&sid=} carries the client's. A payload's packets are separated by
 * the record separator {@code \u001e}. Binary packets ({@code b} and base64) are not part of the live-agent protocol
 * and are ignored.
 *
 * <p>One GET is outstanding at a time and at most one POST is in flight: what is sent meanwhile waits, in order, and
 * goes in the next POST, joined (up to the server's {@code maxPayload}, else {@link #DEFAULT_MAX_POST} per POST).
 * Each of the two has its HTTP connection, kept alive between requests when the server keeps it. A server may
 * close it after each response (netty-socketio does, whatever its {@code Connection} header says): that is not the
 * session's end; the next request goes on a new connection, and a request whose reused connection turns out to be
 * closed before any byte of the answer came is sent again, once, on a new one (it never reached the server), and
 * this transport stops reusing connections. A response that is not Engine.IO (a status other than 200, an empty or
 * garbled payload, a first response without the handshake) is reported as {@code [polling-bad-response]} with the
 * request it answered, and the transport closes: the wire reconnects.
 *
 * <p>An upgrade {@link #pause}s it: no new GET nor POST, and once neither is outstanding the upgrade goes on over
 * the websocket, taking what waits unsent ({@link #takeUnsent()}); a failed probe {@link #resume}s it.
 *
 * <p>Threading: the wire's event loop only (see {@link NettyTransport}); nothing blocks. Bounds: at most {@link
 * #MAX_UNSENT} characters wait unsent (beyond, {@link #send} answers {@code false}); a response of at most {@link
 * #MAX_RESPONSE} bytes; a farewell (the last POST after {@link #close}) of at most {@link #FAREWELL_TIMEOUT_MILLIS}.
 */
final class NettyPolling implements NettyTransport {
    private static final Logger log = LoggerFactory.getLogger(NettyPolling.class);

    static final String NAME = "polling";

    /** The error id of a response that is not Engine.IO long-polling. */
    static final String BAD_RESPONSE = "polling-bad-response";

    /** The record separator between the packets of one payload. */
    static final char SEPARATOR = '\u001e';

    /** The largest POST body when the handshake names no {@code maxPayload}: netty-socketio's default. */
    static final int DEFAULT_MAX_POST = 64 * 1024;

    /** The most characters that wait unsent before the connection is taken for stalled. */
    static final int MAX_UNSENT = NettyEndpoint.WATER_MARK.high();

    /** The largest response body read (a server flushes everything it holds into one response). */
    static final int MAX_RESPONSE = 4 << 20;

    /** How long the last POST after {@link #close} may take before the connections are closed anyway. */
    static final long FAREWELL_TIMEOUT_MILLIS = 2_000;

    private final NettyEndpoint endpoint;
    private final Sink sink;
    private final Slot get = new Slot(HttpMethod.GET);
    private final Slot post = new Slot(HttpMethod.POST);

    /** Packets to send, oldest first, and their length in characters. */
    private final ArrayDeque<String> unsent = new ArrayDeque<>();

    private long unsentChars;
    /** The Engine.IO session, from the handshake; {@code null} before. */
    private String sid;

    private int maxPost = DEFAULT_MAX_POST;
    /** Counts requests, for the cache-busting {@code t} parameter. */
    private long requests;
    /** Cleared once a reused connection turned out to be closed: every request gets a new one from then on. */
    private boolean reuse = true;

    private boolean closed;
    private boolean paused;
    /** What to run once paused and nothing is outstanding; {@code null} when nobody waits. */
    private Runnable onPaused;
    /** The farewell POST's body, waiting for the POST in flight; {@code null} when there is none (yet, or left). */
    private String farewell;

    private Promise<Void> farewellDone;

    NettyPolling(NettyEndpoint endpoint, Sink sink) {
        this.endpoint = endpoint;
        this.sink = sink;
    }

    @Override
    public void open() {
        get.request(null, this::polled);
    }

    @Override
    public IOException handshake(JsonNode handshake) {
        JsonNode id = handshake == null ? null : handshake.get("sid");
        if (id == null || !id.isTextual() || id.textValue().isEmpty()) {
            IOException error = bad(get.method, "the handshake has no session id (sid)", null);
            log.warn("{}", error.getMessage());
            return error;
        }
        sid = id.textValue();
        long max = handshake.path("maxPayload").asLong();
        if (max > 0) {
            maxPost = (int) Math.min(max, Integer.MAX_VALUE);
        }
        return null;
    }

    @Override
    public boolean send(String packet) {
        if (closed) {
            return true;
        }
        unsent.add(packet);
        unsentChars += packet.length();
        if (unsentChars > MAX_UNSENT) {
            return false;
        }
        flush();
        return true;
    }

    /** Stops sending and polling; {@code done} runs (maybe at once) when neither a GET nor a POST is outstanding. */
    void pause(Runnable done) {
        paused = true;
        onPaused = done;
        checkPaused();
    }

    /** Polls and sends again after a {@link #pause} (the upgrade failed). */
    void resume() {
        paused = false;
        onPaused = null;
        poll();
        flush();
    }

    /** What waits unsent, oldest first, now handed to the transport that takes over; none is left here. */
    List<String> takeUnsent() {
        List<String> packets = new ArrayList<>(unsent);
        unsent.clear();
        unsentChars = 0;
        return packets;
    }

    @Override
    public Future<?> close(List<String> goodbye) {
        if (closed || sid == null) {
            abort();
            return endpoint.loop().newSucceededFuture(null);
        }
        closed = true;
        onPaused = null;
        // the GET stays until the farewell arrived, so the server reads the client's close rather than a lost poll
        List<String> packets = takeUnsent();
        packets.addAll(goodbye);
        packets.add("1");
        farewell = String.join(String.valueOf(SEPARATOR), packets);
        farewellDone = endpoint.loop().newPromise();
        endpoint.farewells().accept(farewellDone);
        ScheduledFuture<?> timeout =
                endpoint.loop().schedule(this::farewellOver, FAREWELL_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
        farewellDone.addListener(done -> timeout.cancel(false));
        if (!post.busy) {
            sendFarewell();
        }
        return farewellDone;
    }

    @Override
    public void abort() {
        closed = true;
        onPaused = null;
        farewell = null;
        get.close();
        post.close();
        if (farewellDone != null) {
            farewellDone.trySuccess(null);
        }
    }

    private void sendFarewell() {
        String body = farewell;
        farewell = null;
        post.request(body, response -> farewellOver(), error -> farewellOver());
    }

    private void farewellOver() {
        abort();
    }

    // ---- receiving ----

    private void poll() {
        if (!closed && !paused && sid != null && !get.busy) {
            get.request(null, this::polled);
        }
    }

    /** A GET's answer: the packets, in order, then the next GET. */
    private void polled(FullHttpResponse response) {
        String body = response.content().toString(StandardCharsets.UTF_8);
        if (!HttpResponseStatus.OK.equals(response.status())) {
            refuse(bad(get.method, "HTTP " + response.status(), body));
            return;
        }
        List<String> packets = new ArrayList<>();
        String problem = split(body, packets);
        if (problem == null && sid == null && !packets.get(0).startsWith("0")) {
            problem = "the first response is not the Engine.IO handshake (0{...})";
        }
        if (problem != null) {
            refuse(bad(get.method, problem, body));
            return;
        }
        for (String packet : packets) {
            if (closed) {
                return;
            }
            if (packet.charAt(0) == 'b') {
                log.debug("ignoring a binary Engine.IO packet (binary is not part of the protocol)");
            } else {
                sink.packet(packet);
            }
        }
        if (closed) {
            return;
        }
        if (sid == null) {
            refuse(bad(get.method, "the handshake has no session id (sid)", body));
            return;
        }
        flush();
        checkPaused();
        poll();
    }

    /**
     * Splits a payload into its packets; returns what is wrong with it ({@code null} if nothing): empty, an empty
     * packet, or a packet type that is not Engine.IO's ({@code 0} to {@code 6}, {@code b} for binary).
     */
    static String split(String payload, List<String> packets) {
        if (payload.isEmpty()) {
            return "the payload is empty";
        }
        int start = 0;
        while (start <= payload.length()) {
            int end = payload.indexOf(SEPARATOR, start);
            if (end < 0) {
                end = payload.length();
            }
            String packet = payload.substring(start, end);
            if (packet.isEmpty()) {
                return "packet " + (packets.size() + 1) + " is empty";
            }
            char type = packet.charAt(0);
            if ((type < '0' || type > '6') && type != 'b') {
                return "packet " + (packets.size() + 1) + " has no Engine.IO type ('" + printable(type) + "')";
            }
            packets.add(packet);
            start = end + 1;
        }
        return null;
    }

    // ---- sending ----

    /** Sends what waits in one POST, unless one is in flight (its answer sends the rest) or sending is paused. */
    private void flush() {
        if (closed || paused || sid == null || post.busy || unsent.isEmpty()) {
            return;
        }
        StringBuilder body = new StringBuilder();
        int bytes = 0;
        while (!unsent.isEmpty()) {
            String packet = unsent.peek();
            int size = ByteBufUtil.utf8Bytes(packet) + (body.length() == 0 ? 0 : 1);
            if (body.length() > 0 && bytes + size > maxPost) {
                break;
            }
            unsent.poll();
            unsentChars -= packet.length();
            if (body.length() > 0) {
                body.append(SEPARATOR);
            }
            body.append(packet);
            bytes += size;
        }
        post.request(body.toString(), this::posted, this::postFailed);
    }

    private void posted(FullHttpResponse response) {
        if (closed) {
            farewellNext();
            return;
        }
        if (!HttpResponseStatus.OK.equals(response.status())) {
            refuse(bad(
                    post.method, "HTTP " + response.status(), response.content().toString(StandardCharsets.UTF_8)));
            return;
        }
        flush();
        checkPaused();
    }

    private void postFailed(Throwable error) {
        if (closed) {
            farewellNext();
        } else {
            fail(error);
        }
    }

    /** The POST in flight when the transport was closed is done: the farewell goes now. */
    private void farewellNext() {
        if (farewell != null) {
            sendFarewell();
        }
    }

    private void checkPaused() {
        if (paused && onPaused != null && !get.busy && !post.busy) {
            Runnable done = onPaused;
            onPaused = null;
            done.run();
        }
    }

    // ---- failing ----

    /** The transport is unusable: it closes and reports {@code error}. */
    private void fail(Throwable error) {
        if (closed) {
            return;
        }
        abort();
        sink.closed(error);
    }

    /** A response that is not Engine.IO: said (it is the server's fault, and the next one may be the same), then failed. */
    private void refuse(IOException error) {
        if (!closed) {
            log.warn("{}; dropping the connection", error.getMessage());
        }
        fail(error);
    }

    /** A {@code [polling-bad-response]} error, naming the request it answered and the start of the body. */
    private IOException bad(HttpMethod method, String problem, String body) {
        return new IOException("[" + BAD_RESPONSE + "] " + endpoint.location(method.name(), NAME) + ": " + problem
                + (body == null ? "" : "; the response began " + excerpt(body)));
    }

    private static String excerpt(String body) {
        StringBuilder text = new StringBuilder("\"");
        for (int i = 0; i < Math.min(body.length(), 100); i++) {
            text.append(printable(body.charAt(i)));
        }
        return text.append(body.length() > 100 ? "...\"" : "\"").toString();
    }

    private static String printable(char c) {
        return c < 0x20 || c == 0x7f ? String.format("\\u%04x", (int) c) : String.valueOf(c);
    }

    // ---- HTTP ----

    /**
     * One request at a time of one kind (the GET or the POST), on an HTTP connection of its own that is kept between
     * requests while the server keeps it open.
     */
    private final class Slot {
        private final HttpMethod method;
        /** The connection, busy or idle; {@code null} when there is none. */
        private Channel channel;

        private boolean busy;
        /** The current request went on a connection an earlier one used. */
        private boolean reused;
        /** The current request was already sent again once. */
        private boolean retried;
        /** A byte of the answer to the current request arrived. */
        private boolean answering;
        /** What went wrong on the current connection, for the report of its close. */
        private Throwable error;

        private String body;
        private Consumer<FullHttpResponse> onResponse;
        private Consumer<Throwable> onFailure;

        Slot(HttpMethod method) {
            this.method = method;
        }

        /** Sends a request ({@code body} for a POST, else {@code null}); exactly one of the two callbacks follows. */
        void request(String body, Consumer<FullHttpResponse> onResponse) {
            request(body, onResponse, NettyPolling.this::fail);
        }

        void request(String body, Consumer<FullHttpResponse> onResponse, Consumer<Throwable> onFailure) {
            this.busy = true;
            this.body = body;
            this.onResponse = onResponse;
            this.onFailure = onFailure;
            this.retried = false;
            attempt(reuse && channel != null && channel.isActive());
        }

        private void attempt(boolean reuseChannel) {
            answering = false;
            reused = reuseChannel;
            if (reuseChannel) {
                write(channel);
                return;
            }
            if (channel != null) {
                Channel old = channel;
                channel = null;
                old.close();
            }
            error = null;
            ChannelFuture connecting = endpoint.connect(pipeline -> {
                pipeline.addLast(new HttpClientCodec());
                pipeline.addLast(new Answering());
                pipeline.addLast(new HttpObjectAggregator(MAX_RESPONSE));
                pipeline.addLast(new Inbound());
            });
            Channel opening = connecting.channel();
            channel = opening;
            connecting.addListener(connected -> {
                if (opening != channel || !busy) {
                    return;
                }
                if (connected.isSuccess()) {
                    write(opening);
                } else {
                    // a channel that never connected never turns inactive: its failure is reported here
                    channel = null;
                    Throwable cause = connected.cause();
                    failed(new IOException(endpoint.location(method.name(), NAME), cause));
                }
            });
        }

        private void write(Channel ch) {
            String target = endpoint.target(NAME, sid) + "&t=" + Long.toString(++requests, 36);
            DefaultFullHttpRequest request = new DefaultFullHttpRequest(
                    HttpVersion.HTTP_1_1,
                    method,
                    target,
                    body == null ? Unpooled.EMPTY_BUFFER : Unpooled.copiedBuffer(body, StandardCharsets.UTF_8));
            request.headers()
                    .set(HttpHeaderNames.HOST, endpoint.authority())
                    .set(HttpHeaderNames.ACCEPT, "*/*")
                    .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
            if (body != null) {
                request.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain;charset=UTF-8");
            }
            HttpUtil.setContentLength(request, request.content().readableBytes());
            ch.writeAndFlush(request).addListener(written -> {
                if (!written.isSuccess() && ch == channel) {
                    if (error == null) {
                        error = written.cause();
                    }
                    ch.close();
                }
            });
        }

        /** The answer came; the connection stays for the next request if the server keeps it. */
        private void answered(Channel ch, FullHttpResponse response) {
            busy = false;
            if (!reuse || !HttpUtil.isKeepAlive(response)) {
                channel = null;
                ch.close();
            }
            onResponse.accept(response);
        }

        /** The connection closed: nothing lost if idle; a request sent again or failed if one was outstanding. */
        private void inactive(Channel ch) {
            if (ch != channel) {
                return;
            }
            channel = null;
            if (!busy) {
                return;
            }
            if (reused && !answering && !retried) {
                // the server had closed it (after its last answer, or idle): this request never reached it
                log.debug("a reused polling connection was closed; sending the {} again on a new one", method);
                reuse = false;
                retried = true;
                attempt(false);
                return;
            }
            String where = endpoint.location(method.name(), NAME);
            failed(
                    error != null
                            ? new IOException(where, error)
                            : new IOException(where + ": the connection closed before the response"));
        }

        private void failed(Throwable cause) {
            busy = false;
            onFailure.accept(cause);
        }

        void close() {
            busy = false;
            if (channel != null) {
                Channel old = channel;
                channel = null;
                old.close();
            }
        }

        /** Notes that the answer began, before the aggregator waits for its end. */
        private final class Answering extends ChannelInboundHandlerAdapter {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                if (msg instanceof HttpObject && ctx.channel() == channel) {
                    answering = true;
                }
                ctx.fireChannelRead(msg);
            }
        }

        /** The connection's inbound end: whole responses in, its close and its errors. */
        private final class Inbound extends ChannelInboundHandlerAdapter {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                try {
                    if (msg instanceof FullHttpResponse response && ctx.channel() == channel && busy) {
                        answered(ctx.channel(), response);
                    } else if (msg instanceof FullHttpResponse) {
                        log.debug("closing a polling connection that answered no request");
                        ctx.close();
                    }
                } finally {
                    ReferenceCountUtil.release(msg);
                }
            }

            @Override
            public void channelInactive(ChannelHandlerContext ctx) {
                inactive(ctx.channel());
            }

            @Override
            public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                if (ctx.channel() == channel && busy && error == null) {
                    error = cause;
                }
                log.debug("live-agent polling connection error", cause);
                ctx.close();
            }
        }
    }
}
