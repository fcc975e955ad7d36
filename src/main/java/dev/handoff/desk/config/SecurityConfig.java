package dev.handoff.desk.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The desk's doors ({@code security} and {@code bots} in {@code desk.yaml}; README "Securing the desk").
 *
 * @param bots           bots that must prove who they are with a key
 * @param keylessBots    whether a bot not listed in {@code bots} may open chats without a key; by default
 *                       only a desk bound to a loopback address allows it (the demo)
 * @param origins        the browser origins each namespace accepts
 * @param tls            the certificate and key to serve https/wss with; {@code null}: plain http/ws
 * @param trustedProxies addresses of reverse proxies whose {@code X-Forwarded-For} names the client
 * @param limits         caps and rates per address and per connection
 */
public record SecurityConfig(
        List<BotConfig> bots,
        boolean keylessBots,
        Origins origins,
        Tls tls,
        List<String> trustedProxies,
        Limits limits) {

    public SecurityConfig {
        bots = List.copyOf(bots);
        Objects.requireNonNull(origins, "origins");
        trustedProxies =
                trustedProxies.stream().map(SecurityConfig::canonicalIp).toList();
        Objects.requireNonNull(limits, "limits");
    }

    /** The defaults for a desk on {@code host}: keyless bots only on a loopback address, the console's own origin. */
    public static SecurityConfig defaults(String host, int port) {
        return new SecurityConfig(
                List.of(), isLoopback(host), Origins.defaults(host, port, false), null, List.of(), Limits.DEFAULT);
    }

    public Optional<BotConfig> bot(String id) {
        return bots.stream().filter(b -> b.id().equals(id)).findFirst();
    }

    public Optional<BotConfig> botByKey(String key) {
        if (key == null) return Optional.empty();
        return bots.stream().filter(b -> b.key().equals(key)).findFirst();
    }

    public SecurityConfig withKeylessBots(boolean on) {
        return new SecurityConfig(bots, on, origins, tls, trustedProxies, limits);
    }

    public SecurityConfig withBots(List<BotConfig> newBots) {
        return new SecurityConfig(newBots, keylessBots, origins, tls, trustedProxies, limits);
    }

    public SecurityConfig withOrigins(Origins newOrigins) {
        return new SecurityConfig(bots, keylessBots, newOrigins, tls, trustedProxies, limits);
    }

    public SecurityConfig withTls(Tls newTls) {
        return new SecurityConfig(bots, keylessBots, origins, newTls, trustedProxies, limits);
    }

    public SecurityConfig withTrustedProxies(List<String> proxies) {
        return new SecurityConfig(bots, keylessBots, origins, tls, proxies, limits);
    }

    public SecurityConfig withLimits(Limits newLimits) {
        return new SecurityConfig(bots, keylessBots, origins, tls, trustedProxies, newLimits);
    }

    private static final java.util.regex.Pattern IP_LITERAL =
            java.util.regex.Pattern.compile("[0-9]{1,3}(\\.[0-9]{1,3}){3}|[0-9a-fA-F:.]*:[0-9a-fA-F:.]*");

    /**
     * An IP address as Java prints a connection's peer ({@code ::1} is {@code 0:0:0:0:0:0:0:1}), so that
     * a configured address and a peer's compare equal; anything that is not an IP literal is returned
     * as it is (and never looked up).
     */
    public static String canonicalIp(String address) {
        if (address == null || !IP_LITERAL.matcher(address).matches()) return address;
        try {
            return java.net.InetAddress.getByName(address).getHostAddress();
        } catch (java.net.UnknownHostException e) {
            return address;
        }
    }

    static boolean isLoopback(String host) {
        return host.equals("localhost") || host.equals("::1") || host.equals("[::1]") || host.startsWith("127.");
    }

    /**
     * A bot that must present its key: in the Socket.IO handshake ({@code auth: {"key": ...}}) or in
     * {@code username} ({@code "key": ...}).
     *
     * @param id      the {@code BotID} the bot sends in {@code username}
     * @param key     its secret; never logged
     * @param maxChats open chats this bot may have at once (0: no cap)
     */
    public record BotConfig(String id, String key, int maxChats) {
        public BotConfig {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(key, "key");
        }

        @Override
        public String toString() {
            return "BotConfig[id=" + id + ", key=***, maxChats=" + maxChats + "]";
        }
    }

    /**
     * Browser origins allowed per namespace, as {@code scheme://host[:port]}. A request without an
     * {@code Origin} header (a server, a terminal) is not a browser's and passes; {@code null} passes
     * only when listed as {@code "null"}. No wildcard.
     *
     * @param liveAgent origins allowed on {@code /live_agent} (the bots' own sites, for a bot in a page)
     * @param agents    origins allowed on {@code /agents} (the console's own origin by default)
     */
    public record Origins(List<String> liveAgent, List<String> agents) {
        public Origins {
            liveAgent = List.copyOf(liveAgent);
            agents = List.copyOf(agents);
        }

        /** Nothing on {@code /live_agent}; on {@code /agents} the desk's own address (and localhost's, on loopback). */
        public static Origins defaults(String host, int port, boolean tls) {
            String scheme = tls ? "https" : "http";
            List<String> own = isLoopback(host)
                    ? List.of(
                            scheme + "://127.0.0.1:" + port,
                            scheme + "://localhost:" + port,
                            scheme + "://[::1]:" + port)
                    : List.of(scheme + "://" + host + ":" + port);
            return new Origins(List.of(), own);
        }

        /** Whether {@code origin} (the header's value, {@code null} when absent) may use {@code /live_agent}. */
        public boolean allowsLiveAgent(String origin) {
            return origin == null || liveAgent.contains(origin);
        }

        /** Whether {@code origin} (the header's value, {@code null} when absent) may use {@code /agents}. */
        public boolean allowsAgents(String origin) {
            return origin == null || agents.contains(origin);
        }

        /** Whether any namespace allows {@code origin}: the test of an Engine.IO request before its namespace is known. */
        public boolean allowsAny(String origin) {
            return allowsLiveAgent(origin) || allowsAgents(origin);
        }
    }

    /** A PEM certificate chain and its PEM (PKCS#8) private key. */
    public record Tls(Path certificate, Path privateKey) {
        public Tls {
            Objects.requireNonNull(certificate, "certificate");
            Objects.requireNonNull(privateKey, "privateKey");
        }
    }

    /**
     * Caps and rates; the defaults stay clear of the project's own load tests.
     *
     * @param connectionsPerAddress       open connections from one address
     * @param unidentifiedPerAddress      connections from one address that have not yet signed in or sent
     *                                    {@code username}
     * @param identifyWithin              a connection that has not signed in or sent {@code username} by then
     *                                    is closed
     * @param keylessChatsPerMinute       new chats per minute from one address by bots without a key
     * @param eventsPerSecond             events one connection may send per second, on average
     * @param eventBurst                  events one connection may send at once
     * @param signInFailures              failed sign-ins per address, or per agent, before further attempts
     *                                    are refused for a while
     * @param signInLockout               how long the first refusal lasts; it doubles with each further
     *                                    failure, up to an hour
     */
    public record Limits(
            int connectionsPerAddress,
            int unidentifiedPerAddress,
            Duration identifyWithin,
            int keylessChatsPerMinute,
            int eventsPerSecond,
            int eventBurst,
            int signInFailures,
            Duration signInLockout) {
        /**
         * unidentifiedPerAddress 1,024: a bot server that hands off (or, after a desk restart, resumes) 500
         * chats at once has them all unidentified for a moment (ConcurrentConversationsTest, the load
         * benchmark); 256 refused half of them.
         */
        public static final Limits DEFAULT =
                new Limits(25_000, 1_024, Duration.ofSeconds(10), 600, 50, 500, 5, Duration.ofSeconds(30));

        public Limits {
            Objects.requireNonNull(identifyWithin, "identifyWithin");
            Objects.requireNonNull(signInLockout, "signInLockout");
        }
    }
}
