package dev.handoff.desk.server;

import com.corundumstudio.socketio.SocketIOClient;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.util.AttributeKey;
import io.netty.util.concurrent.FastThreadLocal;
import java.time.Duration;
import org.slf4j.Logger;

/**
 * The warnings one connection makes the desk write about what it sent: at most {@link #LINES} per
 * {@link #WINDOW} for each connection (then one "N more suppressed" line), and at most {@link
 * #ALL_LINES} per window from all connections together, so a client cannot fill the log or the disk.
 * Also keeps, while a message is decoded, where that message starts, so that a failure can quote a
 * bounded {@link Excerpt} of it.
 *
 * <p>One per TCP connection (a channel attribute) for what the pipeline sees, one per Engine.IO
 * session (in its store) for what listeners see. The decoding state is touched only on the channel's
 * event loop; the limiter is thread-safe.
 */
final class ConnectionLog {
    static final int LINES = 5;
    static final int ALL_LINES = 100;
    static final Duration WINDOW = Duration.ofSeconds(10);

    private static final AttributeKey<ConnectionLog> KEY = AttributeKey.valueOf("desk.connectionLog");
    private static final String STORE_KEY = "desk.connectionLog";
    private static final LogLimiter ALL = new LogLimiter(ALL_LINES, WINDOW.toNanos(), System.nanoTime());
    private static final FastThreadLocal<ConnectionLog> DECODING = new FastThreadLocal<>();

    private final String who;
    private final LogLimiter limiter = new LogLimiter(LINES, WINDOW.toNanos(), System.nanoTime());
    private ByteBuf inbound;
    private int inboundFrom;

    private ConnectionLog(String who) {
        this.who = who;
    }

    static ConnectionLog of(Channel channel) {
        ConnectionLog log = channel.attr(KEY).get();
        if (log != null) return log;
        ConnectionLog fresh = new ConnectionLog(String.valueOf(channel.remoteAddress()));
        ConnectionLog raced = channel.attr(KEY).setIfAbsent(fresh);
        return raced == null ? fresh : raced;
    }

    static ConnectionLog of(SocketIOClient client) {
        ConnectionLog log = client.get(STORE_KEY);
        if (log == null) {
            log = new ConnectionLog("session " + client.getSessionId());
            client.set(STORE_KEY, log);
        }
        return log;
    }

    /** The connection whose message this thread decodes now, or {@code null}. */
    static ConnectionLog decoding() {
        return DECODING.get();
    }

    /** Who the lines are about: the peer's address, or the session. */
    String who() {
        return who;
    }

    /** Logs a warning if this connection and all connections together are within their limits. */
    void warn(Logger log, String format, Object... args) {
        long now = System.nanoTime();
        long mine = limiter.acquire(now);
        if (mine < 0) return;
        long all = ALL.acquire(now);
        if (all < 0) return;
        if (all > 0) log.warn("{} more transport warning(s) from all connections suppressed", all);
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
