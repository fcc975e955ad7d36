package dev.handoff.liveagent.socketio;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.ScheduledFuture;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link Wire} that speaks Engine.IO v4 and Socket.IO v5 itself, on Netty: no thread of its own. Every wire of a
 * client lives on one event loop of the client's shared {@link NioEventLoopGroup} (at most two threads for all
 * conversations); its state, its timers (connect timeout, the server's ping timeout, backoff, an upgrade's) and its
 * events are all on that loop, so nothing here locks or blocks.
 *
 * <p>The wire format, the part of it the live-agent protocol needs, over either transport ({@link NettyWebSocket},
 * {@link NettyPolling}): the server's {@code 0{"sid", "pingInterval", "pingTimeout", ...}} opens the engine; the
 * server pings ({@code 2}) and the client answers ({@code 3}); {@code 1} closes. Socket.IO packets ride in {@code
 * 4}: {@code 0/live_agent,{auth}} connects the namespace (answered {@code 0/live_agent,{"sid"}} or refused with
 * {@code 4/live_agent,{"message", "data"}}), {@code 2/live_agent,ID["event", payload]} is an event (with an
 * acknowledgement id when one is asked for), {@code 3/live_agent,ID[payload]} an acknowledgement, {@code
 * 1/live_agent,} the server's disconnect. Binary packets are not part of the protocol and are ignored.
 *
 * <p>Transports, as socket.io-client-java takes {@link SocketIoSettings#transports()}: the first one opens the
 * connection. When it is {@code polling} and {@code websocket} is listed too and the server's handshake offers it,
 * the wire upgrades as Engine.IO v4 does: a websocket with the session id, {@code 2probe} answered {@code 3probe},
 * long-polling paused until neither its GET nor its POST is outstanding, {@code 5} on the websocket, and what waited
 * unsent goes on over it, in order. A probe that fails (or takes over {@link #UPGRADE_TIMEOUT}) leaves the
 * connection on long-polling.
 *
 * <p>Reconnection is socket.io-client-java's: after a drop (transport closed, ping timeout, a failed attempt) the
 * wire tries again after {@link SocketIoSettings#reconnectionDelay()} doubling up to {@link
 * SocketIoSettings#reconnectionDelayMax()} with {@link SocketIoSettings#randomizationFactor()} jitter, without end;
 * not after the server's disconnect nor its refusal. Each attempt gives up after the connect timeout.
 */
final class NettyWire implements Wire {
    private static final Logger log = LoggerFactory.getLogger(NettyWire.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The longest an upgrade may take, from its probe to {@code 5}; servers give up after 10 s by default. */
    private static final Duration UPGRADE_TIMEOUT = Duration.ofSeconds(5);

    private enum State {
        CLOSED,
        OPENING,
        OPEN
    }

    private final Shared shared;
    private final EventLoop loop;
    private final String host;
    private final int port;
    private final boolean tls;
    private final String query;
    private final String namespace;
    private final String connectPacket;
    private final Duration connectTimeout;
    private final boolean reconnect;
    private final Events events;
    /** The transport that opens each connection. */
    private final String firstTransport;
    /** Whether a long-polling connection upgrades to a websocket when the server offers it. */
    private final boolean upgrades;

    // event loop
    private State state = State.CLOSED;
    /** {@link #close()} was called: nothing more happens. */
    private boolean closed;
    /** The session wants a connection: set by {@link #connect()}, cleared by a refusal or the server's disconnect. */
    private boolean wanted;
    /** Counts connections, so that a late report of a transport given up is recognised and ignored. */
    private long generation;

    /** Where the current connection goes; {@code null} while closed. */
    private NettyEndpoint endpoint;
    /** What carries the current connection; {@code null} while closed. */
    private NettyTransport transport;
    /** The upgrade under way, if any. */
    private Upgrade upgrade;

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
        this.query = namespaceUri.getRawQuery() == null ? "" : namespaceUri.getRawQuery();
        this.connectPacket = "40" + namespace + "," + (key == null ? "" : json(Map.of("key", key)));
        this.connectTimeout = connectTimeout;
        this.reconnect = reconnect;
        this.events = events;
        List<String> transports = shared.settings.transports();
        this.firstTransport = transports.get(0);
        this.upgrades = NettyPolling.NAME.equals(firstTransport) && transports.contains(NettyWebSocket.NAME);
    }

    /** Wires on one event loop group of at most two threads, started with the first connection. */
    static Factory factory(SocketIoSettings settings) {
        return new Shared(settings);
    }

    /** What all of a client's wires share: the settings, the event loop group, the TLS context, the farewells. */
    private static final class Shared implements Factory {
        /** How long closing the client waits, at most, for the closes queued on the loops and their farewells. */
        private static final long FAREWELL_WAIT_MILLIS = NettyPolling.FAREWELL_TIMEOUT_MILLIS;

        private final SocketIoSettings settings;
        private final EventLoopGroup group;
        /** Long-polling's last POSTs, still on their way after their wire closed. */
        private final Set<Future<?>> farewells = ConcurrentHashMap.newKeySet();

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

        void farewell(Future<?> farewell) {
            farewells.add(farewell);
            farewell.addListener(done -> farewells.remove(farewell));
        }

        /**
         * Lets the closes queued on the loops run and their farewells arrive (long-polling's last POST, a bounded
         * wait), then stops the threads; the websocket close frames go out as the loops wind down.
         */
        @Override
        public void close() {
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(FAREWELL_WAIT_MILLIS);
            boolean onLoop = false;
            for (EventExecutor executor : group) {
                onLoop |= executor.inEventLoop();
            }
            if (!onLoop) {
                try {
                    for (EventExecutor executor : group) {
                        executor.submit(() -> {}).awaitUninterruptibly(left(deadline), TimeUnit.NANOSECONDS);
                    }
                    for (Future<?> farewell : List.copyOf(farewells)) {
                        farewell.awaitUninterruptibly(left(deadline), TimeUnit.NANOSECONDS);
                    }
                } catch (RejectedExecutionException stopped) {
                    // closed already
                }
            }
            group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(3, TimeUnit.SECONDS);
        }

        private static long left(long deadline) {
            return Math.max(0, deadline - System.nanoTime());
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
            if (transport != null) {
                closeTransport("transport close", null);
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
            forgetTransport(namespaceConnected ? List.of("41" + namespace + ",") : List.of());
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
        openTimer = loop.schedule(
                () -> {
                    if (gen == generation && state == State.OPENING) {
                        closeTransport(
                                "timeout", new IOException("timeout: no Engine.IO handshake within " + connectTimeout));
                    }
                },
                Math.max(1, connectTimeout.toMillis()),
                TimeUnit.MILLISECONDS);
        SslContext ssl;
        try {
            ssl = tls ? shared.ssl() : null;
        } catch (SSLException e) {
            execute(() -> transportClosed(gen, e));
            return;
        }
        endpoint = new NettyEndpoint(loop, host, port, ssl, query, connectTimeout, shared::farewell);
        NettyTransport.Sink sink = sink(gen);
        transport = NettyPolling.NAME.equals(firstTransport)
                ? new NettyPolling(endpoint, sink)
                : new NettyWebSocket(endpoint, null, sink);
        transport.open();
    }

    /** How the current connection's transport reports to the engine. */
    private NettyTransport.Sink sink(long gen) {
        return new NettyTransport.Sink() {
            @Override
            public void packet(String packet) {
                received(gen, packet);
            }

            @Override
            public void closed(Throwable error) {
                transportClosed(gen, error);
            }
        };
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

    /**
     * Drops the current connection on purpose, at once ({@code error} says why, if anything went wrong); its loss is
     * reported with {@code reason} from a task of its own, never from inside the caller.
     */
    private void closeTransport(String reason, Throwable error) {
        long gen = generation;
        if (transport != null) {
            transport.abort();
        }
        abandonUpgrade();
        execute(() -> {
            if (gen == generation) {
                connectionLost(reason, error);
            }
        });
    }

    /** The current transport closed by itself ({@code error} says why, if anything went wrong). */
    private void transportClosed(long gen, Throwable error) {
        if (gen == generation) {
            connectionLost(error != null ? "transport error" : "transport close", error);
        }
    }

    /** The current connection is gone: reported as a disconnect (or a failed attempt), then maybe again. */
    private void connectionLost(String reason, Throwable error) {
        State was = state;
        boolean wasConnected = namespaceConnected;
        forgetTransport(null);
        if (error != null) {
            log.debug("live-agent connection to {}{} lost: {}", host, namespace, reason, error);
        }
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

    /**
     * Forgets the current connection, its state and timers: closed in order with {@code farewell} (see {@link
     * NettyTransport#close}), or at once when {@code null}.
     */
    private void forgetTransport(List<String> farewell) {
        generation++;
        state = State.CLOSED;
        namespaceConnected = false;
        acks.clear();
        cancel(openTimer);
        cancel(pingTimer);
        openTimer = null;
        pingTimer = null;
        Upgrade probing = upgrade;
        if (probing != null) {
            probing.stop();
        }
        if (transport == null || farewell == null) {
            if (transport != null) {
                transport.abort();
            }
            if (probing != null) {
                probing.socket.abort();
            }
        } else {
            // the probe goes after the farewell: a server may take its close for the session's (netty-socketio does)
            Future<?> gone = transport.close(farewell);
            if (probing != null) {
                gone.addListener(done -> probing.socket.abort());
            }
        }
        transport = null;
        endpoint = null;
    }

    private void received(long gen, String text) {
        if (gen != generation || text.isEmpty()) {
            return;
        }
        char type = text.charAt(0);
        switch (type) {
            case '0' -> {
                if (state != State.OPENING) {
                    events.onPacket(0);
                    return;
                }
                JsonNode handshake = parse(text.substring(1));
                IOException unusable = transport.handshake(handshake);
                if (unusable != null) {
                    closeTransport("transport error", unusable);
                    return;
                }
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
                if (gen == generation && upgrades && offersWebsocket(handshake)) {
                    upgrade = new Upgrade(gen, handshake.path("sid").textValue());
                    upgrade.start();
                }
            }
            case '1' -> {
                events.onPacket(0);
                if (gen == generation) {
                    closeTransport("transport close", null);
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

    private static boolean offersWebsocket(JsonNode handshake) {
        for (JsonNode offered : handshake.path("upgrades")) {
            if (NettyWebSocket.NAME.equals(offered.asText())) {
                return true;
            }
        }
        return false;
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
                        closeTransport("ping timeout", null);
                    }
                },
                interval + pingTimeoutMillis,
                TimeUnit.MILLISECONDS);
    }

    // ---- the upgrade from long-polling to a websocket (event loop) ----

    private void abandonUpgrade() {
        if (upgrade != null) {
            upgrade.abandon();
        }
    }

    /**
     * One upgrade of the current long-polling connection: the probe websocket reports here until it carries the
     * connection, then to the engine like any transport.
     */
    private final class Upgrade implements NettyTransport.Sink {
        private final long gen;
        private final NettyWebSocket socket;
        private final ScheduledFuture<?> timer;
        /** {@code 3probe} came: long-polling is paused. */
        private boolean probed;

        Upgrade(long gen, String sid) {
            this.gen = gen;
            this.socket = new NettyWebSocket(endpoint, sid, this);
            this.timer = loop.schedule(
                    () -> failed("no upgrade within " + UPGRADE_TIMEOUT),
                    UPGRADE_TIMEOUT.toMillis(),
                    TimeUnit.MILLISECONDS);
        }

        void start() {
            socket.open();
        }

        private boolean current() {
            return gen == generation && upgrade == this;
        }

        @Override
        public void opened() {
            if (current()) {
                socket.send("2probe");
            }
        }

        @Override
        public void packet(String packet) {
            if (!current()) {
                return;
            }
            if (!probed && "3probe".equals(packet)) {
                probed = true;
                polling().pause(this::upgraded);
            } else {
                failed("the server answered the probe with '" + abbreviate(packet) + "'");
            }
        }

        @Override
        public void closed(Throwable error) {
            if (current()) {
                failed(error == null ? "the websocket closed" : String.valueOf(error));
            }
        }

        /** Long-polling is idle: the websocket takes over, with what waited unsent, in order. */
        private void upgraded() {
            if (!current()) {
                return;
            }
            upgrade = null;
            timer.cancel(false);
            NettyPolling polling = polling();
            socket.reportTo(sink(gen));
            transport = socket;
            boolean room = socket.send("5");
            for (String packet : polling.takeUnsent()) {
                room &= socket.send(packet);
            }
            polling.abort();
            log.debug("live-agent connection to {}{} upgraded to a websocket", host, namespace);
            if (!room) {
                overflow();
            }
        }

        private void failed(String why) {
            if (!current()) {
                return;
            }
            abandon();
            log.info(
                    "[upgrade-failed] {}: {}; staying on long-polling",
                    endpoint.location("GET", NettyWebSocket.NAME),
                    why);
            if (probed) {
                polling().resume();
            }
        }

        /** Closes the probe; long-polling stays paused if it was (the caller resumes or drops it). */
        void abandon() {
            stop();
            socket.abort();
        }

        /** Ends the upgrade but leaves its websocket open, for the caller to close. */
        void stop() {
            upgrade = null;
            timer.cancel(false);
        }

        private NettyPolling polling() {
            return (NettyPolling) transport;
        }
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
                forgetTransport(List.of());
                events.onConnectError(refusal, null);
            }
            default -> log.debug("ignoring a Socket.IO packet of type {} (binary is not part of the protocol)", type);
        }
    }

    /** The server disconnected the namespace: no reconnection by itself (the session decides). */
    private void serverDisconnect() {
        boolean wasConnected = namespaceConnected;
        wanted = false;
        forgetTransport(List.of());
        if (wasConnected) {
            events.onDisconnect(SERVER_DISCONNECT);
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
        if (transport != null && !transport.send(text)) {
            overflow();
        }
    }

    /** Too much waits unsent: the connection is taken for stalled (delivery mode sends its messages again). */
    private void overflow() {
        log.warn(
                "over {} bytes wait unsent to the live agent; taking the connection for stalled",
                NettyEndpoint.WATER_MARK.high());
        closeTransport("transport close", null);
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
}
