package dev.handoff.liveagent.socketio;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.handoff.protocol.LiveAgentEvents;
import io.socket.client.Ack;
import io.socket.client.IO;
import io.socket.client.Manager;
import io.socket.client.Socket;
import io.socket.engineio.client.Transport;
import io.socket.engineio.parser.Packet;
import io.socket.thread.EventThread;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import okhttp3.OkHttpClient;
import org.json.JSONArray;
import org.json.JSONObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link Wire} on socket.io-client-java 2.x: its wire thread is the library's one {@code EventThread}, shared by
 * every connection; timers run on the client's scheduler and hop onto that thread. Payloads cross as JSON text
 * (org.json's objects in, Jackson's trees out).
 */
final class IoSocketWire implements Wire {
    private static final Logger log = LoggerFactory.getLogger(IoSocketWire.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final java.util.Set<String> SERVER_EVENTS = java.util.Set.of(
            LiveAgentEvents.START_CONVERSATION,
            LiveAgentEvents.MESSAGES,
            LiveAgentEvents.TO_USER,
            LiveAgentEvents.DISCONNECT_SOCKET,
            LiveAgentEvents.AGENT_STATUS,
            LiveAgentEvents.QUEUE_POSITION,
            LiveAgentEvents.AGENT_JOINED,
            LiveAgentEvents.DESK_ERROR);

    private final Socket socket;
    private final ScheduledExecutorService timers;
    private final Events events;
    /** The Engine.IO transports of the current connection (attempt); event thread. */
    private final List<Transport> transports = new ArrayList<>();

    private IoSocketWire(Socket socket, ScheduledExecutorService timers, Events events) {
        this.socket = socket;
        this.timers = timers;
        this.events = events;
        subscribe();
    }

    /** Wires on one shared HTTP client and scheduler (the client's). */
    static Factory factory(SocketIoSettings settings, OkHttpClient http, ScheduledExecutorService timers) {
        return new Factory() {
            @Override
            public Wire create(
                    URI namespaceUri, String key, Duration connectTimeout, boolean reconnect, Events events) {
                IO.Options options = IO.Options.builder()
                        .setForceNew(true)
                        .setMultiplex(false)
                        .setReconnection(reconnect)
                        .setReconnectionAttempts(Integer.MAX_VALUE)
                        .setReconnectionDelay(settings.reconnectionDelay().toMillis())
                        .setReconnectionDelayMax(settings.reconnectionDelayMax().toMillis())
                        .setRandomizationFactor(settings.randomizationFactor())
                        .setTimeout(Math.max(1, connectTimeout.toMillis()))
                        .setTransports(settings.transports().toArray(String[]::new))
                        .setAuth(key == null ? null : Map.of("key", key))
                        .build();
                options.callFactory = http;
                options.webSocketFactory = http;
                return new IoSocketWire(IO.socket(namespaceUri, options), timers, events);
            }

            /** Lets the closes queued on the event thread run, so close frames go out before the pools stop. */
            @Override
            public void close() {
                CountDownLatch drained = new CountDownLatch(1);
                EventThread.exec(drained::countDown);
                try {
                    drained.await(2, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
    }

    private void subscribe() {
        socket.on(Socket.EVENT_CONNECT, args -> events.onConnect());
        socket.on(Socket.EVENT_CONNECT_ERROR, args -> {
            transports.clear();
            Object error = first(args);
            if (error instanceof JSONObject refusal) {
                events.onConnectError(node(refusal), null);
            } else {
                events.onConnectError(
                        null, error instanceof Throwable t ? t : new IOException("connect error: " + error));
            }
        });
        socket.on(Socket.EVENT_DISCONNECT, args -> events.onDisconnect(args.length > 0 ? String.valueOf(args[0]) : ""));
        // per event, not onAnyIncoming alone: the library hands events it buffered before CONNECT to listeners only
        for (String event : SERVER_EVENTS) {
            socket.on(event, args -> onEvent(event, args));
        }
        socket.onAnyIncoming(args -> {
            if (args.length > 0 && args[0] instanceof String event && !SERVER_EVENTS.contains(event)) {
                onEvent(event, java.util.Arrays.copyOfRange(args, 1, args.length));
            }
        });
        socket.io().on(Manager.EVENT_TRANSPORT, args -> {
            if (first(args) instanceof Transport transport) {
                transports.add(transport);
                transport.on(Transport.EVENT_PACKET, packetArgs -> {
                    long pingInterval = 0;
                    if (first(packetArgs) instanceof Packet<?> packet
                            && Packet.OPEN.equals(packet.type)
                            && packet.data instanceof String handshake) {
                        pingInterval = pingInterval(handshake);
                    }
                    events.onPacket(pingInterval);
                });
            }
        });
        socket.io().on(Manager.EVENT_RECONNECT_ATTEMPT, args -> {
            if (first(args) instanceof Integer attempt) {
                events.onReconnectAttempt(attempt);
            }
        });
    }

    private void onEvent(String event, Object[] args) {
        Ack ack = args.length > 0 && args[args.length - 1] instanceof Ack a ? a : null;
        JsonNode payload = args.length > (ack == null ? 0 : 1) ? node(args[0]) : null;
        events.onEvent(event, payload, ack == null ? null : json -> ack.call(object(json)));
    }

    @Override
    public void execute(Runnable task) {
        EventThread.exec(task);
    }

    @Override
    public Cancellable schedule(Runnable task, long delay, TimeUnit unit) {
        try {
            ScheduledFuture<?> future = timers.schedule(() -> EventThread.exec(task), delay, unit);
            return () -> future.cancel(false);
        } catch (RejectedExecutionException closed) {
            log.debug("the live-agent client is closed; a timer was not set");
            return () -> {};
        }
    }

    @Override
    public void connect() {
        socket.connect();
    }

    @Override
    public boolean connected() {
        return socket.connected();
    }

    @Override
    public void emit(String event, String json) {
        socket.emit(event, object(json));
    }

    @Override
    public void emit(String event, String json, Consumer<JsonNode> ack) {
        socket.emit(event, new Object[] {object(json)}, (Ack) args -> ack.accept(node(first(args))));
    }

    @Override
    public void drop() {
        List<Transport> stalled = List.copyOf(transports);
        transports.clear();
        // the engine takes its transport's close for a dropped connection; Socket.IO reconnects
        stalled.forEach(Transport::close);
    }

    @Override
    public void close() {
        socket.close();
        socket.off();
        socket.io().off(Manager.EVENT_RECONNECT_ATTEMPT);
        socket.io().off(Manager.EVENT_TRANSPORT);
    }

    private static Object first(Object[] args) {
        return args != null && args.length > 0 ? args[0] : null;
    }

    /** The Engine.IO handshake's {@code pingInterval}, or 0 if it has none. */
    static long pingInterval(String handshake) {
        try {
            return JSON.readTree(handshake).path("pingInterval").asLong();
        } catch (JsonProcessingException e) {
            return 0;
        }
    }

    /** org.json's value as Jackson's: objects and arrays by their text, the rest as they are. */
    private static JsonNode node(Object value) {
        if (value == null || value == JSONObject.NULL) {
            return value == null ? null : JsonNodeFactory.instance.nullNode();
        }
        if (value instanceof JSONObject || value instanceof JSONArray) {
            try {
                return JSON.readTree(value.toString());
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("org.json wrote JSON Jackson cannot read: " + value, e);
            }
        }
        return JSON.valueToTree(value);
    }

    private static Object object(String json) {
        try {
            return json.startsWith("[") ? new JSONArray(json) : new JSONObject(json);
        } catch (Exception e) {
            throw new IllegalStateException("cannot parse our own payload " + json, e);
        }
    }
}
