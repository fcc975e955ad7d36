package dev.handoff.desk.security.transport;

import dev.handoff.desk.support.Sockets;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.Headers;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * Engine.IO 4 long-polling by hand, as a script would: the handshake, POSTs of raw packets, GETs,
 * with any header (Origin, X-Forwarded-For), and the server's answers as they are.
 */
final class RawPolling {
    private static final Pattern SID = Pattern.compile("\"sid\":\"([^\"]+)\"");
    private static final MediaType TEXT = MediaType.get("text/plain; charset=UTF-8");

    record Answer(int status, String body, Headers headers) {}

    final String base;
    final Map<String, String> headers;
    private final OkHttpClient http;
    String sid;

    RawPolling(int port, Map<String, String> headers) {
        this("http://127.0.0.1:" + port, headers, Sockets.HTTP);
    }

    RawPolling(String base, Map<String, String> headers, OkHttpClient http) {
        this.base = base;
        this.headers = headers;
        this.http = http;
    }

    /** The handshake GET; on success {@link #sid} is the new session's id. */
    Answer handshake() {
        Answer a = call(new Request.Builder().url(base + "/socket.io/?EIO=4&transport=polling"));
        Matcher m = SID.matcher(a.body());
        if (a.status() == 200 && m.find()) sid = m.group(1);
        return a;
    }

    Answer post(String packets) {
        return post(RequestBody.create(TEXT, packets));
    }

    Answer post(RequestBody body) {
        return call(new Request.Builder().url(url()).post(body));
    }

    Answer get() {
        return call(new Request.Builder().url(url()));
    }

    private String url() {
        return base + "/socket.io/?EIO=4&transport=polling&sid=" + sid;
    }

    Answer call(Request.Builder request) {
        headers.forEach(request::header);
        try (Response r = http.newCall(request.build()).execute()) {
            return new Answer(r.code(), r.body() == null ? "" : r.body().string(), r.headers());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
