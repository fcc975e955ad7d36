package dev.handoff.channel.web;

import com.corundumstudio.socketio.Configuration;
import com.corundumstudio.socketio.SocketConfig;
import com.corundumstudio.socketio.SocketIOServer;
import dev.handoff.channel.ServedBot;
import dev.handoff.channel.Sessions;
import dev.handoff.channel.rasa.RasaSocketChannel;
import dev.handoff.channel.rest.RestChannel;
import dev.handoff.metrics.MetricsHttp;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.net.BindException;
import java.net.URI;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bot server: one netty-socketio server on one port, with Rasa's Socket.IO channel on the default
 * namespace, the REST channel and the web chat's pages ({@link HttpRoutes}), behind the {@link OriginGate}.
 * {@link #stop} closes every session's conversation (and its live-agent connection), then the server.
 */
@Singleton
public final class ChannelServer {
    private static final Logger log = LoggerFactory.getLogger(ChannelServer.class);

    /** A conversation with the bot where nothing was said for this long is closed (never one with an agent). */
    static final java.time.Duration IDLE = java.time.Duration.ofHours(24);

    private final ServerSettings settings;
    private final Sessions sessions;
    private final RestChannel rest;
    private final ExecutorService workers;
    private final ScheduledExecutorService timer;
    private SocketIOServer server;
    /** The listening server, for the gauges (read by the scrape, off this object's lock). */
    private volatile SocketIOServer listening;
    /** The process's meter registry, when one is bound. */
    private MeterRegistry meters;

    @Inject
    ChannelServer(
            ServerSettings settings,
            Sessions sessions,
            RestChannel rest,
            @ChannelModule.Workers ExecutorService workers,
            ScheduledExecutorService timer) {
        this.settings = settings;
        this.sessions = sessions;
        this.rest = rest;
        this.workers = workers;
        this.timer = timer;
    }

    /** The scrape endpoint, when the process has one ({@code MetricsModule}). */
    private MetricsHttp metricsHttp;

    @com.google.inject.Inject(optional = true)
    void useMetricsHttp(MetricsHttp metricsHttp) {
        this.metricsHttp = metricsHttp;
    }

    /** The process's meter registry ({@code MetricsModule}): the server's gauges go there. */
    @com.google.inject.Inject(optional = true)
    void useMeters(MeterRegistry meters) {
        this.meters = meters;
    }

    public Sessions sessions() {
        return sessions;
    }

    /** The chat page's address. */
    public URI url() {
        return settings.url();
    }

    /**
     * Starts listening.
     *
     * @throws IllegalStateException with a one-line reason when the port is taken or cannot be listened on
     */
    public synchronized URI start() {
        if (server != null) throw new IllegalStateException("the bot server is already started");
        checkPortFree();
        int longest = sessions.bots().values().stream()
                .mapToInt(ServedBot::maxMessageLength)
                .max()
                .orElse(ServedBot.DEFAULT_MAX_MESSAGE_LENGTH);
        int maxBody = (int) Math.min(16L << 20, Math.max(1 << 20, longest * 8L + (64 << 10)));
        Configuration sio = new Configuration();
        sio.setHostname(settings.host());
        sio.setPort(settings.port());
        sio.setMaxFramePayloadLength(maxBody);
        sio.setMaxHttpContentLength(maxBody);
        sio.setWebsocketCompression(false);
        sio.setHttpCompression(false);
        sio.setRandomSession(true);
        sio.setAllowCustomRequests(true);
        sio.setAddVersionHeader(false);
        SocketConfig socket = new SocketConfig();
        socket.setReuseAddress(true);
        sio.setSocketConfig(socket);
        SocketIOServer created = new SocketIOServer(sio);
        created.setPipelineFactory(new ServerPipeline(
                settings.origins(),
                maxBody,
                new HttpRoutes(rest, new WebAssets(settings.allowOrigins()), sessions, metricsHttp)));
        RasaSocketChannel.register(sessions, created.getNamespace(""));
        try {
            created.start();
        } catch (Exception e) { // netty rethrows the BindException unchecked, undeclared
            created.stop();
            String where = settings.host() + ":" + settings.port();
            if (causedBy(e, BindException.class)) {
                throw new IllegalStateException(
                        "port " + where + " is in use; stop what listens there, or choose another port with --port N",
                        e);
            }
            throw new IllegalStateException("cannot listen on " + where + ": " + e.getMessage(), e);
        }
        server = created;
        listening = created;
        registerGauges();
        timer.scheduleWithFixedDelay(this::closeIdle, 1, 1, java.util.concurrent.TimeUnit.MINUTES);
        log.info(
                "bot server listening on {}: the chat at {}/, the widget at {}/widget.js, Socket.IO (Rasa's socketio"
                        + " protocol) at /socket.io/, REST at {}; bots: {}",
                settings.url(),
                settings.url(),
                settings.url(),
                RestChannel.WEBHOOK,
                String.join(", ", sessions.bots().keySet()));
        return settings.url();
    }

    /**
     * {@code handoff.server.connections{channel="socketio"}}: the Socket.IO connections of Rasa's channel (the web
     * chat and the widget use it); {@code handoff.server.sessions}: the conversations the server holds, of every
     * channel (Socket.IO and REST). Each reads a size.
     */
    private void registerGauges() {
        if (meters == null) return;
        Gauge.builder("handoff.server.connections", this, s -> {
                    SocketIOServer now = s.listening;
                    return now == null ? 0 : now.getAllClients().size();
                })
                .description("Socket.IO connections open on the bot server")
                .tag("channel", "socketio")
                .register(meters);
        Gauge.builder("handoff.server.sessions", sessions, Sessions::size)
                .description("Conversations the bot server holds (every channel)")
                .register(meters);
    }

    private void closeIdle() {
        try {
            int closed = sessions.closeIdle(IDLE);
            if (closed > 0) log.info("closed {} conversation(s) idle for {} with the bot", closed, IDLE);
        } catch (RuntimeException e) {
            log.error("closing idle conversations failed: {}", e.toString(), e);
        }
    }

    /**
     * Lets the sessions go ({@link Sessions#closeAll}: without a conversation store their conversations are
     * closed; with one they are left as stored, for the runtime's shutdown), then stops listening. Idempotent.
     */
    public synchronized void stop() {
        sessions.closeAll();
        if (server != null) {
            server.stop();
            server = null;
            listening = null;
        }
        timer.shutdownNow();
        workers.shutdownNow();
    }

    /** Says why the port cannot be used in one line, before netty-socketio logs a stack trace for it. */
    private void checkPortFree() {
        String where = settings.host() + ":" + settings.port();
        try (java.net.ServerSocket probe = new java.net.ServerSocket()) {
            probe.setReuseAddress(true);
            probe.bind(new java.net.InetSocketAddress(settings.host(), settings.port()));
        } catch (BindException e) {
            throw new IllegalStateException(
                    "port " + where + " is in use; stop what listens there, or choose another port with --port N", e);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot listen on " + where + ": " + e.getMessage(), e);
        }
    }

    private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause()) if (type.isInstance(t)) return true;
        return false;
    }
}
