package dev.handoff.desk.security.transport;

import dev.handoff.desk.support.EventLog;
import io.socket.client.IO;
import io.socket.client.Socket;
import java.net.URI;
import java.util.List;
import java.util.Map;
import okhttp3.OkHttpClient;

/** io.socket clients with what the shared test clients do not set: an Origin header, an HTTP client of their own. */
final class Clients {
    private Clients() {}

    /**
     * A socket on {@code url} (namespace included) over one {@code transport}, sending {@code origin} as
     * a browser would (none when {@code null}); every event it receives is in {@code events}.
     */
    static Socket socket(
            String url,
            Map<String, String> auth,
            String origin,
            String transport,
            OkHttpClient http,
            EventLog events,
            String... recorded) {
        IO.Options options = IO.Options.builder()
                .setForceNew(true)
                .setReconnection(false)
                .setTimeout(20_000)
                .setTransports(new String[] {transport})
                .setAuth(auth)
                .build();
        if (origin != null) options.extraHeaders = Map.of("Origin", List.of(origin));
        options.callFactory = http;
        options.webSocketFactory = http;
        Socket socket = IO.socket(URI.create(url), options);
        for (String event : List.of(Socket.EVENT_CONNECT, Socket.EVENT_CONNECT_ERROR, Socket.EVENT_DISCONNECT)) {
            socket.on(event, args -> events.add(event, args.length > 0 ? args[0] : null));
        }
        for (String event : recorded) socket.on(event, args -> events.add(event, args.length > 0 ? args[0] : null));
        return socket;
    }
}
