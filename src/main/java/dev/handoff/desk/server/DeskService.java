package dev.handoff.desk.server;

import com.corundumstudio.socketio.Configuration;
import com.corundumstudio.socketio.SocketConfig;
import com.corundumstudio.socketio.SocketIOServer;
import dev.handoff.desk.api.AgentEvents;
import dev.handoff.desk.api.DeskInfo;
import dev.handoff.desk.cluster.ClusterException;
import dev.handoff.desk.cluster.ClusterNode;
import dev.handoff.desk.cluster.Database;
import dev.handoff.desk.config.DeskConfig;
import dev.handoff.desk.config.SecurityConfig;
import dev.handoff.desk.core.Deadlines;
import dev.handoff.desk.core.Desk;
import dev.handoff.desk.core.DeskTranslation;
import dev.handoff.desk.core.HelpDesk;
import dev.handoff.desk.core.LocalDesk;
import dev.handoff.desk.report.Reports;
import dev.handoff.desk.store.ChatStore;
import dev.handoff.desk.store.JdbcChatStore;
import dev.handoff.desk.store.StoreOpenException;
import dev.handoff.desk.store.WriteBehindChatStore;
import dev.handoff.metrics.MetricsHttp;
import dev.handoff.metrics.Registries;
import dev.handoff.protocol.LiveAgentEvents;
import dev.handoff.translate.LanguageDetector;
import dev.handoff.translate.LanguagePairs;
import dev.handoff.translate.Translator;
import dev.handoff.translate.Translators;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.handler.ssl.SslContext;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded desk as a service: {@link #start()} opens the database, resumes the chats a previous
 * run left open, binds the Socket.IO server ({@code /live_agent} and {@code /agents}) and starts the
 * timers; {@link #stop()} undoes it in reverse and writes every queued write before it closes the
 * database. Nothing happens in the constructor.
 *
 * <p>No database I/O runs on netty's event threads nor under the desk's lock: the store the opener
 * gives is wrapped in a {@link WriteBehindChatStore} (writes on its writer thread, open chats read
 * from memory, at most {@code dbMaxPendingWrites} writes waiting), and archive reads run on the
 * {@code desk-archive-reads} threads.
 *
 * <p>The doors (README "Securing the desk"): every connection passes {@link DeskChannelInitializer}'s
 * pipeline (TLS when {@code security.tls} is set, {@link HttpGate}, {@link PacketGate}) and each
 * namespace is wrapped in an {@link AdmittedNamespace} that checks the Origin first; the {@link
 * ConnectionGate} caps connections per address. A certificate or key that cannot be used stops the
 * start before anything is opened.
 */
public final class DeskService implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DeskService.class);
    /** How long {@link #stop()} waits for queued writes before it gives up on them (and says so). */
    private static final Duration FLUSH_TIMEOUT = Duration.ofSeconds(30);

    /** The longest a TCP connection may take to send its first request. */
    private static final Duration FIRST_DATA_TIMEOUT = Duration.ofSeconds(5);
    /** A connection silent for the heartbeat's interval + timeout + this is closed (a live one never is). */
    private static final Duration IDLE_MARGIN = Duration.ofSeconds(5);

    private static final int ARCHIVE_READERS = 2;
    private static final int MAX_WAITING_ARCHIVE_READS = 256;
    /** Threads that check console passwords (bcrypt), and sign-ins that may wait for one. */
    private static final int SIGN_IN_CHECKERS = 2;

    private static final int MAX_WAITING_SIGN_INS = 32;
    /** Reports made at once: each reads up to a year of chats; more wait, a few, then are told busy. */
    static final int REPORT_READERS = 2;

    private static final int MAX_WAITING_REPORTS = 4;

    /** The {@code application} tag of the desk's meters. */
    public static final String APPLICATION = "handoff-desk";

    /** Opens the store a desk uses; the default is {@link JdbcChatStore} on the config's JDBC URL. */
    public interface StoreOpener extends Function<DeskConfig, ChatStore> {}

    private final DeskConfig config;
    private final Clock clock;
    private final StoreOpener storeOpener;
    private final Translator translator;
    private final LanguageDetector detector;
    /** The desk's meters (README "Metrics and reports"); closed by {@link #stop()}. */
    private final PrometheusMeterRegistry registry;

    private volatile boolean stopping;
    /** Single-node mode: the store and the desk (cluster mode: the leader's, made by {@link #lead}). */
    private ChatStore store;

    private HelpDesk desk;
    /** Cluster mode: this node of the desk ({@code null} when the desk runs alone). */
    private ClusterNode cluster;
    /** What the endpoints call: {@link #desk} through a {@link LocalDesk}. */
    private Desk port;

    private SocketIOServer server;
    private ScheduledExecutorService timers;
    private ExecutorService archiveReads;
    private ExecutorService signInChecks;
    private ExecutorService reportReads;
    private ConsoleSessions sessions;

    /** A desk that translates nothing. */
    public DeskService(DeskConfig config, Clock clock) {
        this(config, clock, Translators.none(), LanguageDetector.none());
    }

    /** A desk that translates with {@code translator} within {@code translation.timeout} and detects with {@code detector}. */
    public DeskService(DeskConfig config, Clock clock, Translator translator, LanguageDetector detector) {
        this(config, clock, DeskService::openJdbc, translator, detector);
    }

    /** As {@link #DeskService(DeskConfig, Clock, Translator, LanguageDetector)}, counting in {@code registry}. */
    @Inject
    public DeskService(
            DeskConfig config,
            Clock clock,
            Translator translator,
            LanguageDetector detector,
            PrometheusMeterRegistry registry) {
        this(config, clock, DeskService::openJdbc, translator, detector, registry);
    }

    public DeskService(DeskConfig config, Clock clock, StoreOpener storeOpener) {
        this(config, clock, storeOpener, Translators.none(), LanguageDetector.none());
    }

    /** A desk with its own registry ({@code application="handoff-desk"}). */
    public DeskService(
            DeskConfig config, Clock clock, StoreOpener storeOpener, Translator translator, LanguageDetector detector) {
        this(config, clock, storeOpener, translator, detector, Registries.prometheus(APPLICATION));
    }

    public DeskService(
            DeskConfig config,
            Clock clock,
            StoreOpener storeOpener,
            Translator translator,
            LanguageDetector detector,
            PrometheusMeterRegistry registry) {
        this.registry = registry;
        this.config = config;
        this.clock = clock;
        this.storeOpener = storeOpener;
        this.translator = translator;
        this.detector = detector;
    }

    private static ChatStore openJdbc(DeskConfig c) {
        return JdbcChatStore.open(c.jdbcUrl(), c.dbUser(), c.dbPassword(), c.dbReadConnections());
    }

    /** Starts the desk; a desk that cannot start throws {@link DeskStartException} and leaves nothing open. */
    public synchronized DeskService start() {
        if (server != null) throw new IllegalStateException("desk already started on port " + config.port());
        stopping = false;
        SslContext tls = config.security().tls() == null
                ? null
                : TlsContext.load(config.security().tls());
        checkPortFree();
        Duration translationTimeout = config.translation().timeout();
        SocketOutbox outbox;
        int resumed = 0;
        if (config.cluster() == null) {
            store = new WriteBehindChatStore(openStore(), config.dbMaxPendingWrites(), FLUSH_TIMEOUT);
            outbox = new SocketOutbox();
            desk = new HelpDesk(
                    config,
                    store,
                    clock,
                    outbox,
                    new DeskTranslation(translator, detector, translationTimeout, Deadlines.daemon()),
                    registry);
            port = new LocalDesk(
                    desk,
                    outbox,
                    outbox,
                    new KeylessChats(config.security().limits().keylessChatsPerMinute()));
            try {
                resumed = desk.resumeStored();
            } catch (RuntimeException e) {
                store.close(); // the writer thread and the database (and H2's file lock) with it
                throw e;
            }
        } else {
            outbox = new SocketOutbox(config.nodeId().orElseThrow());
            port = joinCluster(outbox, translationTimeout);
        }
        DeskInfo.Translation languages = translatedLanguages(translationTimeout);

        Configuration sio = new Configuration();
        sio.setHostname(config.host());
        sio.setPort(config.port());
        int frame = Math.max(1 << 20, config.maxMessageSize() * 8 + (64 << 10));
        sio.setMaxFramePayloadLength(frame);
        sio.setMaxHttpContentLength(frame);
        // a stalled connection (no FIN) is closed after about interval + timeout, on websocket and polling
        sio.setPingInterval((int) config.heartbeat().interval().toMillis());
        sio.setPingTimeout((int) config.heartbeat().timeout().toMillis());
        // no permessage-deflate: a frame is never inflated, so its size is bounded by the frame limit above
        sio.setWebsocketCompression(false);
        // responses are small; compressing them costs CPU and would mix secrets with user text over TLS
        sio.setHttpCompression(false);
        // session ids from the random generator only, never from a client's "io" cookie or header
        sio.setRandomSession(true);
        // requests outside /socket.io/ go on to the agents' console (ConsoleHttpHandler), not netty-socketio's 400
        sio.setAllowCustomRequests(true);
        sio.setAddVersionHeader(false);
        // a TCP connection that sends no request by then is closed (it cannot identify itself anyway)
        sio.setFirstDataTimeout((int) Math.min(
                FIRST_DATA_TIMEOUT.toMillis(),
                config.security().limits().identifyWithin().toMillis()));
        SocketConfig socket = new SocketConfig();
        socket.setReuseAddress(true);
        socket.setAcceptBackLog(1024);
        sio.setSocketConfig(socket);
        ConnectionLog.Budget logs = new ConnectionLog.Budget();
        sio.setExceptionListener(new LoggingExceptionListener(logs));
        sio.setJsonSupport(new WarningJsonSupport(logs));
        server = new QuickStopServer(sio);
        ConnectionGate gate = new ConnectionGate(config.security());
        Duration idle =
                config.heartbeat().interval().plus(config.heartbeat().timeout()).plus(IDLE_MARGIN);
        // the agents' console on this port; its password sign-ins and /agents' token sign-ins share a throttle
        SignInThrottle throttle = new SignInThrottle(config.security().limits(), System::nanoTime);
        signInChecks = daemonPool("desk-sign-in", SIGN_IN_CHECKERS, MAX_WAITING_SIGN_INS);
        // cluster mode: sessions shared through Redis, so a console may reach any node (README "Run a cluster")
        sessions = cluster == null
                ? new ConsoleSessions(ConsoleSessions.IDLE, System::nanoTime)
                : SharedSessions.open(cluster.bus());
        Gauge.builder("desk.console.sessions", sessions, ConsoleSessions::size)
                .description("Agents' console sign-in sessions kept")
                .strongReference(true)
                .register(registry);
        ConsoleSignIn signIn = new ConsoleSignIn(config, sessions, throttle, signInChecks);
        // a supervisor's reports: read on a connection of their own, two at a time, off the event threads
        reportReads = daemonPool("desk-reports", REPORT_READERS, MAX_WAITING_REPORTS);
        ConsoleReports reports = new ConsoleReports(
                config,
                signIn,
                new Reports(
                        config.jdbcUrl(),
                        config.dbUser(),
                        config.dbPassword(),
                        config.reports().timeZone()),
                reportReads);
        ConsoleHttpHandler console =
                new ConsoleHttpHandler(DeskChannelInitializer.CONNECT_PATH, new ConsoleAssets(), signIn, reports);
        MetricsHttpHandler metrics =
                config.metrics().enabled() ? new MetricsHttpHandler(new MetricsHttp(config.metrics(), registry)) : null;
        server.setPipelineFactory(
                new DeskChannelInitializer(config.security(), gate, tls, idle, frame, logs, console, metrics));
        SecurityConfig.Origins origins = config.security().origins();
        new LiveAgentEndpoint(config, port, outbox, gate, () -> stopping)
                .register(AdmittedNamespace.guard(
                        server.addNamespace(LiveAgentEvents.NAMESPACE), origins::allowsLiveAgent, logs));
        archiveReads = new ThreadPoolExecutor(
                ARCHIVE_READERS,
                ARCHIVE_READERS,
                30,
                TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(MAX_WAITING_ARCHIVE_READS),
                r -> {
                    Thread t = new Thread(r, "desk-archive-reads");
                    t.setDaemon(true);
                    return t;
                });
        new AgentsEndpoint(config, port, outbox, gate, archiveReads, throttle, signIn, languages)
                .register(AdmittedNamespace.guard(
                        server.addNamespace(AgentEvents.NAMESPACE), origins::allowsAgents, logs));
        for (String namespace : List.of(LiveAgentEvents.NAMESPACE, AgentEvents.NAMESPACE)) {
            // the namespace's clients are a concurrent map: its size is read without a lock
            Gauge.builder("desk.socketio.connections", server.getNamespace(namespace), n -> n.getAllClients()
                            .size())
                    .description("Socket.IO clients connected, per namespace")
                    .tag("namespace", namespace)
                    .strongReference(true)
                    .register(registry);
        }
        try {
            server.start();
        } catch (RuntimeException e) {
            server = null;
            archiveReads.shutdownNow();
            signInChecks.shutdownNow();
            reportReads.shutdownNow();
            sessions.close();
            closeStoreOrCluster();
            String where = config.host() + ":" + config.port();
            if (causedBy(e, BindException.class)) {
                throw new DeskStartException(DeskStartException.Problem.PORT_IN_USE, "port " + where + " is in use", e);
            }
            throw new DeskStartException(
                    DeskStartException.Problem.CANNOT_LISTEN, "cannot listen on " + where + ": " + e.getMessage(), e);
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
                        if (cluster != null) cluster.tick();
                        else desk.tick();
                    } catch (RuntimeException e) {
                        log.error("desk timers failed: {}", e.toString(), e);
                    }
                },
                tick,
                tick,
                TimeUnit.MILLISECONDS);
        log.info(
                "desk listening on {}://{}:{} ({} and {}, the agents' console at /, metrics {}), database {}, {} open"
                        + " chat(s) resumed {}",
                tls == null ? "http" : "https",
                config.host(),
                config.port(),
                LiveAgentEvents.NAMESPACE,
                AgentEvents.NAMESPACE,
                config.metrics().enabled()
                        ? "at " + config.metrics().path() + (config.metrics().token() == null ? "" : " (token)")
                        : "off",
                config.db() == null ? "H2 under " + config.dataDir() : "from --db",
                resumed,
                cluster == null
                        ? desk.counts()
                        : "(cluster node " + config.nodeId().orElseThrow() + ")");
        return this;
    }

    /**
     * What the engine translates, for {@code desk_info}: asked once, at start, waiting at most the translation
     * timeout (this is not an event thread); an engine that does not answer in time lists nothing (logged once).
     */
    private DeskInfo.Translation translatedLanguages(Duration timeout) {
        try {
            LanguagePairs pairs = port.translatedPairs().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            List<List<String>> directed = pairs.pairs().stream()
                    .map(p -> List.of(p.source(), p.target()))
                    .sorted(Comparator.comparing((List<String> p) -> p.get(0)).thenComparing(p -> p.get(1)))
                    .toList();
            return new DeskInfo.Translation(translator.name(), List.copyOf(pairs.languages()), directed);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new DeskInfo.Translation(translator.name(), List.of(), List.of());
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            log.warn(
                    "translation ({}): cannot list its languages within {} ms ({}); the agents' language picker"
                            + " shows none as translated",
                    translator.name(),
                    timeout.toMillis(),
                    e instanceof ExecutionException && e.getCause() != null
                            ? e.getCause().getMessage()
                            : e.toString());
            return new DeskInfo.Translation(translator.name(), List.of(), List.of());
        }
    }

    private static ExecutorService daemonPool(String name, int threads, int waiting) {
        return new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(waiting), r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * A port in use is found before the database is opened, and without netty-socketio's stack trace
     * ("SocketIO server start failed"); the server's own bind failure is still handled, for the race.
     */
    private void checkPortFree() {
        try (ServerSocket probe = new ServerSocket()) {
            probe.setReuseAddress(true);
            probe.bind(new InetSocketAddress(config.host(), config.port()));
        } catch (BindException e) {
            throw new DeskStartException(
                    DeskStartException.Problem.PORT_IN_USE,
                    "port " + config.host() + ":" + config.port() + " is in use",
                    e);
        } catch (IOException e) {
            throw new DeskStartException(
                    DeskStartException.Problem.CANNOT_LISTEN,
                    "cannot listen on " + config.host() + ":" + config.port() + ": " + e.getMessage(),
                    e);
        }
    }

    private ChatStore openStore() {
        return openStore(() -> storeOpener.apply(config));
    }

    private <T> T openStore(java.util.function.Supplier<T> open) {
        try {
            return open.get();
        } catch (StoreOpenException e) {
            DeskStartException.Problem problem =
                    switch (e.problem()) {
                        case IN_USE -> DeskStartException.Problem.DATABASE_IN_USE;
                        case UNREACHABLE -> DeskStartException.Problem.DATABASE_UNREACHABLE;
                        case FAILED -> DeskStartException.Problem.DATABASE_FAILED;
                    };
            throw new DeskStartException(problem, e.getMessage(), e);
        }
    }

    private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) return true;
        }
        return false;
    }

    /** The desk this process runs: the desk alone, or in cluster mode the leader's (else it throws). */
    public HelpDesk desk() {
        if (cluster != null) {
            ClusterNode.Leading leading = cluster.leading();
            if (leading instanceof Led led) return led.helpDesk();
            throw new IllegalStateException("this cluster node does not lead the desk now");
        }
        if (desk == null) throw new IllegalStateException("desk not started");
        return desk;
    }

    /** Cluster mode: whether this node leads the desk now. */
    public boolean leads() {
        return cluster != null && cluster.leads();
    }

    private void closeStoreOrCluster() {
        if (cluster != null) {
            cluster.close(); // the leader's desk writes its queued writes and gives the lock up
            cluster = null;
        } else {
            store.close();
        }
    }

    /**
     * Cluster mode: migrates the shared schema, joins the cluster ({@link ClusterNode}) and returns the desk the
     * endpoints call (the leader's own while this node leads, else the remote one).
     */
    private Desk joinCluster(SocketOutbox outbox, Duration translationTimeout) {
        openStore(() -> {
            JdbcChatStore.migrate(config.jdbcUrl(), config.dbUser(), config.dbPassword());
            return null;
        });
        KeylessChats keyless = new KeylessChats(config.security().limits().keylessChatsPerMinute());
        ClusterNode.LeaderFactory factory = (epoch, lockHolder, connections) -> {
            // writes on the lock's connection (what is written is this leader's alone), reads on a pool of its own
            WriteBehindChatStore leaderStore = new WriteBehindChatStore(
                    JdbcChatStore.on(
                            lockHolder,
                            config.jdbcUrl(),
                            config.dbUser(),
                            config.dbPassword(),
                            config.dbReadConnections(),
                            Database.applicationName(
                                    config.cluster().prefix(), config.nodeId().orElseThrow(), "reads")),
                    config.dbMaxPendingWrites(),
                    FLUSH_TIMEOUT);
            HelpDesk led = new HelpDesk(
                    config,
                    leaderStore,
                    clock,
                    connections,
                    new DeskTranslation(translator, detector, translationTimeout, Deadlines.daemon()),
                    registry);
            try {
                int open = led.resumeStored();
                log.info(
                        "desk node {} leads as epoch {}: {} open chat(s) resumed",
                        config.nodeId().orElseThrow(),
                        epoch,
                        open);
            } catch (RuntimeException e) {
                led.retire();
                leaderStore.close();
                throw e;
            }
            return new Led(led, leaderStore, new LocalDesk(led, connections, connections, keyless));
        };
        cluster = new ClusterNode(
                config.cluster(),
                config.nodeId().orElseThrow(),
                new Database(config.jdbcUrl(), config.dbUser(), config.dbPassword()),
                outbox,
                factory,
                ClusterNode.Settings.DEFAULT);
        try {
            return cluster.start(config.host() + ":" + config.port(), () -> {
                try {
                    return translator.name().equals(Translators.none().name())
                            ? java.util.concurrent.CompletableFuture.completedFuture(LanguagePairs.none())
                            : translator.languages();
                } catch (RuntimeException e) {
                    return java.util.concurrent.CompletableFuture.failedFuture(e);
                }
            });
        } catch (ClusterException e) {
            cluster = null;
            throw new DeskStartException(DeskStartException.Problem.CLUSTER_UNREACHABLE, e.getMessage(), e);
        }
    }

    /** The desk a cluster leader runs, with its store. */
    private record Led(HelpDesk helpDesk, WriteBehindChatStore store, Desk desk) implements ClusterNode.Leading {
        @Override
        public void tick() {
            helpDesk.tick();
        }

        @Override
        public boolean healthy() {
            return store.alive();
        }

        @Override
        public void stop(boolean lost) {
            helpDesk.retire();
            if (lost) store.abandon(); // the lock's connection is gone: nothing more may be written for this leader
            else store.close(); // the queued writes, then the lock holder's connection: the lock goes with it
        }
    }

    /** Stops the timers and the server, then writes every queued write and closes the database. */
    public synchronized void stop() {
        if (server == null) return;
        stopping = true;
        timers.shutdownNow();
        if (cluster == null) log.info("desk stopping with open chats {}; they resume at the next start", desk.counts());
        else log.info("desk node {} stopping", config.nodeId().orElseThrow());
        try {
            server.stop();
            timers.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            server = null;
            archiveReads.shutdownNow();
            signInChecks.shutdownNow();
            reportReads.shutdownNow();
            sessions.close();
            closeStoreOrCluster();
            Registries.close(registry);
            log.info("desk stopped");
        }
    }

    @Override
    public void close() {
        stop();
    }
}
