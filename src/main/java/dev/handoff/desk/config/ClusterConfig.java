package dev.handoff.desk.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Cluster mode ({@code cluster} in {@code desk.yaml}, or {@code desk --redis URL}): several desk processes on one
 * PostgreSQL database and one Redis form one desk. Without it the desk runs alone, as it always did.
 *
 * @param redis  the Redis URL, {@code redis://[:PASSWORD@]HOST[:PORT][/DB]} or {@code rediss://...} for TLS; it may
 *               hold a password, so it is never logged nor shown: {@link #redactedRedis()} is
 * @param node   this node's id, unique in the cluster; {@code null}: {@code host:port} ({@link #nodeOr})
 * @param prefix what every Redis channel and key of this desk starts with, and what the leader's lock is derived
 *               from: two desks sharing a Redis keep apart by their prefixes. A database (a PostgreSQL schema)
 *               holds one desk: its chats, {@code desk_leader}'s epoch and {@code desk_nodes} are the desk's own
 */
public record ClusterConfig(String redis, String node, String prefix) {
    public static final String DEFAULT_PREFIX = "handoff";
    /** A node id or a prefix: letters, digits and {@code . _ - :}, 1 to 100 characters. */
    static final Pattern NAME = Pattern.compile("[A-Za-z0-9._:-]{1,100}");

    public ClusterConfig {
        redis = Objects.requireNonNull(redis, "redis").strip(); // checked as stored: Lettuce reads what is kept
        if (prefix == null) prefix = DEFAULT_PREFIX;
        Optional<String> problem = redisProblem(redis);
        if (problem.isPresent()) throw new DeskConfigException("cluster.redis: " + problem.get());
        if (node != null && !NAME.matcher(node).matches()) throw new DeskConfigException("cluster.node: " + nameRule());
        if (!NAME.matcher(prefix).matches()) throw new DeskConfigException("cluster.prefix: " + nameRule());
    }

    /** This node's id: {@link #node()}, else {@code host:port}. */
    public String nodeOr(String host, int port) {
        return node != null ? node : host + ":" + port;
    }

    /** The Redis URL with its password, if any, as {@code ***}: for messages and logs. */
    public String redactedRedis() {
        return redact(redis);
    }

    public ClusterConfig withRedis(String url) {
        return new ClusterConfig(url, node, prefix);
    }

    public ClusterConfig withNode(String id) {
        return new ClusterConfig(redis, id, prefix);
    }

    @Override
    public String toString() {
        return "ClusterConfig[redis=" + redactedRedis() + ", node=" + node + ", prefix=" + prefix + "]";
    }

    static String nameRule() {
        return "must be 1 to 100 letters, digits, '.', '_', '-' or ':'";
    }

    /**
     * Why {@code url} is not a Redis URL a desk can use, in words that never repeat its password; empty when it
     * is one.
     */
    static Optional<String> redisProblem(String url) {
        URI uri;
        try {
            uri = new URI(url.strip());
        } catch (URISyntaxException e) {
            return Optional.of("'" + redact(url) + "' is not a URL (for example redis://127.0.0.1:6379/0)");
        }
        if (!"redis".equals(uri.getScheme()) && !"rediss".equals(uri.getScheme())) {
            return Optional.of("'" + redact(url) + "' must start with redis:// or rediss:// (TLS)");
        }
        if (uri.getHost() == null || uri.getHost().isBlank()) {
            return Optional.of("'" + redact(url) + "' has no host (for example redis://127.0.0.1:6379/0)");
        }
        String path = uri.getPath() == null ? "" : uri.getPath();
        if (!path.isEmpty() && !path.matches("/\\d{0,2}")) {
            return Optional.of("'" + redact(url) + "': the path is the database number, 0 to 15 (redis://HOST:PORT/0)");
        }
        return Optional.empty();
    }

    /**
     * {@code url} with what comes between {@code //} and its last {@code @} (a password, or a user and a password,
     * even one with a raw {@code /} or {@code @} in it) as {@code ***}, and any query ({@code ?...}) as {@code ?***}.
     * Works on text that is not a valid URI, too: it errs on the side of hiding.
     */
    public static String redact(String url) {
        if (url == null) return null;
        int scheme = url.indexOf("://");
        int start = scheme < 0 ? 0 : scheme + 3;
        String result = url;
        int at = url.lastIndexOf('@');
        if (at >= start) result = url.substring(0, start) + "***" + url.substring(at);
        int query = result.indexOf('?');
        if (query >= 0) result = result.substring(0, query) + "?***";
        return result;
    }
}
