package dev.handoff.liveagent.socketio;

import com.fasterxml.jackson.databind.JsonNode;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketVersion;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.Future;
import java.io.IOException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Engine.IO websocket transport: {@code GET /socket.io/?EIO=4&transport=websocket} upgraded to a websocket, one
 * text frame per packet. Opened with a session id it is an upgrade's probe (the server sends no handshake on it).
 * Binary frames are not part of the live-agent protocol and are ignored.
 *
 * <p>Threading: the wire's event loop only (see {@link NettyTransport}). Bounds: a frame up to {@link #MAX_FRAME};
 * at most {@link NettyEndpoint#WATER_MARK}'s high mark unsent, beyond which {@link #send} answers {@code false}.
 */
final class NettyWebSocket implements NettyTransport {
    private static final Logger log = LoggerFactory.getLogger(NettyWebSocket.class);

    static final String NAME = "websocket";

    /** The largest websocket message accepted: far above any live-agent payload. */
    static final int MAX_FRAME = 1 << 20;

    private final NettyEndpoint endpoint;
    private final String sid;
    private Sink sink;

    private Channel channel;
    private boolean closed;
    /** What went wrong on the channel (its handshake, its TLS, its socket), for the report of its close. */
    private Throwable error;

    /** A websocket to the endpoint; {@code sid} is {@code null} for a new session, else the session to upgrade. */
    NettyWebSocket(NettyEndpoint endpoint, String sid, Sink sink) {
        this.endpoint = endpoint;
        this.sid = sid;
        this.sink = sink;
    }

    /** Reports to another sink from now on (a probe that became the wire's transport). */
    void reportTo(Sink sink) {
        this.sink = sink;
    }

    @Override
    public void open() {
        long timeout = Math.max(1, endpoint.connectTimeout().toMillis());
        channel = endpoint.connect(pipeline -> {
                    pipeline.addLast(new HttpClientCodec());
                    pipeline.addLast(new HttpObjectAggregator(64 * 1024));
                    pipeline.addLast(new WebSocketClientProtocolHandler(WebSocketClientProtocolConfig.newBuilder()
                            .webSocketUri(endpoint.uri(NAME, sid))
                            .version(WebSocketVersion.V13)
                            .maxFramePayloadLength(MAX_FRAME)
                            .generateOriginHeader(false)
                            .handshakeTimeoutMillis(timeout)
                            .dropPongFrames(true)
                            .build()));
                    pipeline.addLast(new WebSocketFrameAggregator(MAX_FRAME));
                    pipeline.addLast(new Inbound());
                })
                .addListener(connected -> {
                    // a channel that never connected never turns inactive: its failure is reported here
                    if (!connected.isSuccess() && !closed) {
                        closed = true;
                        sink.closed(connected.cause());
                    }
                })
                .channel();
    }

    @Override
    public IOException handshake(JsonNode handshake) {
        return null;
    }

    @Override
    public boolean send(String packet) {
        if (closed || channel == null || !channel.isActive()) {
            return true;
        }
        channel.writeAndFlush(new TextWebSocketFrame(packet));
        return channel.isWritable();
    }

    @Override
    public Future<?> close(List<String> farewell) {
        if (closed || channel == null) {
            closed = true;
            return endpoint.loop().newSucceededFuture(null);
        }
        closed = true;
        if (!channel.isActive()) {
            return channel.close();
        }
        farewell.forEach(packet -> channel.write(new TextWebSocketFrame(packet)));
        return channel.writeAndFlush(new CloseWebSocketFrame()).addListener(ChannelFutureListener.CLOSE);
    }

    @Override
    public void abort() {
        closed = true;
        if (channel != null) {
            channel.close();
        }
    }

    /** The channel's inbound end: the upgrade's end, text frames in, its close and its errors. */
    private final class Inbound extends ChannelInboundHandlerAdapter {

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
            if (event == WebSocketClientProtocolHandler.ClientHandshakeStateEvent.HANDSHAKE_COMPLETE && !closed) {
                sink.opened();
            }
            super.userEventTriggered(ctx, event);
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            try {
                if (!closed && msg instanceof TextWebSocketFrame frame) {
                    String text = frame.text();
                    if (!text.isEmpty()) {
                        sink.packet(text);
                    }
                }
            } finally {
                ReferenceCountUtil.release(msg);
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (!closed) {
                closed = true;
                sink.closed(error);
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            if (error == null) {
                error = cause;
            }
            log.debug("live-agent websocket error", cause);
            ctx.close();
        }
    }
}
