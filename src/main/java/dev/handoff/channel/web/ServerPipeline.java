package dev.handoff.channel.web;

import com.corundumstudio.socketio.SocketIOChannelInitializer;
import java.util.Set;

/**
 * netty-socketio's pipeline with the bot server's additions, as the desk extends its own:
 *
 * <pre>
 * httpDecoder channelOriginGate httpAggregator ... authorizeHandler channelHttp xhrPollingTransport ...
 * </pre>
 *
 * {@code channelHttp} ({@link HttpRoutes}) sits after the authorize handler, which cancels netty-socketio's
 * first-data timer for every request and, with {@code allowCustomRequests}, lets other paths pass; and before
 * the transports, which would take any request with a {@code transport} parameter.
 */
final class ServerPipeline extends SocketIOChannelInitializer {
    private final Set<String> origins;
    private final long maxBody;
    private final HttpRoutes routes;

    ServerPipeline(Set<String> origins, long maxBody, HttpRoutes routes) {
        this.origins = origins;
        this.maxBody = maxBody;
        this.routes = routes;
    }

    @Override
    protected void addSocketioHandlers(io.netty.channel.ChannelPipeline pipeline) {
        super.addSocketioHandlers(pipeline);
        pipeline.addAfter(HTTP_REQUEST_DECODER, OriginGate.NAME, new OriginGate(origins, maxBody));
        pipeline.addAfter(AUTHORIZE_HANDLER, HttpRoutes.NAME, routes);
    }
}
