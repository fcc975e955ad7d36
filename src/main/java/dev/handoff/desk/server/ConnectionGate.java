package dev.handoff.desk.server;

import com.corundumstudio.socketio.SocketIOClient;
import com.corundumstudio.socketio.handler.ClientHead;
import com.corundumstudio.socketio.namespace.Namespace;
import com.corundumstudio.socketio.transport.NamespaceClient;
import dev.handoff.desk.config.SecurityConfig;
import io.netty.util.concurrent.EventExecutor;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts connections per address and closes those that do not identify themselves in time
 * ({@code security.limits}). A connection is an Engine.IO session, whatever its transport (polling,
 * websocket, or polling upgraded to websocket): {@link HttpGate} asks {@link #admit} at its handshake
 * request, before netty-socketio creates it, and a session over a cap is refused there. The endpoints
 * tell the gate when a connection has identified itself ({@link #identified}): an agent signed in on
 * {@code /agents}, a {@code username} accepted on {@code /live_agent}.
 *
 * <p>Per address (see {@link ClientAddress}): at most {@code connectionsPerAddress} open sessions, of
 * which at most {@code unidentifiedPerAddress} not yet identified; a session not identified within
 * {@code identifyWithin} is closed. Per peer that is not a trusted proxy, at most {@link #tcpCap} TCP
 * connections (a session uses one or two; a browser keeps a few idle ones). Refusals are logged at
 * most once per address per {@link #REFUSAL_LOG_WINDOW}.
 *
 * <p>Thread-safe: every count is guarded by {@code this}; nothing here blocks or does I/O, so it is
 * called from netty's event threads.
 */
final class ConnectionGate {
    private static final Logger log = LoggerFactory.getLogger(ConnectionGate.class);
    static final Duration REFUSAL_LOG_WINDOW = Duration.ofSeconds(10);
    private static final int REMEMBERED_ADDRESSES = 10_000;

    private final SecurityConfig security;
    private final SecurityConfig.Limits limits;
    private final int tcpCap;
    // guarded by this
    private final Map<String, Address> addresses = new HashMap<>();
    private final Map<UUID, Session> sessions = new HashMap<>();
    private final Map<String, Integer> tcp = new HashMap<>();
    private final Map<String, LogLimiter> refusalLogs = new LinkedHashMap<>(64, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, LogLimiter> eldest) {
            return size() > REMEMBERED_ADDRESSES;
        }
    };

    ConnectionGate(SecurityConfig security) {
        this.security = security;
        this.limits = security.limits();
        this.tcpCap = (int) Math.min(Integer.MAX_VALUE, 2L * limits.connectionsPerAddress() + 16);
    }

    /** The address {@code client} is counted under (see {@link ClientAddress}). */
    String addressOf(SocketIOClient client) {
        return ClientAddress.of(client, security.trustedProxies());
    }

    /** A slot for a session that is being created; {@link #opened} binds it, {@link #cancel} gives it back. */
    static final class Admission {
        final String address;
        private boolean settled;

        private Admission(String address) {
            this.address = address;
        }
    }

    private static final class Address {
        int open;
        int unidentified;
        final Set<Session> sessions = new HashSet<>();
    }

    private static final class Session {
        final UUID id;
        final String address;
        final ClientHead head;
        boolean identified;

        Session(UUID id, String address, ClientHead head) {
            this.id = id;
            this.address = address;
            this.head = head;
        }
    }

    /**
     * A new session from {@code address}: a reserved slot, or {@code null} when the address is at one
     * of its caps (logged, at most once per address per {@link #REFUSAL_LOG_WINDOW}).
     */
    Admission admit(String address) {
        String refusal;
        synchronized (this) {
            Address a = addresses.computeIfAbsent(address, k -> new Address());
            if (full(a)) purgeDead(a);
            if (!full(a)) {
                a.open++;
                a.unidentified++;
                return new Admission(address);
            }
            refusal = a.open >= limits.connectionsPerAddress()
                    ? a.open + " open connections (security.limits.connectionsPerAddress: "
                            + limits.connectionsPerAddress() + ")"
                    : a.unidentified + " connections that have not identified themselves"
                            + " (security.limits.unidentifiedPerAddress: " + limits.unidentifiedPerAddress() + ")";
        }
        refused(address, "new connection refused: " + refusal);
        return null;
    }

    private boolean full(Address a) {
        return a.open >= limits.connectionsPerAddress() || a.unidentified >= limits.unidentifiedPerAddress();
    }

    /** Forgets sessions that netty-socketio ended without telling (so a count can never leak). */
    private void purgeDead(Address a) {
        for (Session s : List.copyOf(a.sessions)) {
            if (!s.head.isConnected()) forget(s);
        }
    }

    /** The reserved slot was not used: netty-socketio refused the handshake, or the connection closed. */
    synchronized void cancel(Admission admission) {
        if (admission.settled) return;
        admission.settled = true;
        Address a = addresses.get(admission.address);
        if (a == null) return;
        a.open--;
        a.unidentified--;
        if (a.open <= 0) addresses.remove(admission.address);
    }

    /** The session {@code head} was created in the reserved slot; it is closed if not identified in time. */
    void opened(Admission admission, ClientHead head, EventExecutor timer) {
        synchronized (this) {
            if (admission.settled) return;
            admission.settled = true;
            Session s = new Session(head.getSessionId(), admission.address, head);
            sessions.put(s.id, s);
            addresses
                    .computeIfAbsent(admission.address, k -> new Address())
                    .sessions
                    .add(s);
        }
        timer.schedule(() -> expire(head), limits.identifyWithin().toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The session has ended (netty-socketio let go of it). */
    synchronized void closed(UUID sessionId) {
        Session s = sessions.get(sessionId);
        if (s != null) forget(s);
    }

    private void forget(Session s) {
        sessions.remove(s.id);
        Address a = addresses.get(s.address);
        if (a == null) return;
        a.sessions.remove(s);
        a.open--;
        if (!s.identified) a.unidentified--;
        if (a.open <= 0) addresses.remove(s.address);
    }

    /** {@code client} has signed in or sent an accepted {@code username}: it is no longer closed for idling. */
    void identified(SocketIOClient client) {
        synchronized (this) {
            Session s = sessions.get(client.getSessionId());
            if (s == null || s.identified) return;
            s.identified = true;
            Address a = addresses.get(s.address);
            if (a != null) a.unidentified--;
        }
    }

    private void expire(ClientHead head) {
        String address;
        synchronized (this) {
            Session s = sessions.get(head.getSessionId());
            if (s == null || s.identified) return;
            address = s.address;
        }
        if (head.isConnected()) {
            refused(
                    address,
                    "session " + head.getSessionId() + " closed: not identified within "
                            + limits.identifyWithin().toMillis() + " ms (security.limits.identifyWithin)");
            close(head);
        }
        closed(head.getSessionId());
    }

    /** Closes a session: each namespace is told (the client's socket sees a server disconnect), then the engine. */
    private static void close(ClientHead head) {
        for (Namespace ns : List.copyOf(head.getNamespaces())) {
            NamespaceClient nc = head.getChildClient(ns);
            if (nc != null && !ns.getName().equals(Namespace.DEFAULT_NAME)) nc.disconnect();
        }
        head.disconnect();
    }

    /** A TCP connection from {@code peer} opens: {@code false} when the peer has too many (close it). */
    boolean tcpOpened(String peer) {
        if (security.trustedProxies().contains(peer)) return true;
        int now;
        synchronized (this) {
            now = tcp.merge(peer, 1, Integer::sum);
            if (now <= tcpCap) return true;
            tcp.merge(peer, -1, Integer::sum);
        }
        refused(
                peer,
                "TCP connection refused: " + (now - 1) + " open (the cap is twice"
                        + " security.limits.connectionsPerAddress, plus 16)");
        return false;
    }

    /** A TCP connection for which {@link #tcpOpened} said {@code true} has closed. */
    synchronized void tcpClosed(String peer) {
        if (security.trustedProxies().contains(peer)) return;
        tcp.computeIfPresent(peer, (k, n) -> n <= 1 ? null : n - 1);
    }

    private void refused(String address, String what) {
        long report;
        synchronized (this) {
            LogLimiter limiter = refusalLogs.computeIfAbsent(
                    address, k -> new LogLimiter(1, REFUSAL_LOG_WINDOW.toNanos(), System.nanoTime()));
            report = limiter.acquire(System.nanoTime());
        }
        if (report < 0) return;
        log.warn("{}: {}{}", address, what, report > 0 ? " (and " + report + " more since the last such line)" : "");
    }
}
