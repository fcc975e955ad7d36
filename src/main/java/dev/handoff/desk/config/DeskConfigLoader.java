package dev.handoff.desk.config;

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
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

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
            "departments",
            "agents",
            "autoAssign",
            "autoReply",
            "sla",
            "idleArchive",
            "disconnectGrace",
            "maxMessageSize",
            "tick",
            "heartbeat");
    static final List<String> AGENT_KEYS = List.of("name", "token", "departments", "maxChats", "language");
    static final List<String> AUTO_REPLY_KEYS = List.of("every", "texts");
    static final List<String> HEARTBEAT_KEYS = List.of("interval", "timeout");

    private DeskConfigLoader() {}

    public static DeskConfig load(Path file) {
        try {
            return parse(Files.readAllBytes(file), file.toString());
        } catch (IOException e) {
            var problems = new Problems();
            problems.error(ProblemCode.CANNOT_READ, Loc.of(file.toString()), "cannot read: " + e.getMessage());
            throw new DeskConfigException(problems.errors());
        }
    }

    public static DeskConfig bundled() {
        try (InputStream in = DeskConfigLoader.class.getClassLoader().getResourceAsStream(BUNDLED)) {
            if (in == null) throw new DeskConfigException("classpath:" + BUNDLED + ": missing from the build");
            return parse(in.readAllBytes(), "classpath:" + BUNDLED);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static DeskConfig parse(String yaml, String source) {
        return parse(yaml.getBytes(StandardCharsets.UTF_8), source);
    }

    private static DeskConfig parse(byte[] bytes, String source) {
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
        Optional<DeskConfig> config = binder.map(node, source).map(map -> new Reading(binder).config(map));
        problems.throwIfErrors(p -> new DeskConfigException(p.errors()));
        return config.orElseThrow();
    }

    /** One reading of one file: reports to the binder and goes on, so that every problem is found. */
    private record Reading(Binder binder) {

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
                    .flatMap(n -> binder.integer(n, "port", 0, 65535))
                    .orElse(DeskConfig.DEFAULT_PORT);
            int maxMessageSize = opt(raw, "maxMessageSize")
                    .flatMap(n -> atLeastOne(n, "maxMessageSize"))
                    .orElse(DeskConfig.DEFAULT_MAX_MESSAGE_SIZE);
            return new DeskConfig(
                    text(raw, "host").orElse("127.0.0.1"),
                    port,
                    Path.of(text(raw, "dataDir").orElse("handoff-data")),
                    text(raw, "db").orElse(null),
                    text(raw, "dbUser").orElse(null),
                    text(raw, "dbPassword").orElse(null),
                    opt(raw, "dbMaxPendingWrites")
                            .flatMap(n -> atLeastOne(n, "dbMaxPendingWrites"))
                            .orElse(DeskConfig.DEFAULT_MAX_PENDING_WRITES),
                    departments,
                    agents,
                    opt(raw, "autoAssign")
                            .flatMap(n -> binder.bool(n, "autoAssign"))
                            .orElse(true),
                    autoReply,
                    duration(raw, "sla", Duration.ofSeconds(120)),
                    duration(raw, "idleArchive", Duration.ofHours(24)),
                    duration(raw, "disconnectGrace", Duration.ofSeconds(30)),
                    maxMessageSize,
                    duration(raw, "tick", Duration.ofSeconds(1)),
                    opt(raw, "heartbeat").map(this::heartbeat).orElse(HeartbeatConfig.DEFAULT));
        }

        private HeartbeatConfig heartbeat(YNode node) {
            return binder.map(node, "heartbeat")
                    .map(m -> {
                        onlyKeys(m, " in heartbeat", HEARTBEAT_KEYS);
                        return new HeartbeatConfig(
                                positive(m, "interval", HeartbeatConfig.DEFAULT.interval()),
                                positive(m, "timeout", HeartbeatConfig.DEFAULT.timeout()));
                    })
                    .orElse(HeartbeatConfig.DEFAULT);
        }

        private Duration positive(YMap map, String key, Duration fallback) {
            String what = "heartbeat." + key;
            Duration d = duration(map, key, fallback, what);
            if (d.isZero() || d.isNegative()) {
                binder.problems()
                        .error(ProblemCode.OUT_OF_RANGE, map.get(key).loc(), what + " must be more than 0s, not " + d);
                return fallback;
            }
            return d;
        }

        private List<AgentConfig> agents(YNode node, List<String> departments) {
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
                if (token.isEmpty()) {
                    missing(a, who, "token");
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
                if (tokens.putIfAbsent(token.get(), i) != null) {
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
                            if (!departments.contains(d)) {
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
                agents.add(new AgentConfig(
                        name.get(), token.get(), deps, max, text(a, "language").orElse(null)));
            }
            return agents;
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
                        return new AutoReplyConfig(
                                duration(m, "every", Duration.ofSeconds(60), "autoReply.every"), texts);
                    })
                    .orElse(new AutoReplyConfig(Duration.ofSeconds(60), null));
        }

        private Duration duration(YMap map, String key, Duration fallback) {
            return duration(map, key, fallback, key);
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
