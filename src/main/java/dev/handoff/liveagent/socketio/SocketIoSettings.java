package dev.handoff.liveagent.socketio;

import dev.handoff.yaml.InvalidSettingException;
import dev.handoff.yaml.ProblemCode;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How {@link SocketIoLiveAgentClient} uses Socket.IO. The per-conversation timeouts are not here:
 * they come with each {@link dev.handoff.liveagent.HandoffRequest}.
 *
 * @param transports Engine.IO transports, as socket.io-client-java takes them: the first opens each
 *     connection, {@code websocket} (one long-lived request per conversation) or {@code polling} (HTTP
 *     long-polling); {@code [polling, websocket]} starts on long-polling and upgrades to a websocket when the
 *     server offers it
 * @param maxConcurrentRequests the shared HTTP client's limit on concurrent requests, overall and
 *     per host. An open websocket holds one request for its whole life, so this bounds the number
 *     of concurrent conversations per live-agent server (OkHttp's default of 64 would make the
 *     65th conversation wait forever)
 * @param reconnectionDelay the first delay before trying to reconnect a dropped connection
 * @param reconnectionDelayMax the longest delay between two reconnection attempts (exponential backoff)
 * @param randomizationFactor jitter applied to reconnection delays, 0 to 1, so that conversations
 *     dropped together do not all reconnect at the same instant
 * @param stallTimeout how long an open connection may stay silent before it is taken for stalled (no
 *     FIN: a phone losing signal), closed and reconnected, so that what was written into it is sent
 *     again. Silent means no packet at all, not even an Engine.IO ping, while a ping is due (the
 *     server's ping interval is at most three quarters of it) or while an acknowledgement is awaited.
 *     Socket.IO itself only notices after the server's ping interval plus ping timeout (85 s with
 *     netty-socketio's defaults)
 * @param delivery whether to speak the delivery addition (README, "The delivery addition") when a
 *     server offers it; off, every connection speaks plain PROTOCOL.md (for a server whose addition
 *     misbehaves, and to measure what acknowledgements cost)
 * @param implementation which Socket.IO client carries the connections: {@link Implementation#SOCKETIO}
 *     (socket.io-client-java, three threads per connection) or {@link Implementation#NETTY} (Engine.IO v4 /
 *     Socket.IO v5 framing on a shared Netty event loop of at most two threads for every connection), both on
 *     either transport
 * @param listenerThreads the threads that call every session's listener (a fixed pool shared by all the client's
 *     conversations, started as needed): a session's calls run on one of them at a time, in order, so this many
 *     listeners may block at once (on the conversation's lock, a store) while the others' calls wait their turn
 *
 * <p>A wrong value throws an {@link InvalidSettingException} (an {@code IllegalArgumentException})
 * naming the setting and its code.
 */
public record SocketIoSettings(
        List<String> transports,
        int maxConcurrentRequests,
        Duration reconnectionDelay,
        Duration reconnectionDelayMax,
        double randomizationFactor,
        Duration stallTimeout,
        boolean delivery,
        Implementation implementation,
        int listenerThreads) {

    /** Which Socket.IO client carries the connections. */
    public enum Implementation {
        /** socket.io-client-java 2.x: blocking, three threads per connection; selectable, no longer the default. */
        SOCKETIO,
        /** Our Engine.IO v4 / Socket.IO v5 client on Netty: non-blocking, a shared event loop; the default. */
        NETTY;

        /** Its name in settings: {@code socketio} or {@code netty}. */
        public String settingName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        /** By its name in settings; an unknown one throws {@link InvalidSettingException}. */
        public static Implementation of(String name) {
            for (Implementation implementation : values()) {
                if (implementation.settingName().equals(name)) {
                    return implementation;
                }
            }
            throw new InvalidSettingException(
                    ProblemCode.INVALID_VALUE,
                    "implementation",
                    "implementation: '" + name + "' is not a Socket.IO client (known: socketio, netty)");
        }
    }

    /**
     * The system property that picks {@link #implementation} for {@link #defaults()} ({@code netty} unless set),
     * so that a process, or a whole test run, can go back to socket.io-client-java.
     */
    public static final String IMPLEMENTATION_PROPERTY = "handoff.liveagent.implementation";

    /** The most listener threads a client may have: a few, never one per conversation. */
    public static final int MAX_LISTENER_THREADS = 64;

    public static final String WEBSOCKET = "websocket";
    public static final String POLLING = "polling";

    public SocketIoSettings {
        transports = List.copyOf(Objects.requireNonNull(transports, "transports"));
        if (transports.isEmpty()) {
            throw new InvalidSettingException(
                    ProblemCode.MISSING_KEY, "transports", "transports: at least one of [websocket, polling]");
        }
        for (String transport : transports) {
            if (!WEBSOCKET.equals(transport) && !POLLING.equals(transport)) {
                throw new InvalidSettingException(
                        ProblemCode.INVALID_VALUE,
                        "transports",
                        "transports: '" + transport + "' is not a transport (known: websocket, polling)");
            }
        }
        if (maxConcurrentRequests < 1) {
            throw new InvalidSettingException(
                    ProblemCode.OUT_OF_RANGE,
                    "maxConcurrentRequests",
                    "maxConcurrentRequests must be at least 1, was " + maxConcurrentRequests);
        }
        requirePositive(reconnectionDelay, "reconnectionDelay");
        requirePositive(reconnectionDelayMax, "reconnectionDelayMax");
        if (reconnectionDelayMax.compareTo(reconnectionDelay) < 0) {
            throw new InvalidSettingException(
                    ProblemCode.OUT_OF_RANGE,
                    "reconnectionDelayMax",
                    "reconnectionDelayMax (" + reconnectionDelayMax + ") is shorter than reconnectionDelay ("
                            + reconnectionDelay + ")");
        }
        if (!(randomizationFactor >= 0 && randomizationFactor <= 1)) {
            throw new InvalidSettingException(
                    ProblemCode.OUT_OF_RANGE,
                    "randomizationFactor",
                    "randomizationFactor must be between 0 and 1, was " + randomizationFactor);
        }
        requirePositive(stallTimeout, "stallTimeout");
        Objects.requireNonNull(implementation, "implementation");
        if (listenerThreads < 1 || listenerThreads > MAX_LISTENER_THREADS) {
            throw new InvalidSettingException(
                    ProblemCode.OUT_OF_RANGE,
                    "listenerThreads",
                    "listenerThreads must be between 1 and " + MAX_LISTENER_THREADS + ", was " + listenerThreads);
        }
    }

    /**
     * Websocket only, 4096 concurrent conversations, reconnection after 0.5 s backing off to 5 s,
     * jitter 0.5, a stalled connection noticed after 10 s, the delivery addition spoken when offered, over
     * the Netty client (or the implementation {@value #IMPLEMENTATION_PROPERTY} names), 8 listener threads.
     */
    public static SocketIoSettings defaults() {
        return new SocketIoSettings(
                List.of(WEBSOCKET),
                4096,
                Duration.ofMillis(500),
                Duration.ofSeconds(5),
                0.5,
                Duration.ofSeconds(10),
                true,
                Implementation.of(System.getProperty(IMPLEMENTATION_PROPERTY, Implementation.NETTY.settingName())),
                8);
    }

    public SocketIoSettings withTransports(List<String> transports) {
        return new SocketIoSettings(
                transports,
                maxConcurrentRequests,
                reconnectionDelay,
                reconnectionDelayMax,
                randomizationFactor,
                stallTimeout,
                delivery,
                implementation,
                listenerThreads);
    }

    public SocketIoSettings withMaxConcurrentRequests(int maxConcurrentRequests) {
        return new SocketIoSettings(
                transports,
                maxConcurrentRequests,
                reconnectionDelay,
                reconnectionDelayMax,
                randomizationFactor,
                stallTimeout,
                delivery,
                implementation,
                listenerThreads);
    }

    public SocketIoSettings withReconnectionDelays(Duration reconnectionDelay, Duration reconnectionDelayMax) {
        return new SocketIoSettings(
                transports,
                maxConcurrentRequests,
                reconnectionDelay,
                reconnectionDelayMax,
                randomizationFactor,
                stallTimeout,
                delivery,
                implementation,
                listenerThreads);
    }

    public SocketIoSettings withStallTimeout(Duration stallTimeout) {
        return new SocketIoSettings(
                transports,
                maxConcurrentRequests,
                reconnectionDelay,
                reconnectionDelayMax,
                randomizationFactor,
                stallTimeout,
                delivery,
                implementation,
                listenerThreads);
    }

    public SocketIoSettings withDelivery(boolean delivery) {
        return new SocketIoSettings(
                transports,
                maxConcurrentRequests,
                reconnectionDelay,
                reconnectionDelayMax,
                randomizationFactor,
                stallTimeout,
                delivery,
                implementation,
                listenerThreads);
    }

    public SocketIoSettings withImplementation(Implementation implementation) {
        return new SocketIoSettings(
                transports,
                maxConcurrentRequests,
                reconnectionDelay,
                reconnectionDelayMax,
                randomizationFactor,
                stallTimeout,
                delivery,
                implementation,
                listenerThreads);
    }

    public SocketIoSettings withListenerThreads(int listenerThreads) {
        return new SocketIoSettings(
                transports,
                maxConcurrentRequests,
                reconnectionDelay,
                reconnectionDelayMax,
                randomizationFactor,
                stallTimeout,
                delivery,
                implementation,
                listenerThreads);
    }

    private static void requirePositive(Duration duration, String name) {
        Objects.requireNonNull(duration, name);
        if (duration.isNegative() || duration.isZero()) {
            throw new InvalidSettingException(
                    ProblemCode.OUT_OF_RANGE, name, name + " must be positive, was " + duration);
        }
    }
}
