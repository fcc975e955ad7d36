package dev.handoff.desk.server;

import com.corundumstudio.socketio.SocketIOClient;
import com.corundumstudio.socketio.listener.ExceptionListenerAdapter;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.ssl.NotSslRecordException;
import java.io.IOException;
import java.util.List;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * netty-socketio's errors (undecodable packets, frames over the limit, failing listeners, TLS
 * failures) as warnings with the connection they came from, a bounded excerpt of what was being
 * decoded, and at most a few lines per connection ({@link ConnectionLog}). A frame over the limit, a
 * corrupt frame or a TLS failure closes that connection; a packet that cannot be decoded is dropped
 * and the connection goes on. A connection reset by its peer is not a warning.
 */
final class LoggingExceptionListener extends ExceptionListenerAdapter {
    private static final Logger log = LoggerFactory.getLogger(LoggingExceptionListener.class);
    private final ConnectionLog.Budget logs;

    LoggingExceptionListener(ConnectionLog.Budget logs) {
        this.logs = logs;
    }

    @Override
    public void onEventException(Exception e, List<Object> args, SocketIOClient client) {
        warn(client, "event failed", e);
    }

    @Override
    public void onConnectException(Exception e, SocketIOClient client) {
        warn(client, "connect failed", e);
    }

    @Override
    public void onDisconnectException(Exception e, SocketIOClient client) {
        warn(client, "disconnect failed", e);
    }

    @Override
    public void onAuthException(Throwable e, SocketIOClient client) {
        warn(client, "authorization failed", e);
    }

    private void warn(SocketIOClient client, String what, Throwable e) {
        if (client == null) {
            logs.warn(log, "{}: {}", what, Excerpt.of(e.toString()));
            return;
        }
        logs.of(client).warn(log, "{} of {}: {}", what, client.getSessionId(), Excerpt.of(e.toString()));
    }

    @Override
    public boolean exceptionCaught(ChannelHandlerContext ctx, Throwable e) {
        ConnectionLog clog = logs.of(ctx.channel());
        String data = clog.inboundExcerpt();
        boolean fatal = fatal(e);
        if (data == null && !fatal && e instanceof IOException) {
            log.debug("connection {}: {}", clog.who(), e.toString());
        } else {
            clog.warn(
                    log,
                    "connection {}: {}{}{}",
                    clog.who(),
                    Excerpt.of(describe(e)),
                    data == null ? "" : "; data: " + data,
                    fatal ? "; connection closed" : "");
        }
        if (fatal) ctx.close();
        return true;
    }

    /** Errors after which the connection cannot go on: frames over the limit, corrupt frames, TLS. */
    private static boolean fatal(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof TooLongFrameException
                    || t instanceof CorruptedFrameException
                    || t instanceof SSLException
                    || t instanceof NotSslRecordException) return true;
            if (t.getCause() == t) break;
        }
        return false;
    }

    /** The exception, or its innermost cause when it has one (that says what was wrong). */
    private static String describe(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) root = root.getCause();
        return root == e ? e.toString() : e.getClass().getSimpleName() + " caused by " + root;
    }
}
