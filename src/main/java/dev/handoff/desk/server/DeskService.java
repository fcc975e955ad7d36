package dev.handoff.desk.server;

import com.corundumstudio.socketio.Configuration;
import com.corundumstudio.socketio.SocketConfig;
import com.corundumstudio.socketio.SocketIOServer;
import dev.handoff.desk.api.AgentEvents;
import dev.handoff.desk.config.DeskConfig;
import dev.handoff.desk.core.HelpDesk;
import dev.handoff.desk.store.ChatStore;
import dev.handoff.desk.store.JdbcChatStore;
import dev.handoff.protocol.LiveAgentEvents;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded desk as a service: {@link #start()} opens the database, resumes the chats a previous
 * run left open, binds the Socket.IO server ({@code /live_agent} and {@code /agents}) and starts the
 * timers; {@link #stop()} undoes it in reverse. Nothing happens in the constructor.
 */
public final class DeskService implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DeskService.class);

    /** Opens the store a desk uses; the default is {@link JdbcChatStore} on the config's JDBC URL. */
    public interface StoreOpener extends Function<DeskConfig, ChatStore> {}

    private final DeskConfig config;
    private final Clock clock;
    private final StoreOpener storeOpener;
    private volatile boolean stopping;
    private ChatStore store;
    private HelpDesk desk;
    private SocketIOServer server;
    private ScheduledExecutorService timers;

    @Inject
    public DeskService(DeskConfig config, Clock clock) {
        this(config, clock, c -> JdbcChatStore.open(c.jdbcUrl(), c.dbUser(), c.dbPassword()));
    }

    public DeskService(DeskConfig config, Clock clock, StoreOpener storeOpener) {
        this.config = config;
        this.clock = clock;
        this.storeOpener = storeOpener;
    }

    public synchronized DeskService start() {
        if (server != null) throw new IllegalStateException("desk already started on port " + config.port());
        stopping = false;
        store = storeOpener.apply(config);
        SocketOutbox outbox = new SocketOutbox();
        desk = new HelpDesk(config, store, clock, outbox);
        int resumed = desk.resumeStored();

        Configuration sio = new Configuration();
        sio.setHostname(config.host());
        sio.setPort(config.port());
        int frame = Math.max(1 << 20, config.maxMessageSize() * 8 + (64 << 10));
        sio.setMaxFramePayloadLength(frame);
        sio.setMaxHttpContentLength(frame);
        // a stalled connection (no FIN) is closed after about interval + timeout, on websocket and polling
        sio.setPingInterval((int) config.heartbeat().interval().toMillis());
        sio.setPingTimeout((int) config.heartbeat().timeout().toMillis());
        SocketConfig socket = new SocketConfig();
        socket.setReuseAddress(true);
        socket.setAcceptBackLog(1024);
        sio.setSocketConfig(socket);
        sio.setExceptionListener(new LoggingExceptionListener());
        sio.setJsonSupport(new WarningJsonSupport());
        server = new QuickStopServer(sio);
        new LiveAgentEndpoint(desk, outbox, config.maxMessageSize(), () -> stopping)
                .register(server.addNamespace(LiveAgentEvents.NAMESPACE));
        new AgentsEndpoint(config, desk, outbox).register(server.addNamespace(AgentEvents.NAMESPACE));
        try {
            server.start();
        } catch (RuntimeException e) {
            server = null;
            store.close();
            throw new IllegalStateException(
                    "desk: cannot listen on " + config.host() + ":" + config.port() + ": " + e.getMessage(), e);
        }
        timers = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "desk-timers");
            t.setDaemon(true);
            return t;
        });
        long tick = Math.max(10, config.tick().toMillis());
        timers.scheduleWithFixedDelay(
                () -> {
                    try {
                        desk.tick();
                    } catch (RuntimeException e) {
                        log.error("desk timers failed: {}", e.toString(), e);
                    }
                },
                tick,
                tick,
                TimeUnit.MILLISECONDS);
        log.info(
                "desk listening on http://{}:{} ({} and {}), database {}, {} open chat(s) resumed {}",
                config.host(),
                config.port(),
                LiveAgentEvents.NAMESPACE,
                AgentEvents.NAMESPACE,
                config.db() == null ? "H2 under " + config.dataDir() : "from --db",
                resumed,
                desk.counts());
        return this;
    }

    public HelpDesk desk() {
        if (desk == null) throw new IllegalStateException("desk not started");
        return desk;
    }

    public synchronized void stop() {
        if (server == null) return;
        stopping = true;
        timers.shutdownNow();
        log.info("desk stopping with open chats {}; they resume at the next start", desk.counts());
        try {
            server.stop();
        } finally {
            server = null;
            store.close();
            log.info("desk stopped");
        }
    }

    @Override
    public void close() {
        stop();
    }
}
