package dev.handoff.liveagent.socketio;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketVersion;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.ScheduledFuture;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link Wire} that speaks Engine.IO v4 and Socket.IO v5 itself, over a websocket on Netty: no thread of its own.
 * Every wire of a client lives on one event loop of the client's shared {@link NioEventLoopGroup} (at most two
 * threads for all conversations); its state, its timers (connect timeout, the server's ping timeout, backoff) and
 * its events are all on that loop, so nothing here locks or blocks.
 *
 * <p>The wire format, the part of it the live-agent protocol needs: {@code GET /socket.io/?EIO=4&transport=websocket}
 * upgraded to a websocket; the server's {@code 0{"sid", "pingInterval", "pingTimeout", ...}} opens the engine; the
 * server pings ({@code 2}) and the client answers ({@code 3}); {@code 1} closes. Socket.IO packets ride in {@code 4}:
 * {@code 0/live_agent,{auth}} connects the namespace (answered {@code 0/live_agent,{"sid"}} or refused with {@code
 * 4/live_agent,{"message", "data"}}), {@code 2/live_agent,ID["event", payload]} is an event (with an acknowledgement
 * id when one is asked for), {@code 3/live_agent,ID[payload]} an acknowledgement, {@code 1/live_agent,} the server's
 * disconnect. Binary packets are not part of the protocol and are ignored.
 *
 * <p>Reconnection is socket.io-client-java's: after a drop (transport closed, ping timeout, a failed attempt) the
 * wire tries again after {@link SocketIoSettings#reconnectionDelay()} doubling up to {@link
 * SocketIoSettings#reconnectionDelayMax()} with {@link SocketIoSettings#randomizationFactor()} jitter, without end;
 * not after the server's disconnect nor its refusal. Each attempt gives up after the connect timeout.
 */
final class NettyWire implements Wire {
    private static final Logger log = LoggerFactory.getLogger(NettyWire.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The largest websocket message accepted: far above any live-agent payload. */
    private static final int MAX_FRAME = 1 << 20;
    /**
     * What may wait unsent in one connection before it is taken for stalled and dropped (what it carried in
     * delivery mode is sent again after the reconnect): no queue grows without bound behind a silent peer.
     */
    private static final WriteBufferWaterMark WATER_MARK = new WriteBufferWaterMark(256 * 1024, 1024 * 1024);

    private enum State {
        CLOSED,
        OPENING,
        OPEN
    }

    private final Shared shared;
    private final EventLoop loop;
    private final URI engineUri;
    private final String host;
    private final int port;
    private final boolean tls;
    private final String namespace;
    private final String connectPacket;
    private final Duration connectTimeout;
    private final boolean reconnect;
    private final Events events;

    // event loop
    private State state = State.CLOSED;
    /** {@link #close()} was called: nothing more happens. */
    private boolean closed;
    /** The session wants a connection: set by {@link #connect()}, cleared by a refusal or the server's disconnect. */
    private boolean wanted;
    /** Counts channels, so that a late callback of a channel given up is recognised and ignored. */
    private long generation;

    private Channel channel;
    /** Why the current channel is being closed by us; {@code null} when it closes by itself. */
    private String closeReason;
    /** What went wrong on the current channel (its handshake, its TLS, its socket), for the connect error. */
    private Throwable channelError;

    private boolean namespaceConnected;
    private int attempts;
    private ScheduledFuture<?> openTimer;
    private ScheduledFuture<?> pingTimer;
    private ScheduledFuture<?> reconnectTimer;
    private long pingTimeoutMillis;
    /** The handshake's ping interval, for re-arming the ping timer at each ping. */
    private long lastPingInterval;

    private int nextAckId;
    /** Acknowledgements awaited on the current connection; cleared when it goes (they can never come). */
    private final Map<Integer, Consumer<JsonNode>> acks = new HashMap<>();

    private NettyWire(
            Shared shared, URI namespaceUri, String key, Duration connectTimeout, boolean reconnect, Events events) {
        this.shared = shared;
        this.loop = shared.group.next();
        this.tls =
                "https".equalsIgnoreCase(namespaceUri.getScheme()) || "wss".equalsIgnoreCase(namespaceUri.getScheme());
        this.host = namespaceUri.getHost();
        this.port = namespaceUri.getPort() > 0 ? namespaceUri.getPort() : tls ? 443 : 80;
        this.namespace =
                namespaceUri.getRawPath() == null || namespaceUri.getRawPath().isEmpty()
                        ? "/"
                        : namespaceUri.getRawPath();
        String query = "EIO=4&transport=websocket"
                + (namespaceUri.getRawQuery() == null ? "" : "&" + namespaceUri.getRawQuery());
        this.engineUri =
                URI.create((tls ? "wss" : "ws") + "://" + namespaceUri.getRawAuthority() + "/socket.io/?" + query);
        this.connectPacket = "40" + namespace + "," + (key == null ? "" : json(Map.of("key", key)));
        this.connectTimeout = connectTimeout;
        this.reconnect = reconnect;
        this.events = events;
    }

    /** Wires on one event loop group of at most two threads, started with the first connection. */
    static Factory factory(SocketIoSettings settings) {
        return new Shared(settings);
    }

    /** What all of a client's wires share: the settings, the event loop group, the TLS context. */
    private static final class Shared implements Factory {
        private final SocketIoSettings settings;
        private final EventLoopGroup group;
        private SslContext ssl; // guarded by this

        Shared(SocketIoSettings settings) {
            this.settings = settings;
            this.group = new NioEventLoopGroup(
                    Math.min(2, Runtime.getRuntime().availableProcessors()),
                    new DefaultThreadFactory("live-agent-netty", true));
        }

        @Override
        public Wire create(URI namespaceUri, String key, Duration connectTimeout, boolean reconnect, Events events) {
            return new NettyWire(this, namespaceUri, key, connectTimeout, reconnect, events);
        }

        synchronized SslContext ssl() throws SSLException {
            if (ssl == null) {
                ssl = SslContextBuilder.forClient().build();
            }
            return ssl;
        }

        /** Lets the closes queued on the loops run (their frames go out), then stops the threads. */
        @Override
        public void close() {
            group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(3, TimeUnit.SECONDS);
        }
    }

    // ---- the Wire, from any thread ----

    @Override
    public void execute(Runnable task) {
        try {
            loop.execute(task);
        } catch (RejectedExecutionException closedLoop) {
            log.debug("the live-agent client is closed; a task was dropped");
        }
    }

    @Override
    public Cancellable schedule(Runnable task, long delay, TimeUnit unit) {
        try {
            ScheduledFuture<?> future = loop.schedule(task, delay, unit);
            return () -> future.cancel(false);
        } catch (RejectedExecutionException closedLoop) {
            log.debug("the live-agent client is closed; a timer was not set");
            return () -> {};
        }
    }

    @Override
    public void connect() {
        onLoop(() -> {
            if (closed) {
                return;
            }
            wanted = true;
            if (state == State.CLOSED && reconnectTimer == null) {
                attempts = 0;
                open();
            }
        });
    }

    @Override
    public boolean connected() {
        return namespaceConnected;
    }

    @Override
    public void emit(String event, String json) {
        onLoop(() -> send(event, json, null));
    }

    @Override
    public void emit(String event, String json, Consumer<JsonNode> ack) {
        onLoop(() -> send(event, json, ack));
    }

    @Override
    public void drop() {
        onLoop(() -> {
            if (channel != null) {
                closeChannel("transport close");
            }
        });
    }

    @Override
    public void close() {
        onLoop(() -> {
            if (closed) {
                return;
            }
            closed = true;
            wanted = false;
            cancel(reconnectTimer);
            reconnectTimer = null;
            Channel current = channel;
            boolean wasConnected = namespaceConnected;
            forgetChannel();
            if (current != null) {
                if (wasConnected) {
                    current.write(new TextWebSocketFrame("41" + namespace + ","));
                }
                current.writeAndFlush(new CloseWebSocketFrame()).addListener(ChannelFutureListener.CLOSE);
            }
        });
    }

    private void onLoop(Runnable task) {
        if (loop.inEventLoop()) {
            task.run();
        } else {
            execute(task);
        }
    }

    // ---- the engine (event loop) ----

    private void open() {
        long gen = ++generation;
        state = State.OPENING;
        closeReason = null;
        channelError = null;
        openTimer = loop.schedule(
                () -> {
                    if (gen == generation && state == State.OPENING) {
                        channelError = new IOException("timeout: no Engine.IO handshake within " + connectTimeout);
                        closeChannel("timeout");
                    }
                },
                Math.max(1, connectTimeout.toMillis()),
                TimeUnit.MILLISECONDS);
        SslContext ssl;
        try {
            ssl = tls ? shared.ssl() : null;
        } catch (SSLException e) {
            opened(gen, e);
            return;
        }
        ChannelFuture connecting = new Bootstrap()
                .group(loop)
                .channel(NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.WRITE_BUFFER_WATER_MARK, WATER_MARK)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int)
                        Math.min(Integer.MAX_VALUE, Math.max(1, connectTimeout.toMillis())))
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ChannelPipeline pipeline = ch.pipeline();
                        if (ssl != null) {
                            SslHandler handler = ssl.newHandler(ch.alloc(), host, port);
                            SSLParameters parameters = handler.engine().getSSLParameters();
                            parameters.setEndpointIdentificationAlgorithm("HTTPS");
                            handler.engine().setSSLParameters(parameters);
                            pipeline.addLast(handler);
                        }
                        pipeline.addLast(new HttpClientCodec());
                        pipeline.addLast(new HttpObjectAggregator(64 * 1024));
                        pipeline.addLast(new WebSocketClientProtocolHandler(WebSocketClientProtocolConfig.newBuilder()
                                .webSocketUri(engineUri)
                                .version(WebSocketVersion.V13)
                                .maxFramePayloadLength(MAX_FRAME)
                                .generateOriginHeader(false)
                                .handshakeTimeoutMillis(Math.max(1, connectTimeout.toMillis()))
                                .dropPongFrames(true)
                                .build()));
                        pipeline.addLast(new WebSocketFrameAggregator(MAX_FRAME));
                        pipeline.addLast(new Inbound(gen));
                    }
                })
                .connect(host, port);
        channel = connecting.channel();
        connecting.addListener(f -> {
            if (!f.isSuccess()) {
                opened(gen, f.cause());
            }
        });
    }

    /** A channel could not be opened (or closed before the handshake): a connect error, then maybe again. */
    private void opened(long gen, Throwable cause) {
        if (gen != generation || state != State.OPENING) {
            return;
        }
        forgetChannel();
        events.onConnectError(null, cause);
        reconnectLater();
    }

    private void reconnectLater() {
        if (!reconnect || !wanted || closed) {
            return;
        }
        long delay = backoff(attempts++);
        reconnectTimer = loop.schedule(
                () -> {
                    reconnectTimer = null;
                    if (!closed && wanted && state == State.CLOSED) {
                        events.onReconnectAttempt(attempts);
                        open();
                    }
                },
                delay,
                TimeUnit.MILLISECONDS);
    }

    /** socket.io-client-java's backoff: the delay doubled per attempt, jittered, capped. */
    private long backoff(int attempt) {
        SocketIoSettings settings = shared.settings;
        double ms = settings.reconnectionDelay().toMillis() * Math.pow(2, Math.min(attempt, 31));
        double jitter = settings.randomizationFactor();
        if (jitter > 0) {
            double rand = ThreadLocalRandom.current().nextDouble();
            double deviation = Math.floor(rand * jitter * ms);
            ms = ThreadLocalRandom.current().nextBoolean() ? ms - deviation : ms + deviation;
        }
        return (long) Math.max(1, Math.min(ms, settings.reconnectionDelayMax().toMillis()));
    }

    /** Closes the current channel on purpose; its close is reported with {@code reason}. */
    private void closeChannel(String reason) {
        closeReason = reason;
        if (channel != null) {
            channel.close();
        }
    }

    /** The current channel is gone (or given up): its state and timers with it. */
    private void forgetChannel() {
        generation++;
        state = State.CLOSED;
        namespaceConnected = false;
        acks.clear();
        cancel(openTimer);
        cancel(pingTimer);
        openTimer = null;
        pingTimer = null;
        channel = null;
    }

    private void channelClosed(long gen) {
        if (gen != generation) {
            return;
        }
        State was = state;
        boolean wasConnected = namespaceConnected;
        String reason =
                closeReason != null ? closeReason : channelError != null ? "transport error" : "transport close";
        Throwable error = channelError;
        forgetChannel();
        if (wasConnected) {
            events.onDisconnect(reason);
        } else {
            events.onConnectError(
                    null,
                    error != null
                            ? error
                            : new IOException(
                                    (was == State.OPENING ? "closed before the Engine.IO handshake: " : "") + reason));
        }
        reconnectLater();
    }

    private void received(long gen, String text) {
        if (gen != generation || text.isEmpty()) {
            return;
        }
        char type = text.charAt(0);
        switch (type) {
            case '0' -> {
                JsonNode handshake = parse(text.substring(1));
                long pingInterval =
                        handshake == null ? 0 : handshake.path("pingInterval").asLong();
                pingTimeoutMillis =
                        handshake == null ? 0 : handshake.path("pingTimeout").asLong();
                state = State.OPEN;
                attempts = 0;
                cancel(openTimer);
                openTimer = null;
                events.onPacket(pingInterval);
                if (gen != generation) {
                    return;
                }
                armPingTimer(gen, pingInterval);
                write(connectPacket);
            }
            case '1' -> {
                events.onPacket(0);
                if (gen == generation) {
                    closeChannel("transport close");
                }
            }
            case '2' -> {
                events.onPacket(0);
                if (gen == generation) {
                    write("3");
                    armPingTimer(gen, 0);
                }
            }
            case '4' -> {
                events.onPacket(0);
                if (gen == generation && text.length() > 1) {
                    socketPacket(text.substring(1));
                }
            }
            default -> events.onPacket(0); // 3 pong, 6 noop, 5 upgrade: nothing to do
        }
    }

    /** The engine closes itself when no ping came within the server's interval plus timeout. */
    private void armPingTimer(long gen, long pingInterval) {
        cancel(pingTimer);
        pingTimer = null;
        long interval = pingInterval > 0 ? pingInterval : lastPingInterval;
        if (pingInterval > 0) {
            lastPingInterval = pingInterval;
        }
        if (interval <= 0 || pingTimeoutMillis <= 0) {
            return;
        }
        pingTimer = loop.schedule(
                () -> {
                    if (gen == generation && state == State.OPEN) {
                        closeChannel("ping timeout");
                    }
                },
                interval + pingTimeoutMillis,
                TimeUnit.MILLISECONDS);
    }

    // ---- Socket.IO (event loop) ----

    private void socketPacket(String packet) {
        char type = packet.charAt(0);
        int i = 1;
        String nsp = "/";
        if (i < packet.length() && packet.charAt(i) == '/') {
            int comma = packet.indexOf(',', i);
            nsp = comma < 0 ? packet.substring(i) : packet.substring(i, comma);
            i = comma < 0 ? packet.length() : comma + 1;
        }
        if (!namespace.equals(nsp)) {
            log.debug("ignoring a packet for namespace {}", nsp);
            return;
        }
        int idStart = i;
        while (i < packet.length() && i - idStart < 9 && Character.isDigit(packet.charAt(i))) {
            i++;
        }
        Integer id = i > idStart ? Integer.valueOf(packet.substring(idStart, i)) : null;
        String data = packet.substring(i);
        JsonNode payload = data.isEmpty() ? null : parse(data);
        if (!data.isEmpty() && payload == null) {
            log.warn("ignoring a Socket.IO packet that is not JSON: {}", abbreviate(packet));
            return;
        }
        switch (type) {
            case '0' -> {
                namespaceConnected = true;
                events.onConnect();
            }
            case '1' -> serverDisconnect();
            case '2' -> {
                if (!namespaceConnected
                        || payload == null
                        || !payload.isArray()
                        || payload.isEmpty()
                        || !payload.get(0).isTextual()) {
                    log.debug("ignoring an event packet without an event: {}", abbreviate(packet));
                    return;
                }
                long gen = generation;
                Consumer<String> ack = id == null ? null : answer -> answer(gen, id, answer);
                events.onEvent(payload.get(0).textValue(), payload.size() > 1 ? payload.get(1) : null, ack);
            }
            case '3' -> {
                Consumer<JsonNode> handler = id == null ? null : acks.remove(id);
                if (handler != null) {
                    handler.accept(payload != null && payload.isArray() && !payload.isEmpty() ? payload.get(0) : null);
                }
            }
            case '4' -> {
                JsonNode refusal = payload != null && payload.isObject()
                        ? payload
                        : JsonNodeFactory.instance
                                .objectNode()
                                .put(
                                        "message",
                                        payload != null && payload.isTextual() ? payload.textValue() : "refused");
                wanted = false;
                forgetChannelAndClose();
                events.onConnectError(refusal, null);
            }
            default -> log.debug("ignoring a Socket.IO packet of type {} (binary is not part of the protocol)", type);
        }
    }

    /** The server disconnected the namespace: no reconnection by itself (the session decides). */
    private void serverDisconnect() {
        boolean wasConnected = namespaceConnected;
        wanted = false;
        forgetChannelAndClose();
        if (wasConnected) {
            events.onDisconnect(SERVER_DISCONNECT);
        }
    }

    private void forgetChannelAndClose() {
        Channel current = channel;
        forgetChannel();
        if (current != null) {
            current.writeAndFlush(new CloseWebSocketFrame()).addListener(ChannelFutureListener.CLOSE);
        }
    }

    private void send(String event, String json, Consumer<JsonNode> ack) {
        if (!namespaceConnected) {
            log.debug("not connected; '{}' was not sent", event);
            return;
        }
        StringBuilder packet = new StringBuilder(json.length() + event.length() + 32)
                .append("42")
                .append(namespace)
                .append(',');
        if (ack != null) {
            int id = nextAckId;
            nextAckId = nextAckId == Integer.MAX_VALUE ? 0 : nextAckId + 1;
            acks.put(id, ack);
            packet.append(id);
        }
        packet.append("[\"").append(event).append("\",").append(json).append(']');
        write(packet.toString());
    }

    private void answer(long gen, int id, String json) {
        onLoop(() -> {
            if (gen == generation && namespaceConnected) {
                write("43" + namespace + "," + id + "[" + json + "]");
            }
        });
    }

    private void write(String text) {
        if (channel != null && channel.isActive()) {
            channel.writeAndFlush(new TextWebSocketFrame(text));
            if (!channel.isWritable()) {
                log.warn(
                        "over {} bytes wait unsent to the live agent; taking the connection for stalled",
                        WATER_MARK.high());
                closeChannel("transport close");
            }
        }
    }

    private static void cancel(ScheduledFuture<?> future) {
        if (future != null) {
            future.cancel(false);
        }
    }

    private static JsonNode parse(String text) {
        try {
            return JSON.readTree(text);
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + value, e);
        }
    }

    private static String abbreviate(String text) {
        return text.length() > 200 ? text.substring(0, 200) + "..." : text;
    }

    /** The channel's inbound end: text frames in, its close and its errors. */
    private final class Inbound extends ChannelInboundHandlerAdapter {
        private final long gen;

        Inbound(long gen) {
            this.gen = gen;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            try {
                if (msg instanceof TextWebSocketFrame frame) {
                    received(gen, frame.text());
                }
            } finally {
                ReferenceCountUtil.release(msg);
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            channelClosed(gen);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            if (gen == generation && channelError == null) {
                channelError = cause;
            }
            log.debug("live-agent connection error", cause);
            ctx.close();
        }
    }
}
