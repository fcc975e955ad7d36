package dev.handoff.desk.server;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.QueryStringDecoder;

/**
 * The agents' console on the desk's own port: in the pipeline right after netty-socketio's authorize
 * handler (so it sees whole requests, already past {@link HttpGate}'s Origin check and body limit, with
 * netty-socketio's first-data timer cancelled as for its own requests), it answers every request outside
 * Socket.IO's path, before the transports (which pick requests by their {@code transport} parameter
 * alone) could take one: {@code /api/session} ({@link ConsoleSignIn}), {@code /api/report} and
 * {@code /api/report.csv} ({@link ConsoleReports}), the console's files
 * ({@link ConsoleAssets}), and 404 for anything else. Socket.IO's requests and websocket frames go on
 * to netty-socketio untouched. Shared by all connections; keeps no state of its own.
 */
@ChannelHandler.Sharable
final class ConsoleHttpHandler extends ChannelInboundHandlerAdapter {
    static final String NAME = "deskConsole";

    private final String socketIoPath;
    private final ConsoleAssets assets;
    private final ConsoleSignIn signIn;
    private final ConsoleReports reports;

    ConsoleHttpHandler(String socketIoPath, ConsoleAssets assets, ConsoleSignIn signIn, ConsoleReports reports) {
        this.socketIoPath = socketIoPath;
        this.assets = assets;
        this.signIn = signIn;
        this.reports = reports;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        if (!(msg instanceof FullHttpRequest req)) {
            ctx.fireChannelRead(msg);
            return;
        }
        String path = new QueryStringDecoder(req.uri()).path();
        if (path.equals(socketIoPath)) {
            ctx.fireChannelRead(msg);
            return;
        }
        try {
            if (path.equals(ConsoleSignIn.PATH)) signIn.handle(ctx, req);
            else if (reports.handles(path)) reports.handle(ctx, req, path);
            else assets.serve(ctx, req, path);
        } finally {
            req.release();
        }
    }
}
