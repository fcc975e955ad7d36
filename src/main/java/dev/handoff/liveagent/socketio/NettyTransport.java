package dev.handoff.liveagent.socketio;

import com.fasterxml.jackson.databind.JsonNode;
import io.netty.util.concurrent.Future;
import java.io.IOException;
import java.util.List;

/**
 * One Engine.IO v4 transport under a {@link NettyWire}: {@link NettyWebSocket} or {@link NettyPolling}. It carries
 * Engine.IO packets as text both ways and knows nothing of their meaning beyond what its framing needs; the wire
 * reads them, runs the engine's timers and decides when the transport is done.
 *
 * <p>Threading: everything, calls in and reports out, happens on the wire's event loop, and nothing here blocks.
 * Once {@link #close} or {@link #abort} was called the transport reports nothing more.
 */
interface NettyTransport {

    /** Starts opening; the server's {@code 0{...}} handshake arrives as the first {@link Sink#packet}. */
    void open();

    /**
     * The server's handshake, which the wire read from the first packet: the transport takes what it needs (the
     * session id, the largest payload). Returns what makes it unusable for this transport, else {@code null}.
     */
    IOException handshake(JsonNode handshake);

    /**
     * Sends one Engine.IO packet, in order after those before. Returns {@code false} when more than the
     * transport's bound waits unsent: the wire then takes the connection for stalled.
     */
    boolean send(String packet);

    /**
     * Closes for good, in order, silently (no report follows): whatever waits unsent and then the {@code farewell}
     * packets go out first when the transport can still send them, then the transport's own goodbye (a websocket's
     * close frame, long-polling's close packet {@code 1}). Returns what completes once the goodbye went, or was
     * given up (bounded).
     */
    Future<?> close(List<String> farewell);

    /** Closes for good at once, silently, as a dropped connection: nothing more is sent. Idempotent. */
    void abort();

    /** What a transport reports, on the event loop, until it is closed. */
    interface Sink {

        /** The transport is open (a websocket's HTTP upgrade is done); nothing is received before. */
        default void opened() {}

        /** One Engine.IO packet from the server, as text. */
        void packet(String packet);

        /** The transport is gone by itself: {@code error} says why, {@code null} for an orderly close. */
        void closed(Throwable error);
    }
}
