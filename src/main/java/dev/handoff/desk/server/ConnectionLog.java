package dev.handoff.desk.server;

import com.corundumstudio.socketio.SocketIOClient;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.util.AttributeKey;
import io.netty.util.concurrent.FastThreadLocal;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;

/**
 * The warnings one connection makes the desk write about what it sent: at most {@link #LINES} per
 * {@link #WINDOW} for each connection (then one "N more suppressed" line), {@link #ADDRESS_LINES} for
 * all connections from one peer address (a client that opens a new connection for each bad message),
 * and {@link #ALL_LINES} from all connections together, so no client can fill the log or the disk.
 * Also keeps, while a message is decoded, where that message starts, so that a failure can quote a
 * bounded {@link Excerpt} of it.
 *
 * <p>One per TCP connection (a channel attribute) for what the pipeline sees, one per Engine.IO
 * session (in its store) for what listeners see, both drawing on their desk's {@link Budget}. The
 * decoding state is touched only on the channel's event loop; the limiters are thread-safe.
 */
final class ConnectionLog {
    static final int LINES = 5;
    static final int ADDRESS_LINES = 10;
    static final int ALL_LINES = 100;
    static final Duration WINDOW = Duration.ofSeconds(10);

    private static final AttributeKey<ConnectionLog> KEY = AttributeKey.valueOf("desk.connectionLog");
    private static final String STORE_KEY = "desk.connectionLog";
    private static final FastThreadLocal<ConnectionLog> DECODING = new FastThreadLocal<>();

    private final Budget budget;
    private final String who;
    private final String address;
    private final LogLimiter limiter = new LogLimiter(LINES, WINDOW.toNanos(), System.nanoTime());
    private ByteBuf inbound;
    private int inboundFrom;

    /** A desk's lines per peer address and in all: shared by all its connections' logs. */
    static final class Budget {
        private static final int REMEMBERED_ADDRESSES = 10_000;
        private final LogLimiter all = new LogLimiter(ALL_LINES, WINDOW.toNanos(), System.nanoTime());
        // guarded by itself
        private final Map<String, LogLimiter> addresses = new LinkedHashMap<>(64, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<String, LogLimiter> eldest) {
                return size() > REMEMBERED_ADDRESSES;
            }
        };

        /** The log of the connection {@code channel}. */
        ConnectionLog of(Channel channel) {
            ConnectionLog log = channel.attr(KEY).get();
            if (log != null) return log;
            ConnectionLog fresh = new ConnectionLog(
                    this, String.valueOf(channel.remoteAddress()), ClientAddress.ip(channel.remoteAddress()));
            ConnectionLog raced = channel.attr(KEY).setIfAbsent(fresh);
            return raced == null ? fresh : raced;
        }

        /** The log of the session {@code client} belongs to. */
        ConnectionLog of(SocketIOClient client) {
            ConnectionLog log = client.get(STORE_KEY);
            if (log == null) {
                log = new ConnectionLog(
                        this, "session " + client.getSessionId(), ClientAddress.ip(client.getRemoteAddress()));
                client.set(STORE_KEY, log);
            }
            return log;
        }

        /** A warning not tied to a connection, within the desk's overall budget. */
        void warn(Logger log, String format, Object... args) {
            long all = this.all.acquire(System.nanoTime());
            if (all < 0) return;
            if (all > 0) log.warn("{} more transport warning(s) from all connections suppressed", all);
            log.warn(format, args);
        }

        private LogLimiter address(String address) {
            synchronized (addresses) {
                return addresses.computeIfAbsent(
                        address, k -> new LogLimiter(ADDRESS_LINES, WINDOW.toNanos(), System.nanoTime()));
            }
        }
    }

    private ConnectionLog(Budget budget, String who, String address) {
        this.budget = budget;
        this.who = who;
        this.address = address;
    }

    /** The connection whose message this thread decodes now, or {@code null}. */
    static ConnectionLog decoding() {
        return DECODING.get();
    }

    /** Who the lines are about: the peer's address, or the session. */
    String who() {
        return who;
    }

    /** Logs a warning if this connection, its address and all connections together are within their limits. */
    void warn(Logger log, String format, Object... args) {
        long now = System.nanoTime();
        long mine = limiter.acquire(now);
        if (mine < 0) return;
        long theirs = budget.address(address).acquire(now);
        if (theirs < 0) return;
        long all = budget.all.acquire(now);
        if (all < 0) return;
        if (all > 0) log.warn("{} more transport warning(s) from all connections suppressed", all);
        if (theirs > 0) log.warn("{}: {} more warning(s) from this address suppressed", address, theirs);
        if (mine > 0) log.warn("{}: {} more warning(s) suppressed", who, mine);
        log.warn(format, args);
    }

    /** Says how many lines were suppressed and not yet reported (when the connection closes). */
    void flush(Logger log) {
        long mine = limiter.drain();
        if (mine > 0) log.warn("{}: {} more warning(s) suppressed", who, mine);
    }

    /** {@code buf} is being decoded from {@code from} on this thread, until {@link #decoded()}. */
    void decoding(ByteBuf buf, int from) {
        inbound = buf;
        inboundFrom = from;
        DECODING.set(this);
    }

    void decoded() {
        inbound = null;
        DECODING.remove();
    }

    /** An excerpt of the message being decoded, or {@code null} outside decoding. */
    String inboundExcerpt() {
        ByteBuf buf = inbound;
        if (buf == null || buf.refCnt() == 0) return null;
        return Excerpt.of(buf, inboundFrom);
    }
}
