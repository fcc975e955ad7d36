package dev.handoff.desk.server;

import com.corundumstudio.socketio.SocketIOChannelInitializer;
import com.corundumstudio.socketio.handler.ClientHead;
import dev.handoff.desk.config.SecurityConfig;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.timeout.IdleStateHandler;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * netty-socketio's pipeline with the desk's doors added (see {@link HttpGate} and {@link PacketGate}):
 *
 * <pre>
 * deskPacketFront [ssl] idle httpDecoder deskHttpGate httpAggregator ... deskPacketGate packetHandler
 *     authorizeHandler [deskMetrics] [deskConsole] xhrPollingTransport webSocketTransport ...
 * </pre>
 *
 * <p>{@code deskConsole} ({@link ConsoleHttpHandler}) serves the agents' console on the same port: every
 * path but {@code /socket.io/}. {@code deskMetrics} ({@link MetricsHttpHandler}), when metrics are on, answers
 * Prometheus's scrape at {@code metrics.path} before the console sees it.
 *
 * <p>{@code ssl} is netty's handler for the PEM certificate and key of {@code security.tls} (netty-socketio's
 * own TLS option reads only JKS and PKCS#12 key stores). {@code idle} closes a connection with no traffic
 * in either direction for longer than the heartbeat allows (a live session always has some): netty-socketio
 * ends a session without closing every connection it had, for example a websocket upgrade that was never
 * completed. {@code deskLastResort}, at the end, logs an
 * error no handler took (netty would log it whole, with its stack trace, for each request) as the desk
 * logs the others. When netty-socketio lets go of a session, the {@link ConnectionGate} is told.
 */
final class DeskChannelInitializer extends SocketIOChannelInitializer {
    static final String IDLE = "deskIdle";
    static final String LAST_RESORT = "deskLastResort";
    static final String CONNECT_PATH = "/socket.io/";

    private final SecurityConfig security;
    private final ConnectionGate gate;
    private final SslContext tls;
    private final long idleMillis;
    private final long maxBody;
    private final ConnectionLog.Budget logs;
    private final PacketGate packets;
    private final ChannelHandler packetsFront;
    private final ChannelHandler lastResort;
    /** The agents' console on this port, or {@code null}: then every path but Socket.IO's is a 404. */
    private final ConsoleHttpHandler console;
    /** The scrape endpoint, or {@code null} when metrics are off. */
    private final MetricsHttpHandler metrics;

    /**
     * {@code tls}: {@code null} for plain http/ws; {@code idle}: how long a connection may stay silent;
     * {@code maxBody}: the longest polling body (netty-socketio's {@code maxHttpContentLength});
     * {@code console}: the agents' console, served on the same port ({@code null}: none); {@code metrics}: the
     * scrape endpoint ({@code null}: none).
     */
    DeskChannelInitializer(
            SecurityConfig security,
            ConnectionGate gate,
            SslContext tls,
            Duration idle,
            long maxBody,
            ConnectionLog.Budget logs,
            ConsoleHttpHandler console,
            MetricsHttpHandler metrics) {
        this.console = console;
        this.metrics = metrics;
        this.security = security;
        this.logs = logs;
        this.packets = new PacketGate(logs);
        this.packetsFront = packets.front();
        this.lastResort = new LastResort(new LoggingExceptionListener(logs));
        this.gate = gate;
        this.tls = tls;
        this.idleMillis = idle.toMillis();
        this.maxBody = maxBody;
    }

    @Override
    protected void addSslHandler(ChannelPipeline pipeline) {
        if (tls != null) {
            pipeline.addLast(SSL_HANDLER, tls.newHandler(pipeline.channel().alloc()));
        }
    }

    @Override
    protected void addSocketioHandlers(ChannelPipeline pipeline) {
        pipeline.addLast(IDLE, new IdleStateHandler(0, 0, idleMillis, TimeUnit.MILLISECONDS));
        super.addSocketioHandlers(pipeline);
        pipeline.addAfter(
                HTTP_REQUEST_DECODER,
                HttpGate.NAME,
                new HttpGate(security, gate, CONNECT_PATH, maxBody, logs, console != null || metrics != null));
        // after authorizeHandler, which cancels netty-socketio's first-data timer for every request (else the
        // console's connections would be closed after firstDataTimeout) and, with allowCustomRequests, lets
        // other paths pass; before the transports, which pick requests by their "transport" parameter alone
        if (console != null) pipeline.addAfter(AUTHORIZE_HANDLER, ConsoleHttpHandler.NAME, console);
        if (metrics != null) pipeline.addAfter(AUTHORIZE_HANDLER, MetricsHttpHandler.NAME, metrics);
        pipeline.addBefore(PACKET_HANDLER, PacketGate.NAME, packets);
        pipeline.addFirst(PacketGate.FRONT, packetsFront);
        pipeline.addLast(LAST_RESORT, lastResort);
    }

    @Override
    public void onDisconnect(ClientHead client) {
        super.onDisconnect(client);
        gate.closed(client.getSessionId());
    }

    /** Errors that reached the end of the pipeline: logged like the others, bounded and rate-limited. */
    @ChannelHandler.Sharable
    private static final class LastResort extends ChannelInboundHandlerAdapter {
        private final LoggingExceptionListener listener;

        LastResort(LoggingExceptionListener listener) {
            this.listener = listener;
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            listener.exceptionCaught(ctx, cause);
        }
    }
}
