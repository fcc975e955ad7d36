package dev.handoff.desk.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a desk config from YAML; every key is optional and falls back to a default. Without a file,
 * the bundled {@code desk.yaml} (two demo agents, departments {@code sales} and {@code support}) is used.
 */
public final class DeskConfigLoader {
    public static final String BUNDLED = "desk.yaml";

    private static final ObjectMapper YAML =
            new ObjectMapper(new YAMLFactory()).configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);

    private DeskConfigLoader() {}

    /** The raw file: every key optional. */
    record RawConfig(
            String host,
            Integer port,
            String dataDir,
            String db,
            String dbUser,
            String dbPassword,
            List<String> departments,
            List<RawAgent> agents,
            Boolean autoAssign,
            RawAutoReply autoReply,
            @JsonProperty("sla") String sla,
            String idleArchive,
            String disconnectGrace,
            Integer maxMessageSize,
            String tick) {}

    record RawAgent(String name, String token, List<String> departments, Integer maxChats, String language) {}

    record RawAutoReply(String every, Map<String, String> texts) {}

    public static DeskConfig load(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return parse(in, file.toString());
        } catch (IOException e) {
            throw new DeskConfigException(file + ": cannot read: " + e.getMessage(), e);
        }
    }

    public static DeskConfig bundled() {
        try (InputStream in = DeskConfigLoader.class.getClassLoader().getResourceAsStream(BUNDLED)) {
            if (in == null) throw new DeskConfigException("classpath:" + BUNDLED + ": missing from the build");
            return parse(in, "classpath:" + BUNDLED);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static DeskConfig parse(String yaml, String source) {
        try {
            RawConfig raw = YAML.readValue(yaml, RawConfig.class);
            return build(raw == null ? empty() : raw, source);
        } catch (JsonProcessingException e) {
            throw problem(source, e);
        }
    }

    private static DeskConfig parse(InputStream in, String source) throws IOException {
        try {
            RawConfig raw = YAML.readValue(in, RawConfig.class);
            return build(raw == null ? empty() : raw, source);
        } catch (JsonProcessingException e) {
            throw problem(source, e);
        }
    }

    private static DeskConfigException problem(String source, JsonProcessingException e) {
        if (e instanceof com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException u) {
            List<String> known = u.getKnownPropertyIds().stream()
                    .map(String::valueOf)
                    .sorted()
                    .toList();
            return new DeskConfigException(
                    source + ": " + path(u) + ": unknown key (" + known.size() + " known keys: "
                            + String.join(", ", known) + ")",
                    e);
        }
        if (e instanceof com.fasterxml.jackson.databind.JsonMappingException m
                && !m.getPath().isEmpty()) {
            return new DeskConfigException(source + ": " + path(m) + ": " + e.getOriginalMessage() + location(e), e);
        }
        return new DeskConfigException(source + ": " + e.getOriginalMessage() + location(e), e);
    }

    private static String path(com.fasterxml.jackson.databind.JsonMappingException m) {
        StringBuilder s = new StringBuilder();
        for (var ref : m.getPath()) {
            if (ref.getFieldName() != null) s.append(s.length() == 0 ? "" : ".").append(ref.getFieldName());
            else s.append('[').append(ref.getIndex()).append(']');
        }
        return s.toString();
    }

    private static String location(JsonProcessingException e) {
        return e.getLocation() == null
                ? ""
                : " (line: " + e.getLocation().getLineNr() + ", column: "
                        + e.getLocation().getColumnNr() + ")";
    }

    private static RawConfig empty() {
        return new RawConfig(null, null, null, null, null, null, null, null, null, null, null, null, null, null, null);
    }

    private static DeskConfig build(RawConfig raw, String source) {
        List<String> errors = new ArrayList<>();
        List<String> departments =
                raw.departments() == null || raw.departments().isEmpty() ? List.of("support") : raw.departments();
        List<AgentConfig> agents = new ArrayList<>();
        Set<String> names = new HashSet<>();
        Set<String> tokens = new HashSet<>();
        List<RawAgent> rawAgents = raw.agents() == null ? List.of() : raw.agents();
        for (int i = 0; i < rawAgents.size(); i++) {
            RawAgent a = rawAgents.get(i);
            String where = source + ": agents[" + i + "]";
            if (a == null || a.name() == null || a.name().isBlank()) {
                errors.add(where + ".name: missing");
                continue;
            }
            if (a.token() == null || a.token().isBlank()) {
                errors.add(where + " '" + a.name() + "'.token: missing");
                continue;
            }
            if (!names.add(a.name())) errors.add(where + ".name: duplicate agent '" + a.name() + "'");
            if (!tokens.add(a.token()))
                errors.add(where + " '" + a.name() + "'.token: the same token is used by another agent");
            List<String> deps = a.departments() == null ? List.of() : a.departments();
            for (String d : deps) {
                if (!departments.contains(d))
                    errors.add(where + " '" + a.name() + "'.departments: '" + d + "' is not a department (known: "
                            + String.join(", ", departments) + ")");
            }
            int max = a.maxChats() == null ? 3 : a.maxChats();
            if (max < 1) errors.add(where + " '" + a.name() + "'.maxChats: must be at least 1, got " + max);
            agents.add(new AgentConfig(a.name(), a.token(), deps, max, a.language()));
        }
        AutoReplyConfig autoReply;
        if (raw.autoReply() == null) {
            autoReply = new AutoReplyConfig(java.time.Duration.ofSeconds(60), null);
        } else {
            Map<String, String> texts = raw.autoReply().texts() == null
                    ? null
                    : new LinkedHashMap<>(raw.autoReply().texts());
            autoReply = new AutoReplyConfig(
                    duration(raw.autoReply().every(), "60s", source + ": autoReply.every", errors), texts);
        }
        int maxMessageSize = raw.maxMessageSize() == null ? 4000 : raw.maxMessageSize();
        if (maxMessageSize < 1) errors.add(source + ": maxMessageSize: must be at least 1, got " + maxMessageSize);
        int port = raw.port() == null ? DeskConfig.DEFAULT_PORT : raw.port();
        if (port < 0 || port > 65535) errors.add(source + ": port: " + port + " is not a port");
        var sla = duration(raw.sla(), "120s", source + ": sla", errors);
        var idle = duration(raw.idleArchive(), "24h", source + ": idleArchive", errors);
        var grace = duration(raw.disconnectGrace(), "30s", source + ": disconnectGrace", errors);
        var tick = duration(raw.tick(), "1s", source + ": tick", errors);
        if (!errors.isEmpty()) {
            throw new DeskConfigException(
                    String.join("\n", errors) + "\n" + errors.size() + (errors.size() == 1 ? " error" : " errors"));
        }
        return new DeskConfig(
                raw.host() == null ? "127.0.0.1" : raw.host(),
                port,
                Path.of(raw.dataDir() == null ? "handoff-data" : raw.dataDir()),
                raw.db(),
                raw.dbUser(),
                raw.dbPassword(),
                departments,
                agents,
                raw.autoAssign() == null || raw.autoAssign(),
                autoReply,
                sla,
                idle,
                grace,
                maxMessageSize,
                tick);
    }

    private static java.time.Duration duration(String value, String fallback, String where, List<String> errors) {
        try {
            return Durations.parse(value == null ? fallback : value, where);
        } catch (DeskConfigException e) {
            errors.add(e.getMessage());
            return java.time.Duration.ZERO;
        }
    }
}
