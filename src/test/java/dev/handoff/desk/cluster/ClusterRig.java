package dev.handoff.desk.cluster;

import dev.handoff.cli.Main;
import dev.handoff.desk.support.LocalPostgres;
import dev.handoff.desk.support.Sockets;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A harness for multi-process cluster tests: N {@code handoff desk} processes (the real command, from the build's
 * classes and the test class path), each on a port of its own with a generated {@code desk.yaml} that points at the
 * machine's PostgreSQL and Redis ({@code cluster:} with node ids {@code n1..nN} and a prefix of the rig's own).
 * Each node's output goes to {@code target/cluster-rig/RIG-nI.log}. {@link #kill} is {@code kill -9},
 * {@link #restart} starts the node again on its port and database. {@link #close()} kills every node, drops the
 * rig's schemas and deletes its Redis keys.
 *
 * <p>Databases: {@link Schemas#SHARED} gives every node one schema (a cluster); {@link Schemas#EACH_ITS_OWN} gives
 * each node a schema of its own (desks that only share the machine).
 *
 * <p>{@link Options} change what tests take for granted (a small heap and a quick start, agents {@code ann} and
 * {@code ben}, every node started at once): benchmarks give the nodes more heap and the full JIT, their own agents,
 * and start node 1 first so that it leads.
 */
public final class ClusterRig implements AutoCloseable {
    /** How the nodes' databases are laid out. */
    public enum Schemas {
        SHARED,
        EACH_ITS_OWN
    }

    /** The machine's Redis, which every rig uses (under a prefix of its own). */
    public static final String REDIS = "redis://127.0.0.1:6379/0";

    private static final Duration START_WITHIN = Duration.ofSeconds(60);

    /**
     * How the rig starts its nodes.
     *
     * @param jvmOptions  the options of each node's {@code java} (heap, JIT)
     * @param agents      the agents in {@code desk.yaml}: each serves {@code sales} with token {@code NAME-token}
     * @param maxChats    each agent's {@code maxChats}
     * @param extraYaml   more top-level {@code desk.yaml} (for example {@code security:}), or empty
     * @param firstLeads  start node 1 alone and wait until it runs the desk, then the others: node 1 leads
     * @param redis       the Redis URL (a test's own Redis, to restart it)
     * @param agentsYaml  the {@code agents:} entries verbatim (YAML flow mappings, one per line, indented two
     *                    spaces), or {@code null} for {@code agents} and {@code maxChats}
     */
    public record Options(
            List<String> jvmOptions,
            List<String> agents,
            int maxChats,
            String extraYaml,
            boolean firstLeads,
            String redis,
            String agentsYaml) {
        /**
         * What tests use: 256 MiB and C1 only (quick to start), {@code ann} and {@code ben}, node 1 started first so
         * that it leads (the tests kill or keep the leader on purpose).
         */
        public static final Options DEFAULT = new Options(
                List.of("-Xmx256m", "-XX:TieredStopAtLevel=1"), List.of("ann", "ben"), 1000, "", true, REDIS, null);

        public Options {
            jvmOptions = List.copyOf(jvmOptions);
            agents = List.copyOf(agents);
        }

        public Options withJvmOptions(String... options) {
            return new Options(List.of(options), agents, maxChats, extraYaml, firstLeads, redis, agentsYaml);
        }

        public Options withAgents(List<String> names, int max) {
            return new Options(jvmOptions, names, max, extraYaml, firstLeads, redis, null);
        }

        public Options withAgentsYaml(String yaml) {
            return new Options(jvmOptions, agents, maxChats, extraYaml, firstLeads, redis, yaml);
        }

        public Options withYaml(String yaml) {
            return new Options(jvmOptions, agents, maxChats, yaml, firstLeads, redis, agentsYaml);
        }

        public Options withFirstLeading() {
            return new Options(jvmOptions, agents, maxChats, extraYaml, true, redis, agentsYaml);
        }

        public Options withRedis(String url) {
            return new Options(jvmOptions, agents, maxChats, extraYaml, firstLeads, url, agentsYaml);
        }
    }

    private final String name = "rig-" + UUID.randomUUID().toString().substring(0, 8);
    private final String prefix = "test-" + name;
    private final Path dir;
    private final Options options;
    private final List<LocalPostgres.Schema> schemas = new ArrayList<>();
    private final List<Node> nodes = new ArrayList<>();

    /** One desk process: its port, config, log, and the process while it runs. */
    private static final class Node {
        final int port;
        final Path config;
        final Path log;
        Process process;

        Node(int port, Path config, Path log) {
            this.port = port;
            this.config = config;
            this.log = log;
        }
    }

    private ClusterRig(Path dir, Options options) {
        this.dir = dir;
        this.options = options;
    }

    /** Starts {@code count} desks (node 1 first, so that it leads) and returns once every one answers HTTP. */
    public static ClusterRig start(int count, Schemas layout) {
        return start(count, layout, Options.DEFAULT);
    }

    /** As {@link #start(int, Schemas)}, the nodes started as {@code options} say. */
    public static ClusterRig start(int count, Schemas layout, Options options) {
        ClusterRig rig = new ClusterRig(Path.of("target", "cluster-rig"), options);
        try {
            Files.createDirectories(rig.dir);
            LocalPostgres.Schema shared = layout == Schemas.SHARED ? rig.schema() : null;
            for (int i = 0; i < count; i++) {
                LocalPostgres.Schema schema = shared != null ? shared : rig.schema();
                int port = Sockets.freePort();
                Path config = rig.dir.resolve(rig.name + "-n" + (i + 1) + ".yaml");
                // desks of their own do not share a prefix: each is led by itself (the leader's lock is the prefix's)
                String prefix = shared != null ? rig.prefix : rig.prefix + "-n" + (i + 1);
                Files.writeString(config, yaml(port, schema.url(), "n" + (i + 1), prefix, options));
                rig.nodes.add(new Node(port, config, rig.dir.resolve(rig.name + "-n" + (i + 1) + ".log")));
            }
            List<Node> rest = rig.nodes;
            if (options.firstLeads() && !rig.nodes.isEmpty()) {
                Node first = rig.nodes.get(0);
                rig.launch(first);
                rig.awaitAnswer(first);
                rig.awaitLeading(first, "n1");
                rest = rig.nodes.subList(1, rig.nodes.size());
            }
            for (Node node : rest) rig.launch(node);
            for (Node node : rest) rig.awaitAnswer(node);
            return rig;
        } catch (IOException e) {
            rig.close();
            throw new UncheckedIOException(e);
        } catch (RuntimeException | Error e) {
            rig.close();
            throw e;
        }
    }

    private LocalPostgres.Schema schema() {
        LocalPostgres.Schema schema = LocalPostgres.freshSchema();
        schemas.add(schema);
        return schema;
    }

    static String yaml(int port, String db, String node, String prefix) {
        return yaml(port, db, node, prefix, Options.DEFAULT);
    }

    static String yaml(int port, String db, String node, String prefix, Options options) {
        StringBuilder agents = new StringBuilder();
        if (options.agentsYaml() != null) agents.append(options.agentsYaml());
        else
            for (String agent : options.agents()) {
                agents.append("  - {name: %s, token: %s-token, departments: [sales], maxChats: %d}\n"
                        .formatted(agent, agent, options.maxChats()));
            }
        return """
                host: 127.0.0.1
                port: %d
                db: '%s'
                departments: [sales]
                tick: 100ms
                autoReply: {every: 0s}
                agents:
                %scluster:
                  redis: '%s'
                  node: %s
                  prefix: %s
                %s"""
                .formatted(port, db, agents, options.redis(), node, prefix, options.extraYaml());
    }

    private void launch(Node node) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(options.jvmOptions());
        command.addAll(List.of(
                "-cp",
                System.getProperty("java.class.path"),
                Main.class.getName(),
                "desk",
                "--config",
                node.config.toString()));
        node.process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(node.log.toFile()))
                .start();
    }

    private void awaitAnswer(Node node) {
        long deadline = System.nanoTime() + START_WITHIN.toNanos();
        while (!answers(node.port)) {
            if (!node.process.isAlive() || System.nanoTime() > deadline) {
                throw new AssertionError("the desk on port " + node.port + " did not answer; see " + node.log);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    /** Waits until the node's log says it runs the desk (its {@code LeaderDesk} serves the other nodes' calls). */
    private void awaitLeading(Node node, String id) throws IOException {
        String leads = "cluster: node " + id + " runs the desk";
        long deadline = System.nanoTime() + START_WITHIN.toNanos();
        while (!Files.readString(node.log).contains(leads)) {
            if (!node.process.isAlive() || System.nanoTime() > deadline) {
                throw new AssertionError("node " + id + " did not come to lead the desk; see " + node.log);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    /** True when a desk answers {@code GET /} on {@code port} within a second. */
    static boolean answers(int port) {
        try {
            HttpURLConnection c = (HttpURLConnection)
                    URI.create("http://127.0.0.1:" + port + "/").toURL().openConnection();
            c.setConnectTimeout(1000);
            c.setReadTimeout(1000);
            try {
                return c.getResponseCode() == 200;
            } finally {
                c.disconnect();
            }
        } catch (IOException e) {
            return false;
        }
    }

    public int size() {
        return nodes.size();
    }

    /** The port of node {@code i} (from 0). */
    public int port(int i) {
        return nodes.get(i).port;
    }

    /** The base URL of node {@code i}, for bots, agents and HTTP. */
    public String url(int i) {
        return "http://127.0.0.1:" + port(i);
    }

    public Path log(int i) {
        return nodes.get(i).log;
    }

    /** The process of node {@code i} (its pid, CPU time), while it runs. */
    public ProcessHandle process(int i) {
        return nodes.get(i).process.toHandle();
    }

    /** The names of the rig's schemas (dropped by {@link #close()}). */
    public List<String> schemaNames() {
        return schemas.stream().map(LocalPostgres.Schema::name).toList();
    }

    /** The prefix of the rig's Redis channels and keys, and of its leader's lock. */
    public String prefix() {
        return prefix;
    }

    /** kill -9 of node {@code i}: nothing of it runs any more. */
    public void kill(int i) {
        Process p = nodes.get(i).process;
        p.destroyForcibly();
        try {
            if (!p.waitFor(30, TimeUnit.SECONDS)) throw new AssertionError("node " + i + " outlived kill -9");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Starts node {@code i} again (after {@link #kill}) on its port and database; returns once it answers. */
    public void restart(int i) {
        Node node = nodes.get(i);
        if (node.process != null && node.process.isAlive()) throw new IllegalStateException("node " + i + " runs");
        try {
            launch(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        awaitAnswer(node);
    }

    /** Kills every node, drops the rig's schemas and deletes its Redis keys. */
    @Override
    public void close() {
        for (Node node : nodes) {
            if (node.process != null) node.process.destroyForcibly();
        }
        for (Node node : nodes) {
            try {
                if (node.process != null) node.process.waitFor(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        schemas.forEach(LocalPostgres.Schema::close);
        if (options.redis().equals(REDIS)) deleteKeys(prefix);
    }

    /** Deletes the keys under {@code prefix:} from the machine's Redis. */
    static void deleteKeys(String prefix) {
        RedisClient client = RedisClient.create(REDIS);
        try (StatefulRedisConnection<String, String> c = client.connect()) {
            List<String> keys = c.sync().keys(prefix + "*"); // and the per-node prefixes of EACH_ITS_OWN
            if (!keys.isEmpty()) c.sync().del(keys.toArray(String[]::new));
        } finally {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
    }

    /** The number of keys under {@code prefix:} in the machine's Redis. */
    static int keys(String prefix) {
        RedisClient client = RedisClient.create(REDIS);
        try (StatefulRedisConnection<String, String> c = client.connect()) {
            return c.sync().keys(prefix + ":*").size();
        } finally {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
    }
}
