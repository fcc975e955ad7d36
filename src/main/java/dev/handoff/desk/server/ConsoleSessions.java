package dev.handoff.desk.server;

import com.corundumstudio.socketio.SocketIOClient;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The console's sign-in sessions, kept in the desk's memory: a session id (256 random bits, the value
 * of the {@code HttpOnly} cookie) names the agent who signed in with a password. A session is
 * forgotten when the agent signs out ({@link #end}: its {@code /agents} connections are returned, to
 * be disconnected), after {@link #IDLE} with no request and no connection, and when the desk stops
 * (sessions do not outlive the process: agents sign in again after a restart).
 *
 * <p>Only the SHA-256 of an id is kept (its key), so nothing in memory can be presented as a cookie. At
 * most {@link #MAX_SESSIONS}; past that, the session idle longest is forgotten. Thread-safe: every
 * method is a few map operations under one lock, fit for netty's event threads.
 *
 * <p>In cluster mode the map is this node's replica of the cluster's sessions, kept in step through a
 * {@link Share} ({@link SharedSessions}): a session started, used or ended here is told to it, and the
 * {@code ...Elsewhere} methods take what other nodes did. A lookup never waits for the other nodes;
 * alone, the share is {@link #ALONE} and nothing changes.
 */
final class ConsoleSessions implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ConsoleSessions.class);
    /** A session with no request and no open connection for this long is forgotten. */
    static final Duration IDLE = Duration.ofHours(12);

    static final int MAX_SESSIONS = 10_000;
    /** The cookie that carries the session id; over TLS, with the {@code __Host-} prefix. */
    static final String COOKIE = "handoff_session";

    static final String TLS_COOKIE = "__Host-" + COOKIE;

    private static final SecureRandom RANDOM = new SecureRandom();

    /**
     * How the sessions reach the cluster's other nodes. Keys are the SHA-256 of session ids in hex: an id
     * never leaves. Called outside the sessions' lock on the threads that call them (netty's event threads,
     * the sign-in pool): every method returns at once and never throws.
     */
    interface Share extends AutoCloseable {
        /**
         * The session {@code key} of {@code agent} started here. The stage completes once the other nodes
         * can know it, or once sharing failed (the session then works here alone until the share makes up
         * for it); it never fails.
         */
        CompletionStage<Void> started(String key, String agent);

        /** The session {@code key} was used here (a request, a connection opened or closed). */
        void used(String key);

        /** Signed out here; {@code known}: the session was live here. */
        void ended(String key, boolean known);

        @Override
        void close();
    }

    /** One desk alone: nothing to share. */
    static final Share ALONE = new Share() {
        @Override
        public CompletionStage<Void> started(String key, String agent) {
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public void used(String key) {}

        @Override
        public void ended(String key, boolean known) {}

        @Override
        public void close() {}
    };

    private final long idleNanos;
    private final LongSupplier nanoClock;
    private final Share share;
    // guarded by this; access order: the least recently used first
    private final Map<String, Entry> sessions = new LinkedHashMap<>(64, 0.75f, true);
    /** The sessions kept, as of the last change: what the metrics' gauge reads without the lock. */
    private volatile int kept;

    private static final class Entry {
        final String agent;
        long lastUsed;
        final Set<SocketIOClient> sockets = new LinkedHashSet<>();

        Entry(String agent, long lastUsed) {
            this.agent = agent;
            this.lastUsed = lastUsed;
        }
    }

    ConsoleSessions(Duration idle, LongSupplier nanoClock) {
        this(idle, nanoClock, ALONE);
    }

    ConsoleSessions(Duration idle, LongSupplier nanoClock, Share share) {
        this.idleNanos = idle.toNanos();
        this.nanoClock = nanoClock;
        this.share = share;
    }

    /**
     * A new session for {@code agent}; its id, for the cookie, once it is shared (at once alone). The
     * stage never fails.
     */
    CompletionStage<String> start(String agent) {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        String id = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        String k = key(id);
        add(k, agent, nanoClock.getAsLong());
        CompletionStage<Void> shared;
        try {
            shared = share.started(k, agent);
        } catch (RuntimeException e) {
            log.error("console: sharing a sign-in failed; it works on this node alone", e);
            return CompletableFuture.completedFuture(id);
        }
        return shared.handle((ok, failure) -> id);
    }

    /** The agent of the session {@code id}, if it is live; a use keeps it alive. */
    Optional<String> agentOf(String id) {
        String k = keyOf(id);
        if (k == null) return Optional.empty();
        String agent;
        synchronized (this) {
            Entry e = live(k);
            if (e == null) return Optional.empty();
            e.lastUsed = nanoClock.getAsLong();
            agent = e.agent;
        }
        share.used(k);
        return Optional.of(agent);
    }

    /**
     * An {@code /agents} connection signed in with the session: while it is open the session does not
     * go idle, and signing out disconnects it. False when the session ended meanwhile.
     */
    boolean attach(String id, SocketIOClient client) {
        String k = keyOf(id);
        if (k == null) return false;
        synchronized (this) {
            Entry e = live(k);
            if (e == null) return false;
            e.sockets.add(client);
            e.lastUsed = nanoClock.getAsLong();
        }
        share.used(k);
        return true;
    }

    /** The connection closed: the session's idle time starts now if it has no other. */
    void detach(String id, SocketIOClient client) {
        String k = keyOf(id);
        if (k == null) return;
        synchronized (this) {
            Entry e = sessions.get(k);
            if (e == null) return;
            e.sockets.remove(client);
            e.lastUsed = nanoClock.getAsLong();
        }
        share.used(k);
    }

    /**
     * Signs out: forgets the session (on every node, in cluster mode) and returns its open connections
     * here, for the caller to disconnect.
     */
    List<SocketIOClient> end(String id) {
        String k = keyOf(id);
        if (k == null) return List.of();
        List<SocketIOClient> open;
        synchronized (this) {
            Entry e = sessions.remove(k);
            kept = sessions.size();
            open = e == null ? null : new ArrayList<>(e.sockets);
        }
        share.ended(k, open != null);
        return open == null ? List.of() : open;
    }

    /** Another node started the session {@code key}: kept as if it started here. */
    synchronized void startedElsewhere(String key, String agent) {
        if (!sessions.containsKey(key)) add(key, agent, nanoClock.getAsLong());
    }

    /**
     * The cluster holds the live session {@code key} with {@code left} of its idle time left: kept (if
     * there is room), and taken to be last used no earlier than {@code IDLE - left} ago.
     */
    void seenElsewhere(String key, String agent, Duration left) {
        long lastUsed = nanoClock.getAsLong() - Math.max(0, idleNanos - left.toNanos());
        synchronized (this) {
            Entry e = sessions.get(key);
            if (e == null) {
                if (sessions.size() >= MAX_SESSIONS) return;
                sessions.put(key, new Entry(agent, lastUsed));
                kept = sessions.size();
            } else if (e.agent.equals(agent) && lastUsed - e.lastUsed > 0) {
                e.lastUsed = lastUsed;
            }
        }
    }

    /** The session {@code key} was signed out on another node: forgotten here, its connections here closed. */
    void endedElsewhere(String key) {
        List<SocketIOClient> open;
        synchronized (this) {
            Entry e = sessions.remove(key);
            if (e == null) return;
            kept = sessions.size();
            open = new ArrayList<>(e.sockets);
        }
        for (SocketIOClient client : open) client.disconnect();
        log.info("console: a session signed out on another node ({} connection(s) closed)", open.size());
    }

    /** The agent of the live session {@code key}, or null. */
    synchronized String agentOfKey(String key) {
        Entry e = live(key);
        return e == null ? null : e.agent;
    }

    /** The keys of the sessions with connections open here. */
    synchronized Set<String> held() {
        Set<String> keys = new LinkedHashSet<>();
        sessions.forEach((k, e) -> {
            if (!e.sockets.isEmpty()) keys.add(k);
        });
        return keys;
    }

    /** Stops sharing (in cluster mode); the sessions here stay until the desk stops. */
    @Override
    public void close() {
        share.close();
    }

    private synchronized void add(String key, String agent, long now) {
        sweep(now);
        if (sessions.size() >= MAX_SESSIONS) {
            Iterator<Map.Entry<String, Entry>> it = sessions.entrySet().iterator();
            while (it.hasNext() && sessions.size() >= MAX_SESSIONS) {
                if (it.next().getValue().sockets.isEmpty()) it.remove();
            }
        }
        sessions.put(key, new Entry(agent, now));
        kept = sessions.size();
    }

    /** Under the lock: the live session of {@code k}, or null (one gone idle is forgotten). */
    private Entry live(String k) {
        Entry e = sessions.get(k);
        if (e == null) return null;
        if (e.sockets.isEmpty() && nanoClock.getAsLong() - e.lastUsed > idleNanos) {
            sessions.remove(k);
            kept = sessions.size();
            return null;
        }
        return e;
    }

    private void sweep(long now) {
        sessions.values().removeIf(e -> e.sockets.isEmpty() && now - e.lastUsed > idleNanos);
    }

    /**
     * The console's sessions kept (a session idle past {@link #IDLE} counts until it is next looked at or swept):
     * read without the lock, for the {@code desk.console.sessions} gauge.
     */
    int size() {
        return kept;
    }

    /** The key of a session id that could be one (not empty, not overlong), else null. */
    private static String keyOf(String id) {
        if (id == null || id.isEmpty() || id.length() > 100) return null;
        return key(id);
    }

    private static String key(String id) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(id.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this Java", e);
        }
    }
}
