package dev.handoff.desk.server;

import com.corundumstudio.socketio.SocketIOClient;
import com.corundumstudio.socketio.listener.ExceptionListenerAdapter;
import io.netty.channel.ChannelHandlerContext;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** netty-socketio's errors (undecodable frames, failing listeners) as warnings with the connection they came from. */
final class LoggingExceptionListener extends ExceptionListenerAdapter {
    private static final Logger log = LoggerFactory.getLogger(LoggingExceptionListener.class);

    @Override
    public void onEventException(Exception e, List<Object> args, SocketIOClient client) {
        log.warn("event from {} failed: {}", client == null ? "?" : client.getSessionId(), e.toString());
    }

    @Override
    public void onConnectException(Exception e, SocketIOClient client) {
        log.warn("connect of {} failed: {}", client == null ? "?" : client.getSessionId(), e.toString());
    }

    @Override
    public void onDisconnectException(Exception e, SocketIOClient client) {
        log.warn("disconnect of {} failed: {}", client == null ? "?" : client.getSessionId(), e.toString());
    }

    @Override
    public void onAuthException(Throwable e, SocketIOClient client) {
        log.warn("authorization of {} failed: {}", client == null ? "?" : client.getSessionId(), e.toString());
    }

    @Override
    public boolean exceptionCaught(ChannelHandlerContext ctx, Throwable e) {
        log.warn("connection {}: {}", ctx.channel().remoteAddress(), e.toString());
        return true;
    }
}
