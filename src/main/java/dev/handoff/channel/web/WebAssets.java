package dev.handoff.channel.web;

import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The web chat's files, read once from the jar ({@code webchat/}, and the Socket.IO browser client the console
 * ships) and served from memory: a fixed list, so no request names a file of its choosing. The chat page may be
 * framed by the allowed origins only (its Content-Security-Policy's {@code frame-ancestors}); {@code
 * /widget.js} may be loaded by any page (it only adds a frame of the chat page, which checks the origin).
 */
final class WebAssets {
    private static final String JS = "text/javascript; charset=utf-8";

    private record Asset(byte[] body, String contentType, String etag, boolean crossOrigin) {}

    private final Map<String, Asset> assets = new LinkedHashMap<>();
    private final String csp;

    WebAssets(Iterable<String> frameAncestors) {
        add("/", "webchat/index.html", "text/html; charset=utf-8", false);
        add("/chat.js", "webchat/chat.js", JS, false);
        add("/chat.css", "webchat/chat.css", "text/css; charset=utf-8", false);
        add("/widget.js", "webchat/widget.js", JS, true);
        add("/assets/socket.io.esm.min.js", "console/assets/socket.io.esm.min.js", JS, false);
        StringBuilder ancestors = new StringBuilder("'self'");
        for (String origin : frameAncestors) ancestors.append(' ').append(origin);
        csp = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
                + " connect-src 'self' ws: wss:; object-src 'none'; base-uri 'none'; form-action 'self';"
                + " frame-ancestors " + ancestors;
    }

    private void add(String path, String resource, String type, boolean crossOrigin) {
        try (InputStream in = WebAssets.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) throw new IllegalStateException("the web chat's " + resource + " is missing from the jar");
            byte[] body = in.readAllBytes();
            assets.put(path, new Asset(body, type, etag(body), crossOrigin));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the web chat's " + resource, e);
        }
    }

    /** The answer for {@code path} (GET or HEAD), or empty when there is no such file. */
    Optional<FullHttpResponse> answer(String path, String ifNoneMatch) {
        Asset asset = assets.get(path.equals("/index.html") ? "/" : path);
        if (asset == null) return Optional.empty();
        boolean fresh = asset.etag().equals(ifNoneMatch);
        FullHttpResponse res = fresh
                ? Http.response(HttpResponseStatus.NOT_MODIFIED, null, new byte[0])
                : Http.response(HttpResponseStatus.OK, asset.contentType(), asset.body());
        res.headers()
                .set(HttpHeaderNames.ETAG, asset.etag())
                .set(HttpHeaderNames.CACHE_CONTROL, "no-cache")
                .set("Cross-Origin-Resource-Policy", asset.crossOrigin() ? "cross-origin" : "same-origin");
        if (asset.contentType().startsWith("text/html")) res.headers().set("Content-Security-Policy", csp);
        return Optional.of(res);
    }

    private static String etag(byte[] body) {
        try {
            return "\""
                    + HexFormat.of()
                            .formatHex(MessageDigest.getInstance("SHA-256").digest(body), 0, 12) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this Java", e);
        }
    }
}
