package dev.handoff.cli;

import dev.handoff.desk.config.AgentConfig;
import dev.handoff.desk.config.DeskConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** What {@code desk} and {@code demo} say about the agents' console: where it is and, for the demo agents, how to sign in. */
final class ConsoleLines {
    /**
     * The documented passwords of the bundled {@code desk.yaml}'s demo agents (their hashes are in that
     * file; {@code AgentPasswordsTest} checks that they match). Shown only when the bundled config is used.
     */
    static final Map<String, String> DEMO_PASSWORDS = Map.of("thandi", "demo-thandi", "pieter", "demo-pieter");

    private ConsoleLines() {}

    /** The console's address on the desk's port. */
    static String url(DeskConfig config) {
        String host = config.host().contains(":") && !config.host().startsWith("[")
                ? "[" + config.host() + "]"
                : config.host();
        return (config.security().tls() == null ? "http" : "https") + "://" + host + ":" + config.port() + "/";
    }

    /** The lines to print: the console's address, then (bundled config) each demo agent's name and password. */
    static List<String> of(DeskConfig config, boolean bundled) {
        List<String> lines = new ArrayList<>();
        lines.add("The agents' console is at " + url(config) + " (open it in a browser and sign in).");
        if (config.cluster() != null) {
            lines.add("Cluster node " + config.nodeId().orElseThrow() + " (Redis "
                    + config.cluster().redactedRedis() + ", prefix "
                    + config.cluster().prefix()
                    + "): one desk with every node on the same database and prefix.");
        }
        if (!bundled) return lines;
        for (AgentConfig agent : config.agents()) {
            String password = DEMO_PASSWORDS.get(agent.name());
            if (password == null || agent.password() == null) continue;
            lines.add("Demo agent " + agent.name() + " (" + String.join(", ", agent.departments())
                    + ") signs in with the password " + password + ".");
        }
        return lines;
    }
}
