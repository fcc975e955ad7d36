package dev.handoff.liveagent.socketio;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * What a session needs of a socket: one Socket.IO v5 connection to a namespace, which reconnects by itself with
 * backoff after a drop (not after the server's disconnect nor a refusal), and reports what happens to {@link
 * Events}. {@link SocketIoSession} and {@link SocketIoRating} speak the live-agent protocol over it; {@link
 * IoSocketWire} (socket.io-client-java) and {@link NettyWire} (Engine.IO v4 / Socket.IO v5 framing on Netty) carry
 * it.
 *
 * <p>Threading: each wire has one thread of its own at a time (shared with other wires), its <em>wire thread</em>.
 * Every {@link Events} call, every acknowledgement and every task given to {@link #execute} or {@link #schedule}
 * runs on it, one at a time. The other methods may be called from any thread and never block; a wire hops onto
 * its thread where it has to. Nothing may block on the wire thread.
 */
interface Wire {

    /** Runs a task on the wire thread; dropped (logged) once the client is closed. */
    void execute(Runnable task);

    /** Runs a task on the wire thread after a delay; dropped once the client is closed. */
    Cancellable schedule(Runnable task, long delay, TimeUnit unit);

    /** Opens the connection (again, after the server's disconnect); does nothing while open or opening. */
    void connect();

    /** Whether the namespace is connected now (wire thread). */
    boolean connected();

    /** Emits an event with one JSON payload; dropped while not connected. */
    void emit(String event, String json);

    /** Emits an event with one JSON payload and asks for an acknowledgement, handed its first argument (or null). */
    void emit(String event, String json, Consumer<JsonNode> ack);

    /** Closes the transport as if it dropped (a stall): {@link Events#onDisconnect} follows, then reconnection. */
    void drop();

    /** Closes for good: disconnects from the namespace; no event after this. Idempotent. */
    void close();

    /** A scheduled task. */
    interface Cancellable {
        void cancel();
    }

    /** What a wire reports, on its wire thread. */
    interface Events {

        /** The namespace is connected (the server's {@code CONNECT}). */
        void onConnect();

        /**
         * Opening failed: {@code refusal} is the server's {@code CONNECT_ERROR} payload (its {@code message} and
         * {@code data}), else {@code cause} says what went wrong at the transport. A refusal is final; otherwise
         * the wire tries again (if it reconnects).
         */
        void onConnectError(JsonNode refusal, Throwable cause);

        /** The connection is gone; {@link #CLIENT_DISCONNECT}, {@link #SERVER_DISCONNECT} or a transport reason. */
        void onDisconnect(String reason);

        /**
         * An event: its first argument (or {@code null}), and {@code ack} to answer it with a JSON payload when the
         * server asked for an acknowledgement, else {@code null}.
         */
        void onEvent(String event, JsonNode payload, Consumer<String> ack);

        /** An Engine.IO packet of any kind arrived; {@code pingIntervalMillis} from the handshake's, else 0. */
        void onPacket(long pingIntervalMillis);

        /** The wire tries to reconnect, for the {@code attempt}th time since the connection dropped. */
        default void onReconnectAttempt(int attempt) {}
    }

    /** The reason of a disconnect the client asked for. */
    String CLIENT_DISCONNECT = "io client disconnect";

    /** The reason of the server's disconnect: the wire does not reconnect by itself after it. */
    String SERVER_DISCONNECT = "io server disconnect";

    /** Creates wires; one per client, for the transport its settings pick. */
    interface Factory extends AutoCloseable {

        /**
         * A wire to {@code namespaceUri} (the server's URL and the namespace as its path), presenting {@code key}
         * (if not null) in the handshake's auth as {@code {"key": ...}}; each attempt to open it gives up after
         * {@code connectTimeout}. Opens nothing until {@link Wire#connect()}.
         */
        Wire create(URI namespaceUri, String key, Duration connectTimeout, boolean reconnect, Events events);

        /** Releases the factory's threads once what is queued on them ran (bounded wait). */
        @Override
        void close();
    }
}
