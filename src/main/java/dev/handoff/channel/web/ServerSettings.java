package dev.handoff.channel.web;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * Where the bot server listens and which pages may use it.
 *
 * @param allowOrigins the origins ({@code scheme://host[:port]}) of other sites whose pages may use the
 *     server (embed the widget, call the REST channel from a browser); the server's own origin always may
 */
public record ServerSettings(String host, int port, List<String> allowOrigins) {
    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 5006;

    public ServerSettings {
        Objects.requireNonNull(host, "host");
        if (port < 1 || port > 65535) throw new IllegalArgumentException("--port must be 1 to 65535, not " + port);
        List<String> normalized = new ArrayList<>();
        for (String o : allowOrigins) normalized.add(origin(o));
        allowOrigins = List.copyOf(normalized);
    }

    /** The server's own address, as its pages are reached. */
    public URI url() {
        String h = host.equals("0.0.0.0") || host.equals("::") ? "127.0.0.1" : host;
        return URI.create("http://" + (h.contains(":") ? "[" + h + "]" : h) + ":" + port);
    }

    /** Every origin allowed: the server's own (and the loopback names of it on a loopback host) and the listed. */
    public Set<String> origins() {
        Set<String> all = new LinkedHashSet<>();
        all.add(url().toString());
        if (isLoopback()) {
            all.add("http://127.0.0.1:" + port);
            all.add("http://localhost:" + port);
            all.add("http://[::1]:" + port);
        }
        all.addAll(allowOrigins);
        return all;
    }

    private boolean isLoopback() {
        return host.equals("127.0.0.1") || host.equals("localhost") || host.equals("::1") || host.equals("0.0.0.0");
    }

    /** {@code scheme://host[:port]} in lower case, without a path; anything else is refused with the reason. */
    static String origin(String value) {
        URI uri;
        try {
            uri = URI.create(value.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--allow-origin '" + value + "' is not a URL", e);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
            throw new IllegalArgumentException(
                    "--allow-origin '" + value + "' must be an origin such as https://shop.example (scheme and host)");
        }
        if ((uri.getPath() != null && !uri.getPath().isEmpty() && !uri.getPath().equals("/"))
                || uri.getQuery() != null) {
            throw new IllegalArgumentException(
                    "--allow-origin '" + value + "' must have no path: an origin is scheme://host[:port]");
        }
        return scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT)
                + (uri.getPort() == -1 ? "" : ":" + uri.getPort());
    }
}
