package dev.handoff.cli;

import dev.handoff.desk.config.DeskConfig;
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
