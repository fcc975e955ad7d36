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
import java.util.function.LongSupplier;

/**
 * The console's sign-in sessions, kept in the desk's memory: a session id (256 random bits, the value
 * of the {@code HttpOnly} cookie) names the agent who signed in with a password. A session is
 * forgotten when the agent signs out ({@link #end}: its {@code /agents} connections are returned, to
 * be disconnected), after {@link #IDLE} with no request and no connection, and when the desk stops
 * (sessions do not outlive the process: agents sign in again after a restart).
 *
 * <p>Only the SHA-256 of an id is kept, so nothing in memory can be presented as a cookie. At most
 * {@link #MAX_SESSIONS}; past that, the session idle longest is forgotten. Thread-safe: every method is
 * a few map operations under one lock, fit for netty's event threads.
 */
final class ConsoleSessions {
    /** A session with no request and no open connection for this long is forgotten. */
    static final Duration IDLE = Duration.ofHours(12);

    static final int MAX_SESSIONS = 10_000;
    /** The cookie that carries the session id; over TLS, with the {@code __Host-} prefix. */
    static final String COOKIE = "handoff_session";

    static final String TLS_COOKIE = "__Host-" + COOKIE;

    private static final SecureRandom RANDOM = new SecureRandom();

    private final long idleNanos;
    private final LongSupplier nanoClock;
    // guarded by this; access order: the least recently used first
    private final Map<String, Entry> sessions = new LinkedHashMap<>(64, 0.75f, true);
    /** The sessions kept, as of the last change: what the metrics' gauge reads without the lock. */
    private volatile int kept;

    private static final class Entry {
        final String agent;
        long lastUsed;
        final Set<SocketIOClient> sockets = new LinkedHashSet<>();

        Entry(String agent, long now) {
            this.agent = agent;
            this.lastUsed = now;
        }
    }

    ConsoleSessions(Duration idle, LongSupplier nanoClock) {
        this.idleNanos = idle.toNanos();
        this.nanoClock = nanoClock;
    }

    /** A new session for {@code agent}; its id, for the cookie. */
    synchronized String start(String agent) {
        long now = nanoClock.getAsLong();
        sweep(now);
        if (sessions.size() >= MAX_SESSIONS) {
            Iterator<Map.Entry<String, Entry>> it = sessions.entrySet().iterator();
            while (it.hasNext() && sessions.size() >= MAX_SESSIONS) {
                if (it.next().getValue().sockets.isEmpty()) it.remove();
            }
        }
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        String id = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        sessions.put(key(id), new Entry(agent, now));
        kept = sessions.size();
        return id;
    }

    /** The agent of the session {@code id}, if it is live; a use keeps it alive. */
    synchronized Optional<String> agentOf(String id) {
        Entry e = live(id);
        if (e == null) return Optional.empty();
        e.lastUsed = nanoClock.getAsLong();
        return Optional.of(e.agent);
    }

    /**
     * An {@code /agents} connection signed in with the session: while it is open the session does not
     * go idle, and signing out disconnects it. False when the session ended meanwhile.
     */
    synchronized boolean attach(String id, SocketIOClient client) {
        Entry e = live(id);
        if (e == null) return false;
        e.sockets.add(client);
        e.lastUsed = nanoClock.getAsLong();
        return true;
    }

    /** The connection closed: the session's idle time starts now if it has no other. */
    synchronized void detach(String id, SocketIOClient client) {
        Entry e = sessions.get(key(id));
        if (e == null) return;
        e.sockets.remove(client);
        e.lastUsed = nanoClock.getAsLong();
    }

    /** Signs out: forgets the session and returns its open connections, for the caller to disconnect. */
    synchronized List<SocketIOClient> end(String id) {
        Entry e = sessions.remove(key(id));
        kept = sessions.size();
        return e == null ? List.of() : new ArrayList<>(e.sockets);
    }

    private Entry live(String id) {
        if (id == null || id.isEmpty() || id.length() > 100) return null;
        String k = key(id);
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

    private static String key(String id) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(id.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this Java", e);
        }
    }
}
