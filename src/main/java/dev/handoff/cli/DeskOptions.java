package dev.handoff.cli;

import dev.handoff.desk.config.DeskConfig;
import dev.handoff.desk.server.DeskStartException;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The desk options {@code desk} and {@code demo} share, and how they change a desk's config. */
final class DeskOptions {
    @Option(names = "--port", paramLabel = "N", description = "port to listen on (default: the config's, 5005)")
    Integer port;

    @Option(
            names = "--data",
            paramLabel = "DIR",
            description = "data directory for the H2 database (default: the config's, handoff-data)")
    Path data;

    /** The one line {@code desk} and {@code demo} print when the desk cannot start: the problem, then the fix. */
    static String startFailure(String command, DeskStartException e, DeskConfig config) {
        String fix =
                switch (e.problem()) {
                    case PORT_IN_USE -> "stop what listens there, or choose another port with --port N";
                    case CANNOT_LISTEN -> "check 'host' in the config and --port";
                    case DATABASE_IN_USE -> config.db() == null
                            ? "another desk runs on " + config.dataDir() + ": stop it, or choose another"
                                    + " directory with --data DIR"
                            : "stop the other process that holds it";
                    case DATABASE_UNREACHABLE -> "check that the database server runs and that the --db URL (or 'db' in the config) is"
                            + " right; without one the desk uses H2 under --data";
                    case DATABASE_FAILED -> "check the --db URL (or 'db' in the config), the user and its rights";
                    case TLS_UNUSABLE -> "check security.tls in the config: a PEM certificate chain and its"
                            + " unencrypted PEM PKCS#8 key";
                    case CLUSTER_UNREACHABLE -> "check that Redis runs and that --redis (or cluster.redis in the"
                            + " config) is right";
                };
        return "handoff " + command + ": " + e.getMessage() + "; " + fix;
    }

    DeskConfig applyTo(DeskConfig config) {
        DeskConfig result = config;
        if (port != null) {
            result = result.withPort(port);
        }
        if (data != null) {
            result = result.withDataDir(data);
        }
        return result;
    }
}
