package dev.handoff.liveagent.socketio;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link Wire} to one namespace on several servers that are one live-agent server (the nodes of a desk, README
 * "Several live-agent URLs"), so that both implementations fail over alike: one underlying wire per URL, made on
 * first use by the client's {@link Wire.Factory} without reconnection of its own, and used one at a time.
 *
 * <p>It opens the first URL's wire. After a failed attempt or a lost connection (the server's disconnect included)
 * the next attempt goes to the next URL, round robin, after the backoff the wires use: {@link
 * SocketIoSettings#reconnectionDelay()} doubling up to {@link SocketIoSettings#reconnectionDelayMax()} with {@link
 * SocketIoSettings#randomizationFactor()} jitter, started again by each connection. As every wire, it tries again by
 * itself after a drop or a failed attempt, not after the server's disconnect (the session asks) nor after a refusal,
 * which is final: it is not tried on the other URLs. Each attempt gives up after the connect timeout divided by the
 * number of URLs (at least a second, at most the connect timeout), so that a node that swallows connections without
 * answering leaves the others their turn within it. What rides on the wire (buffering, delivery, the resume token,
 * the session's deadlines) does not know which URL carries it.
 *
 * <p>Threading: its wire thread is the first URL's wire's thread. {@link #execute}, {@link #schedule} and every
 * {@link Events} call run there, and its state lives there; the other methods hop onto it. The URL wires' reports
 * and acknowledgements hop onto it too, in the order they come, and a report of a wire that is not the current one
 * is dropped. At most {@link dev.handoff.liveagent.LiveAgentUrls#MAX} URL wires, one open at a time.
 */
final class FailoverWire implements Wire {
    private static final Logger log = LoggerFactory.getLogger(FailoverWire.class);

    private final Factory factory;
    private final SocketIoSettings settings;
    private final List<URI> namespaceUris;
    private final String key;
    private final Duration attemptTimeout;
    private final Events events;
    /** Who the wire is for, in logs ("conversation ID"). */
    private final String name;
    /** The URL wires, made on first use; the first at once: its thread is this wire's. Wire thread. */
    private final Wire[] wires;

    private final Wire home;

    // wire thread
    private int current;
    /** The current URL wire's namespace is connected. */
    private boolean connected;
    /** An attempt on the current URL wire is under way (connect asked, no outcome yet). */
    private boolean opening;
    /** The session wants a connection: set by {@link #connect()}, cleared by a refusal or the server's disconnect. */
    private boolean wanted;

    private boolean closed;
    /** Failed attempts since the last connection: the backoff's exponent. */
    private int attempts;

    private Cancellable reconnectTimer;

    FailoverWire(
            Factory factory,
            SocketIoSettings settings,
            List<URI> namespaceUris,
            String key,
            Duration connectTimeout,
            Events events,
            String name) {
        if (namespaceUris.size() < 2) {
            throw new IllegalArgumentException("a failover wire needs two URLs or more, not " + namespaceUris);
        }
        this.factory = factory;
        this.settings = settings;
        this.namespaceUris = List.copyOf(namespaceUris);
        this.key = key;
        this.attemptTimeout = attemptTimeout(connectTimeout, namespaceUris.size());
        this.events = events;
        this.name = name;
        this.wires = new Wire[namespaceUris.size()];
        this.wires[0] = create(0);
        this.home = wires[0];
    }

    /** The connect timeout shared by the URLs: each gets its part, at least a second, at most all of it. */
    static Duration attemptTimeout(Duration connectTimeout, int urls) {
        Duration part = connectTimeout.dividedBy(urls);
        Duration floor = Duration.ofSeconds(1);
        return part.compareTo(floor) >= 0 ? part : floor.compareTo(connectTimeout) <= 0 ? floor : connectTimeout;
    }

    private Wire create(int index) {
        return factory.create(namespaceUris.get(index), key, attemptTimeout, false, new Relay(index));
    }

    // ---- the Wire ----

    @Override
    public void execute(Runnable task) {
        home.execute(task);
    }

    @Override
    public Cancellable schedule(Runnable task, long delay, TimeUnit unit) {
        return home.schedule(task, delay, unit);
    }

    @Override
    public void connect() {
        home.execute(() -> {
            if (closed) return;
            wanted = true;
            if (!connected && !opening && reconnectTimer == null) open();
        });
    }

    /** Wire thread only, as the interface says. */
    @Override
    public boolean connected() {
        return connected;
    }

    @Override
    public void emit(String event, String json) {
        home.execute(() -> {
            if (!closed && connected) wires[current].emit(event, json);
        });
    }

    @Override
    public void emit(String event, String json, Consumer<JsonNode> ack) {
        home.execute(() -> {
            if (!closed && connected)
                wires[current].emit(
                        event,
                        json,
                        answer -> home.execute(() -> {
                            if (!closed) ack.accept(answer);
                        }));
        });
    }

    @Override
    public void drop() {
        home.execute(() -> {
            if (!closed && (connected || opening)) wires[current].drop();
        });
    }

    @Override
    public void close() {
        home.execute(() -> {
            if (closed) return;
            closed = true;
            wanted = false;
            connected = false;
            opening = false;
            cancelReconnect();
            for (Wire wire : wires) {
                if (wire != null) wire.close();
            }
        });
    }

    // ---- failing over (wire thread) ----

    private void open() {
        if (wires[current] == null) wires[current] = create(current);
        opening = true;
        wires[current].connect();
    }

    /** The current URL failed (an attempt, or its connection): the next URL, after the backoff, if still wanted. */
    private void failOver(String why) {
        URI failed = namespaceUris.get(current);
        current = (current + 1) % namespaceUris.size();
        if (!wanted || closed) {
            log.info("{}: {} at {}; the next connection goes to {}", name, why, failed, namespaceUris.get(current));
            return;
        }
        long delay = backoff(settings, attempts++);
        log.info("{}: {} at {}; trying {} in {} ms", name, why, failed, namespaceUris.get(current), delay);
        reconnectTimer = home.schedule(
                () -> {
                    reconnectTimer = null;
                    if (!closed && wanted && !connected && !opening) {
                        events.onReconnectAttempt(attempts);
                        open();
                    }
                },
                delay,
                TimeUnit.MILLISECONDS);
    }

    private void cancelReconnect() {
        if (reconnectTimer != null) {
            reconnectTimer.cancel();
            reconnectTimer = null;
        }
    }

    /** socket.io-client-java's backoff, as the wires have it: the delay doubled per attempt, jittered, capped. */
    static long backoff(SocketIoSettings settings, int attempt) {
        double ms = settings.reconnectionDelay().toMillis() * Math.pow(2, Math.min(attempt, 31));
        double jitter = settings.randomizationFactor();
        if (jitter > 0) {
            double rand = ThreadLocalRandom.current().nextDouble();
            double deviation = Math.floor(rand * jitter * ms);
            ms = ThreadLocalRandom.current().nextBoolean() ? ms - deviation : ms + deviation;
        }
        return (long) Math.max(1, Math.min(ms, settings.reconnectionDelayMax().toMillis()));
    }

    /** One URL wire's reports, taken onto the wire thread and heard only while that wire is the current one. */
    private final class Relay implements Events {
        private final int index;

        Relay(int index) {
            this.index = index;
        }

        private void hop(Runnable report) {
            home.execute(() -> {
                if (!closed && index == current) report.run();
            });
        }

        @Override
        public void onConnect() {
            hop(() -> {
                opening = false;
                connected = true;
                attempts = 0;
                events.onConnect();
            });
        }

        @Override
        public void onConnectError(JsonNode refusal, Throwable cause) {
            hop(() -> {
                opening = false;
                connected = false;
                if (refusal != null) {
                    wanted = false; // final: a refusal is not tried elsewhere
                    events.onConnectError(refusal, null);
                    return;
                }
                events.onConnectError(null, cause);
                failOver("could not connect (" + cause + ")");
            });
        }

        @Override
        public void onDisconnect(String reason) {
            hop(() -> {
                opening = false;
                connected = false;
                if (SERVER_DISCONNECT.equals(reason)) {
                    wanted = false; // as every wire: the session decides whether to connect again
                }
                events.onDisconnect(reason);
                if (!CLIENT_DISCONNECT.equals(reason)) {
                    failOver("connection lost (" + reason + ")");
                }
            });
        }

        @Override
        public void onEvent(String event, JsonNode payload, Consumer<String> ack) {
            hop(() -> events.onEvent(event, payload, ack));
        }

        @Override
        public void onPacket(long pingIntervalMillis) {
            hop(() -> events.onPacket(pingIntervalMillis));
        }
    }
}
