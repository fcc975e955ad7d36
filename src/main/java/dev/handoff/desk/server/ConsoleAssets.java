package dev.handoff.desk.server;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The console's files, read once from the class path ({@code console/} in the jar) and served from
 * memory: a fixed list, so no request names a file of its own choosing. Each is sent with its content
 * type, an {@code ETag} and {@code Cache-Control: no-cache} (the browser asks again and gets 304 while
 * the jar is the same, so a new desk version is never hidden by a cache). The Socket.IO browser client
 * is one of them ({@code /assets/socket.io.esm.min.js}, socket.io-client's own ESM build): nothing is
 * loaded from anywhere else.
 */
final class ConsoleAssets {
    static final String ROOT = "console/";
    private static final String JS = "text/javascript; charset=utf-8";

    /** URL path → resource under {@link #ROOT} and content type. */
    static final Map<String, String[]> FILES = files();

    private record Asset(byte[] body, String contentType, String etag) {}

    private final Map<String, Asset> assets = new LinkedHashMap<>();

    private static Map<String, String[]> files() {
        Map<String, String[]> f = new LinkedHashMap<>();
        f.put("/", new String[] {"index.html", "text/html; charset=utf-8"});
        f.put("/app.css", new String[] {"app.css", "text/css; charset=utf-8"});
        f.put("/app.js", new String[] {"app.js", JS});
        f.put("/dom.js", new String[] {"dom.js", JS});
        f.put("/format.js", new String[] {"format.js", JS});
        f.put("/state.js", new String[] {"state.js", JS});
        f.put("/views.js", new String[] {"views.js", JS});
        f.put("/reports.js", new String[] {"reports.js", JS});
        f.put("/icon.svg", new String[] {"icon.svg", "image/svg+xml"});
        f.put("/assets/socket.io.esm.min.js", new String[] {"assets/socket.io.esm.min.js", JS});
        return Map.copyOf(f);
    }

    /** Reads every file; one missing from the build is a broken jar and stops the desk's start. */
    ConsoleAssets() {
        ClassLoader loader = ConsoleAssets.class.getClassLoader();
        FILES.forEach((path, file) -> {
            try (InputStream in = loader.getResourceAsStream(ROOT + file[0])) {
                if (in == null) throw new IllegalStateException("the console's " + ROOT + file[0] + " is missing");
                byte[] body = in.readAllBytes();
                assets.put(path, new Asset(body, file[1], etag(body)));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the console's " + ROOT + file[0], e);
            }
        });
    }

    /** Answers a request for {@code path}: the file, 304, 404 for anything else, 405 for a method other than GET/HEAD. */
    void serve(ChannelHandlerContext ctx, HttpRequest req, String path) {
        Asset asset = assets.get(path.equals("/index.html") ? "/" : path);
        if (asset == null) {
            ConsoleHttp.text(ctx, req, HttpResponseStatus.NOT_FOUND, "Not found");
            return;
        }
        if (!req.method().equals(HttpMethod.GET) && !req.method().equals(HttpMethod.HEAD)) {
            FullHttpResponse res = ConsoleHttp.response(HttpResponseStatus.METHOD_NOT_ALLOWED, null, new byte[0]);
            res.headers().set(HttpHeaderNames.ALLOW, "GET, HEAD");
            ConsoleHttp.send(ctx, req, res);
            return;
        }
        boolean fresh = asset.etag().equals(req.headers().get(HttpHeaderNames.IF_NONE_MATCH));
        FullHttpResponse res = fresh
                ? ConsoleHttp.response(HttpResponseStatus.NOT_MODIFIED, null, new byte[0])
                : ConsoleHttp.response(HttpResponseStatus.OK, asset.contentType(), asset.body());
        res.headers().set(HttpHeaderNames.ETAG, asset.etag()).set(HttpHeaderNames.CACHE_CONTROL, "no-cache");
        ConsoleHttp.send(ctx, req, res);
    }

    private static String etag(byte[] body) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(body);
            return "\"" + HexFormat.of().formatHex(hash, 0, 12) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this Java", e);
        }
    }
}
