package dev.handoff.desk.support;

import io.socket.client.IO;
import io.socket.client.Socket;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import okhttp3.Dispatcher;
import okhttp3.OkHttpClient;

/** One shared OkHttpClient for every test socket (the default dispatcher stops at 64 concurrent requests). */
public final class Sockets {
    public static final OkHttpClient HTTP;

    static {
        Dispatcher dispatcher = new Dispatcher();
        dispatcher.setMaxRequests(4000);
        dispatcher.setMaxRequestsPerHost(4000);
        HTTP = new OkHttpClient.Builder()
                .dispatcher(dispatcher)
                .socketFactory(new dev.handoff.liveagent.socketio.NoDelaySocketFactory())
                .readTimeout(2, TimeUnit.MINUTES)
                .connectTimeout(30, TimeUnit.SECONDS)
                .build();
    }

    private Sockets() {}

    public static Socket socket(String url, Map<String, String> auth, String... transports) {
        return socket(url, auth, false, transports);
    }

    public static Socket socket(String url, Map<String, String> auth, boolean reconnect, String... transports) {
        IO.Options options = IO.Options.builder()
                .setForceNew(true)
                .setReconnection(reconnect)
                .setReconnectionDelay(200)
                .setReconnectionDelayMax(1000)
                .setTimeout(30_000)
                .setTransports(transports.length == 0 ? new String[] {"websocket"} : transports)
                .setAuth(auth)
                .build();
        options.callFactory = HTTP;
        options.webSocketFactory = HTTP;
        return IO.socket(java.net.URI.create(url), options);
    }

    /** A websocket connection that sends {@code headers} with its handshake (a browser's Cookie, Origin). */
    public static Socket socketWithHeaders(String url, Map<String, java.util.List<String>> headers) {
        IO.Options options = IO.Options.builder()
                .setForceNew(true)
                .setReconnection(false)
                .setTimeout(30_000)
                .setTransports(new String[] {"websocket"})
                .setExtraHeaders(headers)
                .build();
        options.callFactory = HTTP;
        options.webSocketFactory = HTTP;
        return IO.socket(java.net.URI.create(url), options);
    }

    public static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
