package dev.handoff.desk.server;

import com.corundumstudio.socketio.AckRequest;
import com.corundumstudio.socketio.SocketIOClient;
import com.corundumstudio.socketio.protocol.Packet;
import java.lang.reflect.Field;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An acknowledgement answered after the event listener has returned. netty-socketio answers every
 * requested acknowledgement with no data as soon as the listeners return, and ignores a later
 * answer; the delivery addition answers {@code username} and {@code from_user} only once their
 * writes are durable, which with a write-behind store is later. {@link #defer} takes the request
 * over: netty-socketio no longer answers it, and the returned one answers it once, from any thread.
 *
 * <p>netty-socketio offers no API for this, so the request's fields are read by reflection (as
 * {@link QuickStopServer} does for its quiet period). Should that fail (another netty-socketio
 * version), the original request is returned and the failure logged: an answer given before the
 * listener returns still goes out, but a later one is replaced by netty-socketio's empty answer, which
 * our client reads as a refusal ({@code username}: the handoff fails, the user is told) or leaves
 * unacknowledged ({@code from_user}: sent again after the next reconnect). The delivery tests fail
 * on such a version, so an upgrade cannot slip through.
 */
final class DeferredAck {
    private static final Logger log = LoggerFactory.getLogger(DeferredAck.class);
    private static final Field PACKET = field("originalPacket");
    private static final Field CLIENT = field("client");
    private static final Field SENT = field("sended");

    private DeferredAck() {}

    static AckRequest defer(AckRequest ack) {
        if (!ack.isAckRequested() || PACKET == null || CLIENT == null || SENT == null) return ack;
        try {
            AckRequest later = new AckRequest((Packet) PACKET.get(ack), (SocketIOClient) CLIENT.get(ack));
            ((AtomicBoolean) SENT.get(ack)).set(true);
            return later;
        } catch (ReflectiveOperationException | RuntimeException e) {
            log.warn("cannot defer a Socket.IO acknowledgement ({}); late answers are lost", e.toString());
            return ack;
        }
    }

    private static Field field(String name) {
        try {
            Field f = AckRequest.class.getDeclaredField(name);
            f.setAccessible(true);
            return f;
        } catch (ReflectiveOperationException | RuntimeException e) {
            log.warn(
                    "netty-socketio's AckRequest has no field '{}' ({}); acknowledgements answered late are lost",
                    name,
                    e.toString());
            return null;
        }
    }
}
