package dev.handoff.liveagent.socketio;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoop;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.concurrent.Future;
import java.net.URI;
import java.time.Duration;
import java.util.function.Consumer;
import javax.net.ssl.SSLParameters;

/**
 * The Engine.IO server one {@link NettyWire} talks to, as its transports reach it: host, port, TLS, the query
 * every request carries, and the event loop all their connections live on. Immutable; one per connection attempt.
 *
 * @param loop the wire's event loop: every connection, callback and timer of its transports runs there
 * @param host the server's host
 * @param port the server's port
 * @param ssl the client TLS context for {@code https}/{@code wss}, {@code null} for plain TCP
 * @param query what follows {@code ?} in every Engine.IO request, after {@code EIO=4&transport=...} ({@code ""} for
 *     nothing): the namespace URL's own query
 * @param connectTimeout how long a TCP (and TLS) connect may take
 * @param farewells where a transport hands the goodbye it still sends after it was closed, so that the client's
 *     close waits for it (bounded) before it stops the threads
 */
record NettyEndpoint(
        EventLoop loop,
        String host,
        int port,
        SslContext ssl,
        String query,
        Duration connectTimeout,
        Consumer<Future<?>> farewells) {

    /** The Engine.IO path of Socket.IO servers. */
    static final String PATH = "/socket.io/";

    /**
     * What may wait unsent in one connection before it is taken for stalled (what it carried in delivery mode is
     * sent again after the reconnect): no queue grows without bound behind a silent peer.
     */
    static final WriteBufferWaterMark WATER_MARK = new WriteBufferWaterMark(256 * 1024, 1024 * 1024);

    /** {@code http} or {@code https}, {@code ws} or {@code wss}. */
    String scheme(boolean websocket) {
        return websocket ? (ssl == null ? "ws" : "wss") : (ssl == null ? "http" : "https");
    }

    /** The {@code Host} header: the host, and the port unless it is the scheme's. */
    String authority() {
        String name = host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
        return port == (ssl == null ? 80 : 443) ? name : name + ":" + port;
    }

    /** The Engine.IO URL for a transport, with the session id once there is one (and the query string). */
    URI uri(String transport, String sid) {
        return URI.create(scheme(NettyWebSocket.NAME.equals(transport)) + "://" + authority() + target(transport, sid));
    }

    /** The request target (path and query) for a transport, with the session id once there is one. */
    String target(String transport, String sid) {
        return PATH + "?EIO=4&transport=" + transport + (sid == null ? "" : "&sid=" + sid)
                + (query.isEmpty() ? "" : "&" + query);
    }

    /**
     * Where a request goes, for messages: the method and the URL without the session id (which lets anyone who
     * has it speak for the session) nor the query.
     */
    String location(String method, String transport) {
        return method + " " + scheme(NettyWebSocket.NAME.equals(transport)) + "://" + authority() + PATH
                + "?EIO=4&transport=" + transport;
    }

    /** Opens a TCP connection on the loop, TLS first when the endpoint has it, then {@code pipeline}'s handlers. */
    ChannelFuture connect(Consumer<ChannelPipeline> pipeline) {
        return new Bootstrap()
                .group(loop)
                .channel(NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.WRITE_BUFFER_WATER_MARK, WATER_MARK)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int)
                        Math.min(Integer.MAX_VALUE, Math.max(1, connectTimeout.toMillis())))
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        if (ssl != null) {
                            SslHandler handler = ssl.newHandler(ch.alloc(), host, port);
                            SSLParameters parameters = handler.engine().getSSLParameters();
                            parameters.setEndpointIdentificationAlgorithm("HTTPS");
                            handler.engine().setSSLParameters(parameters);
                            ch.pipeline().addLast(handler);
                        }
                        pipeline.accept(ch.pipeline());
                    }
                })
                .connect(host, port);
    }
}
