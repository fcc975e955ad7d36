package dev.handoff.desk.config;

import dev.handoff.metrics.MetricsSettings;
import dev.handoff.translate.TranslationSettings;
import dev.handoff.yaml.Binder;
import dev.handoff.yaml.Loc;
import dev.handoff.yaml.ProblemCode;
import dev.handoff.yaml.Problems;
import dev.handoff.yaml.YNode;
import dev.handoff.yaml.YNode.YList;
import dev.handoff.yaml.YNode.YMap;
import dev.handoff.yaml.YNode.YScalar;
import dev.handoff.yaml.YamlReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Reads a desk config from YAML; every key is optional and falls back to a default. Without a file,
 * the bundled {@code desk.yaml} (two demo agents, departments {@code sales} and {@code support}) is
 * used. The file is read with the bots' {@link YamlReader}: every problem is reported at once, each
 * as {@code desk.yaml:LINE:COLUMN: [code] message (known: ...)}.
 */
public final class DeskConfigLoader {
    public static final String BUNDLED = "desk.yaml";

    static final List<String> KEYS = List.of(
            "host",
            "port",
            "dataDir",
            "db",
            "dbUser",
            "dbPassword",
            "dbMaxPendingWrites",
            "dbReadConnections",
            "departments",
            "agents",
            "autoAssign",
            "autoReply",
            "sla",
            "idleArchive",
            "disconnectGrace",
            "maxMessageSize",
            "tick",
            "heartbeat",
            "bots",
            "security",
            "quickReplies",
            "translation",
            "metrics",
            "reports",
            "cluster");
    static final List<String> AGENT_KEYS =
            List.of("name", "token", "password", "departments", "maxChats", "language", "role", "displayName");
    static final List<String> BOT_KEYS = List.of("id", "key", "maxChats");
    static final List<String> QUICK_REPLY_KEYS = List.of("id", "texts");
    static final List<String> SECURITY_KEYS = List.of("keylessBots", "origins", "tls", "trustedProxies", "limits");
    static final List<String> ORIGIN_KEYS = List.of("liveAgent", "agents");
    static final List<String> TLS_KEYS = List.of("certificate", "privateKey");
    static final List<String> LIMIT_KEYS = List.of(
            "connectionsPerAddress",
            "unidentifiedPerAddress",
            "identifyWithin",
            "keylessChatsPerMinute",
            "eventsPerSecond",
            "eventBurst",
            "signInFailures",
            "signInLockout");
    /** An origin as a browser sends it: scheme, host and an optional port, nothing else. */
    private static final java.util.regex.Pattern ORIGIN =
            java.util.regex.Pattern.compile("https?://(\\[[0-9a-fA-F:.]+\\]|[A-Za-z0-9.-]+)(:\\d{1,5})?");

    /** The ports the desk may listen on: 0 would be a port chosen at random, which no bot nor agent could find. */
    static final int MIN_PORT = 1;
    /** Longest message, in characters: about 40 pages; the desk's frames grow with it. */
    static final int MAX_MESSAGE_SIZE = 100_000;
    /** Writes waiting for a slow database; each holds a message, up to {@code maxMessageSize} characters. */
    static final int MAX_PENDING_WRITES = 1_000_000;
    /** Any count in {@code security.limits}: more means no limit, and is written as a large number. */
    static final int MAX_LIMIT = 1_000_000;

    /**
     * The range of each duration of {@code desk.yaml}: more than 0 (a zero SLA, archive, grace or tick
     * makes the desk remind, archive, requeue or spin at once), and short enough to mean something
     * and never to overflow a timer. README "Configuration" lists them.
     */
    record Range(Duration min, Duration max, String minText, String maxText) {
        static Range of(String min, String max) {
            return new Range(
                    Durations.read(min).orElseThrow(), Durations.read(max).orElseThrow(), min, max);
        }

        boolean contains(Duration d) {
            return d.compareTo(min) >= 0 && d.compareTo(max) <= 0;
        }

        @Override
        public String toString() {
            return "between " + minText + " and " + maxText;
        }
    }

    static final Range SLA = Range.of("1s", "7d");
    static final Range IDLE_ARCHIVE = Range.of("1m", "365d");
    static final Range DISCONNECT_GRACE = Range.of("1s", "7d");
    static final Range TICK = Range.of("10ms", "1m");
    /** {@code autoReply.every}: also {@code 0s}, which turns auto-replies off. */
    static final Range AUTO_REPLY = Range.of("1s", "1d");

    static final Range HEARTBEAT = Range.of("1s", "5m");
    static final Range IDENTIFY_WITHIN = Range.of("1s", "10m");
    /** The first lockout; it doubles with each further failure, up to an hour. */
    static final Range SIGN_IN_LOCKOUT = Range.of("1s", "1h");

    static final List<String> METRICS_KEYS = List.of("enabled", "path", "token", "tokenFile");
    static final List<String> TRANSLATION_KEYS =
            List.of("engine", "url", "key", "keyFile", "region", "timeout", "cacheSize", "tmx", "languages");
    /** {@code translation.timeout}: long enough for a round trip, short enough that an agent still waits. */
    static final Range TRANSLATION_TIMEOUT = Range.of("100ms", "60s");
    /** {@code translation.cacheSize}: 0 keeps nothing; each entry holds a text of up to {@code maxMessageSize}. */
    static final int MAX_CACHE_SIZE = 1_000_000;
    /** A key file holds the key and nothing else. */
    static final int MAX_KEY_FILE_BYTES = 64 * 1024;
    /** {@code ${NAME}}: the whole value names an environment variable. */
    private static final java.util.regex.Pattern VARIABLE =
            java.util.regex.Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}");
    /** A platform language code: ISO 639-1, else 639-3, lower case. */
    private static final java.util.regex.Pattern LANGUAGE = java.util.regex.Pattern.compile("[a-z]{2,3}");

    static final List<String> AUTO_REPLY_KEYS = List.of("every", "texts");
    static final List<String> HEARTBEAT_KEYS = List.of("interval", "timeout");
    static final List<String> REPORTS_KEYS = List.of("timeZone");
    static final List<String> CLUSTER_KEYS = List.of("redis", "node", "prefix");

    private DeskConfigLoader() {}

    public static DeskConfig load(Path file) {
        try {
            return parse(Files.readAllBytes(file), file.toString(), System::getenv);
        } catch (IOException e) {
            var problems = new Problems();
            problems.error(ProblemCode.CANNOT_READ, Loc.of(file.toString()), "cannot read: " + e.getMessage());
            throw new DeskConfigException(problems.errors());
        }
    }

    public static DeskConfig bundled() {
        try (InputStream in = DeskConfigLoader.class.getClassLoader().getResourceAsStream(BUNDLED)) {
            if (in == null) throw new DeskConfigException("classpath:" + BUNDLED + ": missing from the build");
            return parse(in.readAllBytes(), "classpath:" + BUNDLED, System::getenv);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static DeskConfig parse(String yaml, String source) {
        return parse(yaml, source, System::getenv);
    }

    /** {@code environment} gives the variables a {@code ${NAME}} value names ({@code translation.key}). */
    public static DeskConfig parse(String yaml, String source, UnaryOperator<String> environment) {
        return parse(yaml.getBytes(StandardCharsets.UTF_8), source, environment);
    }

    private static DeskConfig parse(byte[] bytes, String source, UnaryOperator<String> environment) {
        var problems = new Problems();
        var read = new Problems();
        Optional<YNode> root = new YamlReader().read(source, bytes, read);
        // an empty file is a config with every default
        read.all().stream().filter(p -> p.code() != ProblemCode.EMPTY_FILE).forEach(problems::add);
        if (problems.hasErrors()) {
            throw new DeskConfigException(problems.errors());
        }
        YNode node = root.orElse(YNode.emptyMap(new Loc(source, 1, 1)));
        var binder = new Binder(problems);
        Optional<DeskConfig> config = binder.map(node, source).map(map -> new Reading(binder, environment).config(map));
        problems.throwIfErrors(p -> new DeskConfigException(p.errors()));
        return config.orElseThrow();
    }

    /** One reading of one file: reports to the binder and goes on, so that every problem is found. */
    private record Reading(Binder binder, UnaryOperator<String> environment) {

        DeskConfig config(YMap raw) {
            onlyKeys(raw, "", KEYS);
            List<String> departments = opt(raw, "departments")
                    .map(n -> binder.strings(n, "departments"))
                    .filter(d -> !d.isEmpty())
                    .orElse(List.of("support"));
            List<AgentConfig> agents =
                    opt(raw, "agents").map(n -> agents(n, departments)).orElse(List.of());
            AutoReplyConfig autoReply = opt(raw, "autoReply")
                    .map(this::autoReply)
                    .orElse(new AutoReplyConfig(Duration.ofSeconds(60), null));
            int port = opt(raw, "port")
                    .flatMap(n -> binder.integer(n, "port", MIN_PORT, 65535))
                    .orElse(DeskConfig.DEFAULT_PORT);
            int maxMessageSize = opt(raw, "maxMessageSize")
                    .flatMap(n -> count(n, "maxMessageSize", MAX_MESSAGE_SIZE))
                    .orElse(DeskConfig.DEFAULT_MAX_MESSAGE_SIZE);
            List<QuickReply> quickReplies = opt(raw, "quickReplies")
                    .map(n -> quickReplies(n, maxMessageSize))
                    .orElse(List.of());
            return new DeskConfig(
                    text(raw, "host").orElse("127.0.0.1"),
                    port,
                    path(raw, "dataDir", "dataDir").orElse(Path.of("handoff-data")),
                    text(raw, "db").orElse(null),
                    text(raw, "dbUser").orElse(null),
                    text(raw, "dbPassword").orElse(null),
                    opt(raw, "dbMaxPendingWrites")
                            .flatMap(n -> count(n, "dbMaxPendingWrites", MAX_PENDING_WRITES))
                            .orElse(DeskConfig.DEFAULT_MAX_PENDING_WRITES),
                    opt(raw, "dbReadConnections")
                            .flatMap(n -> count(n, "dbReadConnections", DeskConfig.MAX_READ_CONNECTIONS))
                            .orElse(DeskConfig.DEFAULT_READ_CONNECTIONS),
                    departments,
                    agents,
                    opt(raw, "autoAssign")
                            .flatMap(n -> binder.bool(n, "autoAssign"))
                            .orElse(true),
                    autoReply,
                    within(raw, "sla", Duration.ofSeconds(120), "sla", SLA),
                    within(raw, "idleArchive", Duration.ofHours(24), "idleArchive", IDLE_ARCHIVE),
                    within(raw, "disconnectGrace", Duration.ofSeconds(30), "disconnectGrace", DISCONNECT_GRACE),
                    maxMessageSize,
                    within(raw, "tick", Duration.ofSeconds(1), "tick", TICK),
                    opt(raw, "heartbeat").map(this::heartbeat).orElse(HeartbeatConfig.DEFAULT),
                    security(raw, text(raw, "host").orElse("127.0.0.1"), port),
                    quickReplies,
                    opt(raw, "translation").map(this::translation).orElse(TranslationSettings.none()),
                    opt(raw, "metrics").map(this::metrics).orElse(MetricsSettings.defaults()),
                    opt(raw, "reports").map(this::reports).orElse(ReportsConfig.DEFAULT),
                    opt(raw, "cluster").flatMap(n -> cluster(n, raw)).orElse(null));
        }

        /**
         * {@code cluster}: {@code redis} (required; {@code ${NAME}} in it reads the environment variable NAME, for a
         * password), {@code node} and {@code prefix}; and {@code db} must then be PostgreSQL. No message ever shows
         * the URL's password.
         */
        private Optional<ClusterConfig> cluster(YNode node, YMap raw) {
            return binder.map(node, "cluster").flatMap(m -> {
                onlyKeys(m, " in cluster", CLUSTER_KEYS);
                Optional<String> redis = opt(m, "redis").flatMap(n -> redisUrl(n));
                if (opt(m, "redis").isEmpty()) {
                    binder.problems()
                            .error(
                                    ProblemCode.MISSING_KEY,
                                    m.loc(),
                                    "cluster: 'redis' is missing (the Redis URL every node shares, for example"
                                            + " redis://127.0.0.1:6379/0)");
                }
                Optional<String> id = opt(m, "node").flatMap(n -> name(n, "cluster.node"));
                Optional<String> prefix = opt(m, "prefix").flatMap(n -> name(n, "cluster.prefix"));
                boolean postgres = DeskConfig.isPostgres(text(raw, "db").orElse(null));
                if (!postgres) {
                    Loc where = raw.get("db") != null ? raw.get("db").loc() : raw.keyLoc("cluster");
                    binder.problems().error(ProblemCode.INVALID_VALUE, where, DeskConfig.POSTGRES_NEEDED);
                }
                if (redis.isEmpty() || !postgres || binder.problems().hasErrors()) return Optional.empty();
                return Optional.of(
                        new ClusterConfig(redis.get(), id.orElse(null), prefix.orElse(ClusterConfig.DEFAULT_PREFIX)));
            });
        }

        /**
         * The Redis URL, each {@code ${NAME}} in it replaced by the environment variable NAME, percent-encoded (a
         * password may hold any character). Messages show it redacted.
         */
        private Optional<String> redisUrl(YNode node) {
            return binder.string(node, "cluster.redis").map(String::strip).flatMap(written -> {
                java.util.regex.Matcher variables = VARIABLE.matcher(written);
                StringBuilder url = new StringBuilder();
                boolean unset = false;
                while (variables.find()) {
                    String value = environment.apply(variables.group(1));
                    if (value == null || value.isEmpty()) {
                        binder.problems()
                                .error(
                                        ProblemCode.UNSET_VARIABLE,
                                        node.loc(),
                                        "cluster.redis names the environment variable '" + variables.group(1)
                                                + "', which is not set");
                        unset = true;
                        value = "";
                    }
                    variables.appendReplacement(url, java.util.regex.Matcher.quoteReplacement(percentEncoded(value)));
                }
                variables.appendTail(url);
                if (unset) return Optional.empty();
                Optional<String> problem = ClusterConfig.redisProblem(url.toString());
                problem.ifPresent(
                        p -> binder.problems().error(ProblemCode.INVALID_VALUE, node.loc(), "cluster.redis: " + p));
                return problem.isPresent() ? Optional.empty() : Optional.of(url.toString());
            });
        }

        /** {@code text} with every character but letters, digits and {@code -._~} as UTF-8 {@code %XX}. */
        private static String percentEncoded(String text) {
            StringBuilder out = new StringBuilder();
            for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
                char c = (char) (b & 0xff);
                if (c < 0x80 && (Character.isLetterOrDigit(c) || "-._~".indexOf(c) >= 0)) {
                    out.append(c);
                } else {
                    out.append('%').append(String.format("%02X", b & 0xff));
                }
            }
            return out.toString();
        }

        /** A node id or a prefix ({@link ClusterConfig#NAME}). */
        private Optional<String> name(YNode node, String what) {
            return binder.string(node, what).map(String::strip).filter(name -> {
                if (ClusterConfig.NAME.matcher(name).matches()) return true;
                binder.problems()
                        .error(ProblemCode.BAD_NAME, node.loc(), what + ": '" + name + "' " + ClusterConfig.nameRule());
                return false;
            });
        }

        /**
         * {@code metrics}: the scrape endpoint on the desk's port, on ({@code enabled}, default true) at {@code path}
         * (default {@code /metrics}), open unless a bearer {@code token} ({@code ${NAME}} for an environment
         * variable) or a {@code tokenFile} is given. No message ever holds the token.
         */
        private MetricsSettings metrics(YNode node) {
            return binder.map(node, "metrics")
                    .map(m -> {
                        onlyKeys(m, " in metrics", METRICS_KEYS);
                        boolean enabled = opt(m, "enabled")
                                .flatMap(n -> binder.bool(n, "metrics.enabled"))
                                .orElse(true);
                        String path = opt(m, "path")
                                .flatMap(n -> binder.string(n, "metrics.path"))
                                .orElse(null);
                        String token = null;
                        if (opt(m, "token").isPresent() && opt(m, "tokenFile").isPresent()) {
                            binder.problems()
                                    .error(
                                            ProblemCode.INVALID_VALUE,
                                            m.keyLoc("tokenFile"),
                                            "metrics: give 'token' or 'tokenFile', not both");
                        } else if (opt(m, "token").isPresent()) {
                            token = secret(m.get("token"), "metrics.token");
                        } else if (opt(m, "tokenFile").isPresent()) {
                            token = secretFromFile(m, "tokenFile", "metrics.tokenFile");
                        }
                        try {
                            return new MetricsSettings(enabled, path, token);
                        } catch (IllegalArgumentException e) {
                            binder.problems()
                                    .error(
                                            ProblemCode.INVALID_VALUE,
                                            m.get("path").loc(),
                                            e.getMessage());
                            return MetricsSettings.defaults();
                        }
                    })
                    .orElse(MetricsSettings.defaults());
        }

        /** {@code reports}: {@code timeZone}, a region id ({@code Europe/Amsterdam}) or an offset; UTC by default. */
        private ReportsConfig reports(YNode node) {
            return binder.map(node, "reports")
                    .map(m -> {
                        onlyKeys(m, " in reports", REPORTS_KEYS);
                        return opt(m, "timeZone")
                                .flatMap(n ->
                                        binder.string(n, "reports.timeZone").flatMap(zone -> zone(n, zone.strip())))
                                .map(ReportsConfig::new)
                                .orElse(ReportsConfig.DEFAULT);
                    })
                    .orElse(ReportsConfig.DEFAULT);
        }

        private Optional<java.time.ZoneId> zone(YNode node, String zone) {
            try {
                return Optional.of(java.time.ZoneId.of(zone));
            } catch (java.time.DateTimeException e) {
                binder.problems()
                        .error(
                                ProblemCode.INVALID_VALUE,
                                node.loc(),
                                "reports.timeZone: '" + zone + "' is not a time zone (a region such as"
                                        + " Europe/Amsterdam or America/New_York, or UTC, or an offset such as +02:00)");
                return Optional.empty();
            }
        }

        /**
         * {@code translation}: the machine engine and where it is, its key ({@code key}, {@code ${NAME}} for an
         * environment variable, or {@code keyFile}), the timeout, the cache, the TMX file and the languages. No
         * message ever holds the key.
         */
        private TranslationSettings translation(YNode node) {
            return binder.map(node, "translation")
                    .map(m -> {
                        onlyKeys(m, " in translation", TRANSLATION_KEYS);
                        TranslationSettings.Engine engine =
                                opt(m, "engine").flatMap(this::engine).orElse(TranslationSettings.Engine.NONE);
                        URI url = opt(m, "url").flatMap(this::url).orElse(null);
                        boolean selfHosted = engine == TranslationSettings.Engine.LIBRETRANSLATE
                                || engine == TranslationSettings.Engine.APERTIUM;
                        if (selfHosted && opt(m, "url").isEmpty()) {
                            binder.problems()
                                    .error(
                                            ProblemCode.MISSING_KEY,
                                            m.loc(),
                                            "translation: 'url' is required for engine " + engine.wire()
                                                    + " (the server's base URL, for example http://127.0.0.1:"
                                                    + (engine == TranslationSettings.Engine.APERTIUM ? "2737" : "5000")
                                                    + ")");
                        }
                        return new TranslationSettings(
                                engine,
                                url,
                                translationKey(m, engine),
                                opt(m, "region")
                                        .flatMap(n -> binder.string(n, "translation.region"))
                                        .map(String::strip)
                                        .filter(r -> !r.isEmpty())
                                        .orElse(null),
                                within(
                                        m,
                                        "timeout",
                                        TranslationSettings.DEFAULT_TIMEOUT,
                                        "translation.timeout",
                                        TRANSLATION_TIMEOUT),
                                opt(m, "cacheSize")
                                        .flatMap(n -> binder.integer(n, "translation.cacheSize", 0, MAX_CACHE_SIZE))
                                        .orElse(TranslationSettings.DEFAULT_CACHE_SIZE),
                                opt(m, "tmx").isPresent() ? readable(m, "tmx", "translation.tmx") : null,
                                opt(m, "languages").map(this::languages).orElse(TranslationSettings.DEFAULT_LANGUAGES));
                    })
                    .orElse(TranslationSettings.none());
        }

        private Optional<TranslationSettings.Engine> engine(YNode node) {
            return binder.string(node, "translation.engine").flatMap(name -> {
                for (TranslationSettings.Engine e : TranslationSettings.Engine.values()) {
                    if (e.wire().equals(name.strip())) return Optional.of(e);
                }
                binder.problems()
                        .error(
                                ProblemCode.INVALID_VALUE,
                                node.loc(),
                                "translation.engine: '" + name + "' is not an engine",
                                java.util.Arrays.stream(TranslationSettings.Engine.values())
                                        .map(TranslationSettings.Engine::wire)
                                        .toList());
                return Optional.empty();
            });
        }

        /** The engine's base URL; not echoed in the message, as a URL may carry a key in its query. */
        private Optional<URI> url(YNode node) {
            return binder.string(node, "translation.url").flatMap(text -> {
                try {
                    URI uri = new URI(text.strip());
                    if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null) {
                        return Optional.of(uri);
                    }
                } catch (URISyntaxException e) {
                    // reported below
                }
                binder.problems()
                        .error(
                                ProblemCode.INVALID_VALUE,
                                node.loc(),
                                "translation.url must be an http:// or https:// URL with a host (for example"
                                        + " http://127.0.0.1:2737)");
                return Optional.empty();
            });
        }

        /**
         * The API key: {@code key} (the key, or {@code ${NAME}} for the environment variable {@code NAME}) or
         * {@code keyFile} (a file whose trimmed content is the key), not both; Google and Azure need one. The
         * key's value never appears in a message.
         */
        private String translationKey(YMap m, TranslationSettings.Engine engine) {
            boolean written = opt(m, "key").isPresent();
            boolean inFile = opt(m, "keyFile").isPresent();
            if (written && inFile) {
                binder.problems()
                        .error(
                                ProblemCode.INVALID_VALUE,
                                m.keyLoc("keyFile"),
                                "translation: give 'key' or 'keyFile', not both");
                return null;
            }
            int before = binder.problems().all().size();
            String key = written
                    ? secret(m.get("key"), "translation.key")
                    : inFile ? secretFromFile(m, "keyFile", "translation.keyFile") : null;
            boolean reported = binder.problems().all().size() > before;
            boolean needed = engine == TranslationSettings.Engine.GOOGLE || engine == TranslationSettings.Engine.AZURE;
            if (key == null && needed && !reported) {
                binder.problems()
                        .error(
                                ProblemCode.MISSING_KEY,
                                m.loc(),
                                "translation: engine " + engine.wire() + " needs 'key' (write ${NAME} to read it from"
                                        + " the environment variable NAME) or 'keyFile'");
            }
            return key;
        }

        /** A secret written in the file, or {@code ${NAME}} for the environment variable {@code NAME}. */
        private String secret(YNode node, String what) {
            String text = binder.string(node, what).map(String::strip).orElse("");
            java.util.regex.Matcher variable = VARIABLE.matcher(text);
            if (!variable.matches()) return text.isEmpty() ? null : text;
            String value = environment.apply(variable.group(1));
            if (value == null || value.isBlank()) {
                binder.problems()
                        .error(
                                ProblemCode.UNSET_VARIABLE,
                                node.loc(),
                                what + " names the environment variable '" + variable.group(1) + "', which is not set");
                return null;
            }
            return value.strip();
        }

        /** A secret in the file at {@code key}: its trimmed content, which must be short and not empty. */
        private String secretFromFile(YMap m, String key, String what) {
            return path(m, key, what)
                    .map(file -> {
                        try {
                            if (Files.size(file) > MAX_KEY_FILE_BYTES) {
                                binder.problems()
                                        .error(
                                                ProblemCode.INVALID_VALUE,
                                                m.get(key).loc(),
                                                what + ": '" + file + "' has more than " + MAX_KEY_FILE_BYTES
                                                        + " bytes; it should hold the secret alone");
                                return null;
                            }
                            String secret = Files.readString(file).strip();
                            if (secret.isEmpty()) {
                                binder.problems()
                                        .error(
                                                ProblemCode.INVALID_VALUE,
                                                m.get(key).loc(),
                                                what + ": '" + file + "' is empty");
                                return null;
                            }
                            return secret;
                        } catch (IOException e) {
                            binder.problems()
                                    .error(
                                            ProblemCode.CANNOT_READ,
                                            m.get(key).loc(),
                                            what + ": cannot read '" + file + "' (" + why(e) + ")");
                            return null;
                        }
                    })
                    .orElse(null);
        }

        /** Why a file could not be read, without its content. */
        private static String why(IOException e) {
            if (e instanceof java.nio.file.NoSuchFileException) return "no such file";
            if (e instanceof java.nio.file.AccessDeniedException) return "permission denied";
            if (e instanceof java.nio.charset.CharacterCodingException) return "not UTF-8 text";
            return e.getClass().getSimpleName();
        }

        /** The path at {@code key}, if it names a readable file; else a located {@code cannot-read}. */
        private Path readable(YMap m, String key, String what) {
            return path(m, key, what)
                    .filter(file -> {
                        if (Files.isRegularFile(file) && Files.isReadable(file)) return true;
                        binder.problems()
                                .error(
                                        ProblemCode.CANNOT_READ,
                                        m.get(key).loc(),
                                        what + ": cannot read '" + file + "'");
                        return false;
                    })
                    .orElse(null);
        }

        private List<String> languages(YNode node) {
            var codes = new java.util.LinkedHashSet<String>();
            List<YNode> values = node instanceof YList l ? l.items() : List.of(node);
            for (YNode value : values) {
                binder.string(value, "translation.languages").ifPresent(code -> {
                    if (LANGUAGE.matcher(code.strip()).matches()) {
                        codes.add(code.strip());
                    } else {
                        binder.problems()
                                .error(
                                        ProblemCode.BAD_LANGUAGE,
                                        value.loc(),
                                        "translation.languages: '" + code + "' is not a language code (two or three"
                                                + " lower-case letters: en, zu, nso)");
                    }
                });
            }
            if (values.isEmpty()) {
                binder.problems()
                        .error(
                                ProblemCode.INVALID_VALUE,
                                node.loc(),
                                "translation.languages: at least one language is needed");
            }
            return codes.isEmpty() ? TranslationSettings.DEFAULT_LANGUAGES : List.copyOf(codes);
        }

        /** {@code quickReplies}: {@code [{id, texts: {LANGUAGE: TEXT, ...}}]}, ids unique, texts within maxMessageSize. */
        private List<QuickReply> quickReplies(YNode node, int maxMessageSize) {
            List<QuickReply> replies = new ArrayList<>();
            Map<String, Integer> ids = new HashMap<>();
            List<YNode> items =
                    binder.list(node, "quickReplies").map(YList::items).orElse(List.of());
            for (int i = 0; i < items.size(); i++) {
                String where = "quickReplies[" + i + "]";
                Optional<YMap> maybe = binder.map(items.get(i), where);
                if (maybe.isEmpty()) continue;
                YMap q = maybe.get();
                onlyKeys(q, " in " + where, QUICK_REPLY_KEYS);
                Optional<String> id = text(q, "id").filter(n -> !n.isBlank());
                if (id.isEmpty()) {
                    missing(q, where, "id");
                    continue;
                }
                String who = where + " '" + id.get() + "'";
                Integer first = ids.putIfAbsent(id.get(), i);
                if (first != null) {
                    binder.problems()
                            .error(
                                    ProblemCode.DUPLICATE_ID,
                                    q.get("id").loc(),
                                    where + ": duplicate quick reply '" + id.get() + "' (also quickReplies[" + first
                                            + "])");
                }
                Optional<YMap> texts = opt(q, "texts").flatMap(n -> binder.map(n, who + " 'texts'"));
                if (opt(q, "texts").isEmpty()) {
                    missing(q, who, "texts");
                    continue;
                }
                var byLanguage = new LinkedHashMap<String, String>();
                texts.ifPresent(
                        t -> t.entries().forEach((language, v) -> binder.string(v, who + " text '" + language + "'")
                                .ifPresent(text -> {
                                    if (text.isBlank()) {
                                        binder.problems()
                                                .error(
                                                        ProblemCode.INVALID_VALUE,
                                                        v.loc(),
                                                        who + ": the '" + language + "' text is empty");
                                    } else if (text.length() > maxMessageSize) {
                                        binder.problems()
                                                .error(
                                                        ProblemCode.OUT_OF_RANGE,
                                                        v.loc(),
                                                        who + ": the '" + language + "' text has " + text.length()
                                                                + " characters; maxMessageSize is " + maxMessageSize);
                                    } else {
                                        byLanguage.put(language, text);
                                    }
                                })));
                if (texts.isPresent() && texts.get().entries().isEmpty()) {
                    binder.problems()
                            .error(ProblemCode.INVALID_VALUE, q.get("texts").loc(), who + ": 'texts' has no text");
                }
                if (!byLanguage.isEmpty()) replies.add(new QuickReply(id.get(), byLanguage));
            }
            return replies;
        }

        private SecurityConfig security(YMap raw, String host, int port) {
            SecurityConfig defaults = SecurityConfig.defaults(host, port);
            List<SecurityConfig.BotConfig> bots =
                    opt(raw, "bots").map(this::bots).orElse(List.of());
            Optional<YMap> sec = opt(raw, "security").flatMap(n -> binder.map(n, "security"));
            if (sec.isEmpty()) return defaults.withBots(bots);
            YMap m = sec.get();
            onlyKeys(m, " in security", SECURITY_KEYS);
            boolean keyless = opt(m, "keylessBots")
                    .flatMap(n -> binder.bool(n, "security.keylessBots"))
                    .orElse(defaults.keylessBots());
            SecurityConfig.Tls tls = opt(m, "tls").flatMap(this::tls).orElse(null);
            SecurityConfig.Origins origins = opt(m, "origins")
                    .map(n -> origins(n, SecurityConfig.Origins.defaults(host, port, tls != null)))
                    .orElse(SecurityConfig.Origins.defaults(host, port, tls != null));
            List<String> proxies = opt(m, "trustedProxies")
                    .map(n -> addresses(n, "security.trustedProxies"))
                    .orElse(List.of());
            SecurityConfig.Limits limits = opt(m, "limits").map(this::limits).orElse(SecurityConfig.Limits.DEFAULT);
            return new SecurityConfig(bots, keyless, origins, tls, proxies, limits);
        }

        private List<SecurityConfig.BotConfig> bots(YNode node) {
            List<SecurityConfig.BotConfig> bots = new ArrayList<>();
            Map<String, Integer> ids = new HashMap<>();
            Map<String, Integer> keys = new HashMap<>();
            List<YNode> items = binder.list(node, "bots").map(YList::items).orElse(List.of());
            for (int i = 0; i < items.size(); i++) {
                String where = "bots[" + i + "]";
                Optional<YMap> maybe = binder.map(items.get(i), where);
                if (maybe.isEmpty()) continue;
                YMap b = maybe.get();
                onlyKeys(b, " in " + where, BOT_KEYS);
                Optional<String> id = text(b, "id").filter(n -> !n.isBlank());
                if (id.isEmpty()) {
                    missing(b, where, "id");
                    continue;
                }
                String who = where + " '" + id.get() + "'";
                Optional<String> key = text(b, "key").filter(t -> !t.isBlank());
                if (key.isEmpty()) {
                    missing(b, who, "key");
                    continue;
                }
                if (key.get().length() < 16) {
                    binder.problems()
                            .error(
                                    ProblemCode.INVALID_VALUE,
                                    b.get("key").loc(),
                                    who + ": 'key' must have at least 16 characters");
                }
                Integer first = ids.putIfAbsent(id.get(), i);
                if (first != null) {
                    binder.problems()
                            .error(
                                    ProblemCode.DUPLICATE_ID,
                                    b.get("id").loc(),
                                    where + ": duplicate bot '" + id.get() + "' (also bots[" + first + "])");
                }
                if (keys.putIfAbsent(key.get(), i) != null) {
                    binder.problems()
                            .error(
                                    ProblemCode.DUPLICATE_ID,
                                    b.get("key").loc(),
                                    who + ": the same key is used by another bot");
                }
                int max = opt(b, "maxChats")
                        .flatMap(n -> binder.integer(n, who + " 'maxChats'", 0, Integer.MAX_VALUE))
                        .orElse(0);
                bots.add(new SecurityConfig.BotConfig(id.get(), key.get(), max));
            }
            return bots;
        }

        private Optional<SecurityConfig.Tls> tls(YNode node) {
            return binder.map(node, "security.tls").flatMap(m -> {
                onlyKeys(m, " in security.tls", TLS_KEYS);
                Optional<Path> cert = readableFile(m, "certificate");
                Optional<Path> key = readableFile(m, "privateKey");
                if (cert.isEmpty() || key.isEmpty()) return Optional.empty();
                return Optional.of(new SecurityConfig.Tls(cert.get(), key.get()));
            });
        }

        private Optional<Path> readableFile(YMap m, String key) {
            if (opt(m, key).isEmpty()) {
                missing(m, "security.tls", key);
                return Optional.empty();
            }
            return path(m, key, "security.tls." + key).flatMap(path -> {
                if (!Files.isReadable(path)) {
                    binder.problems()
                            .error(
                                    ProblemCode.CANNOT_READ,
                                    m.get(key).loc(),
                                    "security.tls." + key + ": cannot read '" + path + "'");
                    return Optional.empty();
                }
                return Optional.of(path);
            });
        }

        private SecurityConfig.Origins origins(YNode node, SecurityConfig.Origins defaults) {
            return binder.map(node, "security.origins")
                    .map(m -> {
                        onlyKeys(m, " in security.origins", ORIGIN_KEYS);
                        return new SecurityConfig.Origins(
                                opt(m, "liveAgent")
                                        .map(n -> originList(n, "security.origins.liveAgent"))
                                        .orElse(defaults.liveAgent()),
                                opt(m, "agents")
                                        .map(n -> originList(n, "security.origins.agents"))
                                        .orElse(defaults.agents()));
                    })
                    .orElse(defaults);
        }

        private List<String> originList(YNode node, String what) {
            List<String> out = new ArrayList<>();
            List<YNode> values = node instanceof YList l ? l.items() : List.of(node);
            for (YNode value : values) {
                binder.string(value, what).ifPresent(o -> {
                    if (o.equals("*")) {
                        binder.problems()
                                .error(
                                        ProblemCode.INVALID_VALUE,
                                        value.loc(),
                                        what + ": '*' is not allowed; list each origin (scheme://host:port)");
                    } else if (!o.equals("null") && !ORIGIN.matcher(o).matches()) {
                        binder.problems()
                                .error(
                                        ProblemCode.INVALID_VALUE,
                                        value.loc(),
                                        what + ": '" + o
                                                + "' is not an origin (scheme://host[:port], no path, for example"
                                                + " https://bot.example.org)");
                    } else {
                        out.add(o);
                    }
                });
            }
            return out;
        }

        private List<String> addresses(YNode node, String what) {
            List<String> out = new ArrayList<>();
            List<YNode> values = node instanceof YList l ? l.items() : List.of(node);
            for (YNode value : values) {
                binder.string(value, what).ifPresent(a -> {
                    if (!a.matches("[0-9.]+|[0-9a-fA-F:]+")) {
                        binder.problems()
                                .error(
                                        ProblemCode.INVALID_VALUE,
                                        value.loc(),
                                        what + ": '" + a + "' is not an IP address");
                    } else {
                        out.add(a);
                    }
                });
            }
            return out;
        }

        private SecurityConfig.Limits limits(YNode node) {
            SecurityConfig.Limits d = SecurityConfig.Limits.DEFAULT;
            return binder.map(node, "security.limits")
                    .map(m -> {
                        onlyKeys(m, " in security.limits", LIMIT_KEYS);
                        return new SecurityConfig.Limits(
                                limit(m, "connectionsPerAddress", d.connectionsPerAddress()),
                                limit(m, "unidentifiedPerAddress", d.unidentifiedPerAddress()),
                                within(
                                        m,
                                        "identifyWithin",
                                        d.identifyWithin(),
                                        "security.limits.identifyWithin",
                                        IDENTIFY_WITHIN),
                                limit(m, "keylessChatsPerMinute", d.keylessChatsPerMinute()),
                                limit(m, "eventsPerSecond", d.eventsPerSecond()),
                                limit(m, "eventBurst", d.eventBurst()),
                                limit(m, "signInFailures", d.signInFailures()),
                                within(
                                        m,
                                        "signInLockout",
                                        d.signInLockout(),
                                        "security.limits.signInLockout",
                                        SIGN_IN_LOCKOUT));
                    })
                    .orElse(d);
        }

        private int limit(YMap m, String key, int fallback) {
            return opt(m, key)
                    .flatMap(n -> count(n, "security.limits." + key, MAX_LIMIT))
                    .orElse(fallback);
        }

        private HeartbeatConfig heartbeat(YNode node) {
            return binder.map(node, "heartbeat")
                    .map(m -> {
                        onlyKeys(m, " in heartbeat", HEARTBEAT_KEYS);
                        return new HeartbeatConfig(
                                within(
                                        m,
                                        "interval",
                                        HeartbeatConfig.DEFAULT.interval(),
                                        "heartbeat.interval",
                                        HEARTBEAT),
                                within(
                                        m,
                                        "timeout",
                                        HeartbeatConfig.DEFAULT.timeout(),
                                        "heartbeat.timeout",
                                        HEARTBEAT));
                    })
                    .orElse(HeartbeatConfig.DEFAULT);
        }

        /** The duration at {@code key}, reported (and replaced by {@code fallback}) if outside {@code range}. */
        private Duration within(YMap map, String key, Duration fallback, String what, Range range) {
            Duration d = duration(map, key, fallback, what);
            if (!range.contains(d) && map.get(key) != null) {
                binder.problems()
                        .error(
                                ProblemCode.OUT_OF_RANGE,
                                map.get(key).loc(),
                                what + " must be " + range + ", not " + written(map.get(key)));
                return fallback;
            }
            return d;
        }

        /** A whole number from 1 to {@code max}. */
        private Optional<Integer> count(YNode node, String what, int max) {
            return atLeastOne(node, what).filter(n -> {
                if (n > max) {
                    binder.problems()
                            .error(
                                    ProblemCode.OUT_OF_RANGE,
                                    node.loc(),
                                    what + " must be at most " + max + ", not " + n);
                }
                return n <= max;
            });
        }

        /** The path at {@code key}; a text no file system can name (a NUL in it) is reported. */
        private Optional<Path> path(YMap map, String key, String what) {
            return text(map, key).flatMap(f -> {
                try {
                    return Optional.of(Path.of(f));
                } catch (InvalidPathException e) {
                    binder.problems()
                            .error(
                                    ProblemCode.INVALID_VALUE,
                                    map.get(key).loc(),
                                    what + ": '" + f.replace("\0", "\\0") + "' is not a path (" + e.getReason() + ")");
                    return Optional.empty();
                }
            });
        }

        /** A value as written, for messages. */
        private static String written(YNode node) {
            return node instanceof YScalar s && s.value() != null ? s.value() : node.kind();
        }

        private List<AgentConfig> agents(YNode node, List<String> departments) {
            Set<String> isDepartment = new HashSet<>(departments); // one look-up per agent's department, however many
            List<AgentConfig> agents = new ArrayList<>();
            Map<String, Integer> names = new HashMap<>();
            Map<String, Integer> tokens = new HashMap<>();
            List<YNode> items = binder.list(node, "agents").map(YList::items).orElse(List.of());
            for (int i = 0; i < items.size(); i++) {
                String where = "agents[" + i + "]";
                Optional<YMap> maybe = binder.map(items.get(i), where);
                if (maybe.isEmpty()) {
                    continue;
                }
                YMap a = maybe.get();
                onlyKeys(a, " in " + where, AGENT_KEYS);
                Optional<String> name = text(a, "name").filter(n -> !n.isBlank());
                if (name.isEmpty()) {
                    missing(a, where, "name");
                    continue;
                }
                String who = where + " '" + name.get() + "'";
                Optional<String> token = text(a, "token").filter(t -> !t.isBlank());
                Optional<PasswordHash> password = password(a, who);
                if (token.isEmpty() && password.isEmpty()) {
                    if (opt(a, "password").isEmpty()) missing(a, who, "token' or 'password");
                    continue;
                }
                Integer first = names.putIfAbsent(name.get(), i);
                if (first != null) {
                    binder.problems()
                            .error(
                                    ProblemCode.DUPLICATE_ID,
                                    a.get("name").loc(),
                                    where + ": duplicate agent '" + name.get() + "' (also agents[" + first + "])");
                }
                if (token.isPresent() && tokens.putIfAbsent(token.get(), i) != null) {
                    binder.problems()
                            .error(
                                    ProblemCode.DUPLICATE_ID,
                                    a.get("token").loc(),
                                    who + ": the same token is used by another agent");
                }
                List<String> deps = new ArrayList<>();
                opt(a, "departments").ifPresent(n -> {
                    List<YNode> values = n instanceof YList l ? l.items() : List.of(n);
                    for (YNode value : values) {
                        binder.string(value, who + " 'departments'").ifPresent(d -> {
                            if (!isDepartment.contains(d)) {
                                binder.problems()
                                        .error(
                                                ProblemCode.UNKNOWN_DEPARTMENT,
                                                value.loc(),
                                                who + ": '" + d + "' is not a department",
                                                departments);
                            }
                            deps.add(d);
                        });
                    }
                });
                int max = opt(a, "maxChats")
                        .flatMap(n -> atLeastOne(n, who + " 'maxChats'"))
                        .orElse(3);
                AgentConfig.Role role = opt(a, "role")
                        .flatMap(n -> binder.string(n, who + " 'role'").flatMap(r -> {
                            for (AgentConfig.Role known : AgentConfig.Role.values()) {
                                if (known.id().equals(r)) return Optional.of(known);
                            }
                            binder.problems()
                                    .error(
                                            ProblemCode.INVALID_VALUE,
                                            n.loc(),
                                            who + ": 'role' must be agent or supervisor, not '" + r + "'",
                                            List.of("agent", "supervisor"));
                            return Optional.<AgentConfig.Role>empty();
                        }))
                        .orElse(AgentConfig.Role.AGENT);
                agents.add(new AgentConfig(
                        name.get(),
                        token.orElse(null),
                        deps,
                        max,
                        text(a, "language").orElse(null),
                        role,
                        password.orElse(null),
                        text(a, "displayName").orElse(null)));
            }
            return agents;
        }

        /**
         * The agent's {@code password}: a bcrypt hash, else a located error that never shows the value
         * (it may be a password written in clear by mistake).
         */
        private Optional<PasswordHash> password(YMap a, String who) {
            return opt(a, "password")
                    .flatMap(n -> binder.string(n, who + " 'password'"))
                    .flatMap(text -> {
                        Optional<PasswordHash> hash = PasswordHash.parse(text.strip());
                        if (hash.isEmpty()) {
                            binder.problems()
                                    .error(
                                            ProblemCode.INVALID_VALUE,
                                            a.get("password").loc(),
                                            who + ": 'password' must be a bcrypt hash ($2a$, $2b$ or $2y$, cost 04"
                                                    + " to 31), not a password; make one with: java -jar"
                                                    + " handoff.jar desk hash-password");
                        }
                        return hash;
                    });
        }

        private AutoReplyConfig autoReply(YNode node) {
            return binder.map(node, "autoReply")
                    .map(m -> {
                        onlyKeys(m, " in autoReply", AUTO_REPLY_KEYS);
                        Map<String, String> texts = opt(m, "texts")
                                .flatMap(n -> binder.map(n, "autoReply 'texts'"))
                                .map(t -> {
                                    var byLanguage = new LinkedHashMap<String, String>();
                                    t.entries().forEach((language, v) -> binder.string(
                                                    v, "autoReply text '" + language + "'")
                                            .ifPresent(s -> byLanguage.put(language, s)));
                                    return (Map<String, String>) byLanguage;
                                })
                                .orElse(null);
                        Duration every = duration(m, "every", Duration.ofSeconds(60), "autoReply.every");
                        if (!every.isZero() && !AUTO_REPLY.contains(every)) {
                            binder.problems()
                                    .error(
                                            ProblemCode.OUT_OF_RANGE,
                                            m.get("every").loc(),
                                            "autoReply.every must be 0s (off) or " + AUTO_REPLY + ", not "
                                                    + written(m.get("every")));
                        }
                        return new AutoReplyConfig(every, texts);
                    })
                    .orElse(new AutoReplyConfig(Duration.ofSeconds(60), null));
        }

        private Duration duration(YMap map, String key, Duration fallback, String what) {
            return opt(map, key)
                    .flatMap(n -> binder.string(n, what).flatMap(text -> {
                        Optional<Duration> d = Durations.read(text);
                        if (d.isEmpty()) {
                            binder.problems()
                                    .error(
                                            ProblemCode.NOT_A_DURATION,
                                            n.loc(),
                                            what + ": '" + text + "' is not a duration (examples: " + Durations.EXAMPLES
                                                    + ")");
                        }
                        return d;
                    }))
                    .orElse(fallback);
        }

        private Optional<Integer> atLeastOne(YNode node, String what) {
            return binder.integer(node, what, Integer.MIN_VALUE, Integer.MAX_VALUE)
                    .filter(n -> {
                        if (n < 1) {
                            binder.problems()
                                    .error(
                                            ProblemCode.OUT_OF_RANGE,
                                            node.loc(),
                                            what + " must be at least 1, not " + n);
                        }
                        return n >= 1;
                    });
        }

        private void onlyKeys(YMap map, String where, List<String> known) {
            for (String key : map.entries().keySet()) {
                if (!known.contains(key)) {
                    binder.problems()
                            .error(
                                    ProblemCode.UNKNOWN_KEY,
                                    map.keyLoc(key),
                                    "unknown key '" + key + "'" + where,
                                    known);
                }
            }
        }

        private void missing(YMap map, String where, String key) {
            binder.problems().error(ProblemCode.MISSING_KEY, map.loc(), where + ": '" + key + "' is missing");
        }

        private Optional<String> text(YMap map, String key) {
            return opt(map, key).flatMap(n -> binder.string(n, "'" + key + "'"));
        }

        private static Optional<YNode> opt(YMap map, String key) {
            YNode node = map.get(key);
            return node == null || node instanceof YScalar s && s.isNull() ? Optional.empty() : Optional.of(node);
        }
    }
}
