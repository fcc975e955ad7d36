package dev.handoff.desk.server;

import com.corundumstudio.socketio.AuthTokenListener;
import com.corundumstudio.socketio.AuthTokenResult;
import com.corundumstudio.socketio.BroadcastOperations;
import com.corundumstudio.socketio.SocketIOClient;
import com.corundumstudio.socketio.SocketIONamespace;
import com.corundumstudio.socketio.listener.ConnectListener;
import com.corundumstudio.socketio.listener.DataListener;
import com.corundumstudio.socketio.listener.DisconnectListener;
import com.corundumstudio.socketio.listener.EventInterceptor;
import com.corundumstudio.socketio.listener.MultiTypeEventListener;
import com.corundumstudio.socketio.listener.PingListener;
import com.corundumstudio.socketio.listener.PongListener;
import dev.handoff.desk.api.DeskError;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A namespace as the endpoints see it: only connections it has admitted reach their listeners.
 *
 * <p>The first auth listener checks the handshake's {@code Origin} against the namespace's allowlist
 * ({@code security.origins.liveAgent} or {@code .agents}) and refuses with {@code {"message": ...,
 * "code": "origin_not_allowed"}}; the endpoints' own auth listeners (token, key) run after it, and
 * netty-socketio refuses the CONNECT at the first that fails. Since {@link PacketGate} gives every
 * CONNECT auth data, they run for every CONNECT, anonymous ones included.
 *
 * <p>A refused CONNECT leaves netty-socketio's namespace client in place, so a client could still send
 * events on the namespace it was refused: this wrapper passes events, and disconnects, only for
 * connections whose CONNECT was accepted (marked by the first connect listener), and drops the others
 * with a (rate-limited) warning.
 */
final class AdmittedNamespace implements SocketIONamespace {
    private static final Logger log = LoggerFactory.getLogger(AdmittedNamespace.class);

    private final SocketIONamespace ns;
    private final ConnectionLog.Budget logs;
    private final String admittedKey;

    private AdmittedNamespace(SocketIONamespace ns, ConnectionLog.Budget logs) {
        this.ns = ns;
        this.logs = logs;
        this.admittedKey = "desk.admitted:" + ns.getName();
    }

    /** Guards {@code ns}: {@code origins} says which {@code Origin} values may connect (a missing one is {@code null}). */
    static AdmittedNamespace guard(SocketIONamespace ns, Predicate<String> origins, ConnectionLog.Budget logs) {
        AdmittedNamespace admitted = new AdmittedNamespace(ns, logs);
        ns.addAuthTokenListener((auth, client) -> admitted.checkOrigin(client, origins));
        ns.addConnectListener(client -> client.set(admitted.admittedKey, Boolean.TRUE));
        return admitted;
    }

    private AuthTokenResult checkOrigin(SocketIOClient client, Predicate<String> origins) {
        String origin = client.getHandshakeData() == null
                ? null
                : client.getHandshakeData().getHttpHeaders().get("Origin");
        if (origins.test(origin)) return AuthTokenResult.AuthTokenResultSuccess;
        ConnectionLog clog = logs.of(client);
        clog.warn(
                log,
                "{}: connection {} refused: Origin '{}' is not allowed on this namespace (security.origins)",
                ns.getName(),
                client.getSessionId(),
                Excerpt.of(origin));
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("message", "this page's origin may not connect to " + ns.getName());
        error.put("code", DeskError.Code.ORIGIN_NOT_ALLOWED.wire());
        return new AuthTokenResult(false, error);
    }

    private boolean admitted(SocketIOClient client, String what) {
        if (Boolean.TRUE.equals(client.get(admittedKey))) return true;
        if (what != null) {
            logs.of(client)
                    .warn(
                            log,
                            "{}: {} from connection {} dropped: its CONNECT was refused",
                            ns.getName(),
                            Excerpt.of(what),
                            client.getSessionId());
        }
        return false;
    }

    @Override
    public String getName() {
        return ns.getName();
    }

    @Override
    public BroadcastOperations getBroadcastOperations() {
        return ns.getBroadcastOperations();
    }

    @Override
    public BroadcastOperations getRoomOperations(String room) {
        return ns.getRoomOperations(room);
    }

    @Override
    public BroadcastOperations getRoomOperations(String... rooms) {
        return ns.getRoomOperations(rooms);
    }

    @Override
    public Collection<SocketIOClient> getAllClients() {
        return ns.getAllClients().stream().filter(c -> admitted(c, null)).toList();
    }

    @Override
    public SocketIOClient getClient(UUID uuid) {
        SocketIOClient client = ns.getClient(uuid);
        return client != null && admitted(client, null) ? client : null;
    }

    @Override
    public void addAuthTokenListener(AuthTokenListener listener) {
        ns.addAuthTokenListener(listener);
    }

    @Override
    public void addMultiTypeEventListener(String eventName, MultiTypeEventListener listener, Class<?>... eventClass) {
        ns.addMultiTypeEventListener(
                eventName,
                (client, data, ack) -> {
                    if (admitted(client, "event '" + eventName + "'")) listener.onData(client, data, ack);
                },
                eventClass);
    }

    @Override
    public <T> void addEventListener(String eventName, Class<T> eventClass, DataListener<T> listener) {
        ns.addEventListener(eventName, eventClass, (client, data, ack) -> {
            if (admitted(client, "event '" + eventName + "'")) listener.onData(client, data, ack);
        });
    }

    @Override
    public void addEventInterceptor(EventInterceptor interceptor) {
        ns.addEventInterceptor((client, eventName, args, ack) -> {
            if (admitted(client, null)) interceptor.onEvent(client, eventName, args, ack);
        });
    }

    @Override
    public void addDisconnectListener(DisconnectListener listener) {
        ns.addDisconnectListener(client -> {
            if (admitted(client, null)) listener.onDisconnect(client);
        });
    }

    @Override
    public void addConnectListener(ConnectListener listener) {
        ns.addConnectListener(listener);
    }

    @Override
    @Deprecated
    @SuppressWarnings("deprecation")
    public void addPingListener(PingListener listener) {
        ns.addPingListener(client -> {
            if (admitted(client, null)) listener.onPing(client);
        });
    }

    @Override
    public void addPongListener(PongListener listener) {
        ns.addPongListener(client -> {
            if (admitted(client, null)) listener.onPong(client);
        });
    }

    /** Annotated listener objects would bypass the guard: register listeners one by one. */
    @Override
    public void addListeners(Object listeners) {
        throw new UnsupportedOperationException("register the desk's listeners one by one");
    }

    /** Annotated listener objects would bypass the guard: register listeners one by one. */
    @Override
    public <L> void addListeners(Iterable<L> listeners) {
        throw new UnsupportedOperationException("register the desk's listeners one by one");
    }

    /** Annotated listener objects would bypass the guard: register listeners one by one. */
    @Override
    public void addListeners(Object listeners, Class<?> listenersClass) {
        throw new UnsupportedOperationException("register the desk's listeners one by one");
    }

    @Override
    public void removeAllListeners(String eventName) {
        ns.removeAllListeners(eventName);
    }
}
