package dev.handoff.liveagent.socketio;

import dev.handoff.liveagent.HandoffRequest;
import dev.handoff.liveagent.LiveAgentClient;
import dev.handoff.liveagent.LiveAgentListener;
import dev.handoff.liveagent.LiveAgentSession;
import dev.handoff.liveagent.RatingOutcome;
import dev.handoff.liveagent.RatingRequest;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.Dispatcher;
import okhttp3.OkHttpClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live-agent port over Socket.IO ({@code socket.io-client-java} 2.x, Socket.IO protocol v5): one
 * connection to {@code <liveAgentUrl>/live_agent} per handed-off conversation, opened by
 * {@link #open} and never before. A server with several URLs gets it at one of them at a time, the next
 * one after a failure ({@link FailoverWire}).
 *
 * <p>Built to carry hundreds of conversations in one JVM:
 *
 * <ul>
 *   <li>one shared HTTP client whose dispatcher allows {@link SocketIoSettings#maxConcurrentRequests}
 *       concurrent requests (an open websocket holds one for its whole life);
 *   <li>each connection gets its own Socket.IO manager ({@code forceNew}), so conversations are
 *       never multiplexed over one socket;
 *   <li>events arrive on the wire's thread (socket.io-client-java's one {@code EventThread}, or a Netty event
 *       loop); the session only updates state and emits there, and hands every listener call to a per-session
 *       serial executor backed by one fixed pool of {@link SocketIoSettings#listenerThreads} threads, so one
 *       session's calls come in order, one at a time, and a slow listener holds up one pool thread, never the
 *       wire. A session whose listener falls {@value SocketIoSession#MAX_LISTENER_BACKLOG} calls behind has its
 *       connection dropped until the reconnect, so nothing waits for a listener without bound.
 * </ul>
 *
 * <p>The connections themselves are {@link Wire}s of the implementation {@link SocketIoSettings#implementation()}
 * picks: socket.io-client-java (above), or {@link NettyWire}, where every connection shares one Netty event loop
 * of at most two threads and no thread is started per conversation.
 *
 * <p>This is the only class family in the project that imports {@code io.socket}.
 */
public final class SocketIoLiveAgentClient implements LiveAgentClient {
    private static final Logger log = LoggerFactory.getLogger(SocketIoLiveAgentClient.class);

    private final SocketIoSettings settings;
    private final ExecutorService httpExecutor;
    private final OkHttpClient http;
    private final ExecutorService listenerPool;
    private final ScheduledExecutorService timers;
    private final Wire.Factory wires;
    private final Set<SocketIoSession> sessions = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean closed = new AtomicBoolean();

    /** Creates the shared HTTP client and pools; opens no connection and starts no thread. */
    @Inject
    public SocketIoLiveAgentClient(SocketIoSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.httpExecutor = cachedPool("live-agent-http-");
        Dispatcher dispatcher = new Dispatcher(httpExecutor);
        dispatcher.setMaxRequests(settings.maxConcurrentRequests());
        dispatcher.setMaxRequestsPerHost(settings.maxConcurrentRequests());
        this.http = new OkHttpClient.Builder()
                .dispatcher(dispatcher)
                .socketFactory(new NoDelaySocketFactory())
                // polling holds a request open for up to a ping interval (25 s by default)
                .readTimeout(1, TimeUnit.MINUTES)
                .build();
        this.listenerPool = fixedPool("live-agent-listener-", settings.listenerThreads());
        ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1, daemonThreads("live-agent-timer-"));
        scheduler.setRemoveOnCancelPolicy(true);
        this.timers = scheduler;
        this.wires = settings.implementation() == SocketIoSettings.Implementation.NETTY
                ? NettyWire.factory(settings)
                : IoSocketWire.factory(settings, http, timers);
    }

    @Override
    public LiveAgentSession open(HandoffRequest request, LiveAgentListener listener) {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(listener, "listener");
        if (closed.get()) {
            throw new IllegalStateException("the live-agent client is closed; conversation " + request.conversationId()
                    + " cannot be handed off");
        }
        SocketIoSession session = new SocketIoSession(this, request, listener);
        sessions.add(session);
        session.start();
        return session;
    }

    /** On a connection of its own, tried up to three times in about a minute; see {@link SocketIoRating}. */
    @Override
    public java.util.concurrent.CompletionStage<RatingOutcome> rate(RatingRequest request) {
        Objects.requireNonNull(request, "request");
        if (closed.get()) {
            return java.util.concurrent.CompletableFuture.completedFuture(RatingOutcome.failed("closed"));
        }
        return SocketIoRating.send(this, request);
    }

    /** How many sessions are open (connecting, connected or reconnecting). */
    public int openSessions() {
        return sessions.size();
    }

    /**
     * Closes every open session (their listeners hear nothing more) and releases the threads: the HTTP pool's once
     * idle for a minute. Idempotent.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        List<SocketIoSession> open = List.copyOf(sessions);
        open.forEach(SocketIoSession::close);
        wires.close();
        timers.shutdownNow();
        listenerPool.shutdown();
        // The HTTP pool is not shut down: its threads stop after a minute idle. A polling socket the library still
        // closes or polls afterwards would have its request refused at once, and socket.io-client-java answers that
        // failure by closing the transport, which writes again, which fails again: the recursion overflowed the
        // stack of the library's one event thread, after which no socket of the JVM connected any more.
        http.connectionPool().evictAll();
        log.debug("live-agent client closed ({} sessions were open)", open.size());
    }

    void forget(SocketIoSession session) {
        sessions.remove(session);
    }

    SocketIoSettings settings() {
        return settings;
    }

    /** The shared HTTP client of socket.io-client-java's wires. */
    OkHttpClient http() {
        return http;
    }

    Wire.Factory wires() {
        return wires;
    }

    ExecutorService listenerPool() {
        return listenerPool;
    }

    ScheduledExecutorService timers() {
        return timers;
    }

    private static ExecutorService cachedPool(String prefix) {
        return new ThreadPoolExecutor(
                0, Integer.MAX_VALUE, 60, TimeUnit.SECONDS, new SynchronousQueue<>(), daemonThreads(prefix));
    }

    /**
     * {@code threads} at most, started as needed and stopped after a minute idle. Its queue is not capped, yet
     * bounded: each session's {@link SerialExecutor} gives it one task at a time, so it holds at most one per open
     * session (and one per rating under way); it never refuses and never blocks the wire thread that submits.
     */
    private static ExecutorService fixedPool(String prefix, int threads) {
        ThreadPoolExecutor pool = new ThreadPoolExecutor(
                threads, threads, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), daemonThreads(prefix));
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    private static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
