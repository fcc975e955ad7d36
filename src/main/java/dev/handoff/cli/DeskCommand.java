package dev.handoff.cli;

import com.google.inject.Guice;
import dev.handoff.desk.DeskModule;
import dev.handoff.desk.config.ClusterConfig;
import dev.handoff.desk.config.DeskConfig;
import dev.handoff.desk.config.DeskConfigException;
import dev.handoff.desk.config.DeskConfigLoader;
import dev.handoff.desk.server.DeskService;
import dev.handoff.desk.server.DeskStartException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code handoff desk}: runs the embedded live-agent desk until interrupted (Ctrl-C). */
@Command(
        name = "desk",
        mixinStandardHelpOptions = true,
        subcommands = {HashPasswordCommand.class, ReportCommand.class},
        description = {
            "Runs the embedded live-agent desk: bots connect to /live_agent, agents to /agents, and the agents'"
                    + " console is served at /.",
            "Without --config, the bundled desk.yaml is used (demo agents thandi and pieter, departments sales and support)."
        })
public final class DeskCommand implements Callable<Integer> {
    @Option(names = "--config", paramLabel = "FILE", description = "desk YAML config (default: the bundled desk.yaml)")
    Path config;

    @CommandLine.Mixin
    DeskOptions options = new DeskOptions();

    @Option(
            names = "--db",
            paramLabel = "JDBC_URL",
            description = "a JDBC URL instead of H2, e.g. jdbc:postgresql://127.0.0.1:5432/handoff?user=handoff")
    String db;

    @Option(
            names = "--redis",
            paramLabel = "URL",
            description = "cluster mode: the Redis URL every node shares, e.g. redis://127.0.0.1:6379/0 (needs a"
                    + " PostgreSQL --db or db in the config); overrides cluster.redis")
    String redis;

    @Option(
            names = "--node",
            paramLabel = "ID",
            description = "cluster mode: this node's id, unique in the cluster (default: host:port)")
    String node;

    private final CountDownLatch stopped = new CountDownLatch(1);

    /** {@code --db}, {@code --redis} and {@code --node} over the config; a cluster without PostgreSQL is refused. */
    private DeskConfig clusterFlags(DeskConfig config) {
        DeskConfig desk = config;
        if (db != null) desk = desk.withDb(db);
        if (redis != null) {
            ClusterConfig cluster = desk.cluster();
            desk = desk.withCluster(cluster == null ? new ClusterConfig(redis, null, null) : cluster.withRedis(redis));
        }
        if (node != null) {
            if (desk.cluster() == null) {
                throw new DeskConfigException(
                        "--node is for cluster mode: give --redis URL or 'cluster' in the config");
            }
            desk = desk.withCluster(desk.cluster().withNode(node));
        }
        return desk;
    }

    @Override
    public Integer call() throws Exception {
        DeskConfig desk;
        try {
            desk = config == null ? DeskConfigLoader.bundled() : DeskConfigLoader.load(config);
        } catch (DeskConfigException e) {
            // every problem of the file, one per line with its location and code, then the count
            System.err.println("handoff desk: the configuration cannot be used:");
            System.err.println(e.getMessage());
            return 2;
        }
        try {
            desk = clusterFlags(options.applyTo(desk));
        } catch (DeskConfigException e) {
            System.err.println("handoff desk: " + e.getMessage());
            return 2;
        }
        DeskService service = Guice.createInjector(new DeskModule(desk)).getInstance(DeskService.class);
        try {
            service.start();
        } catch (DeskStartException e) {
            System.err.println(DeskOptions.startFailure("desk", e, desk));
            return 1;
        } catch (RuntimeException e) {
            System.err.println("handoff desk: " + e.getMessage());
            return 1;
        }
        for (String line : ConsoleLines.of(desk, config == null)) System.out.println("handoff desk: " + line);
        System.out.flush();
        Thread hook = new Thread(
                () -> {
                    service.stop();
                    stopped.countDown();
                },
                "desk-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            service.stop();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running: it stops the desk
            }
        }
        return 0;
    }
}
