package dev.handoff.cli;

import com.google.inject.Guice;
import dev.handoff.desk.DeskModule;
import dev.handoff.desk.config.AgentConfig;
import dev.handoff.desk.config.DeskConfig;
import dev.handoff.desk.config.DeskConfigLoader;
import dev.handoff.desk.server.DeskService;
import dev.handoff.desk.server.DeskStartException;
import java.io.PrintStream;
import java.net.URI;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code handoff demo}: the whole system on one machine: the embedded desk, and a terminal chat with
 * the demo bot whose live agent is that desk. An agent joins from a second terminal.
 */
@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        description = {
            "Starts the embedded live-agent desk and a chat with the demo bot wired to it.",
            "It prints the agents' console's address with the demo agents' passwords, and how an agent joins"
                    + " from another terminal (handoff agent ...)."
        })
final class DemoCommand implements Callable<Integer> {

    @CommandLine.Mixin
    DeskOptions options = new DeskOptions();

    @Option(names = "--language", paramLabel = "CODE", description = "The user's language: en or zu (default: en).")
    String language;

    @Option(
            names = {"-v", "--verbose"},
            description = "Log at INFO on standard error (default: warnings only).")
    boolean verbose;

    @Override
    public Integer call() throws Exception {
        Logging.interactive(verbose);
        DeskConfig config = options.applyTo(DeskConfigLoader.bundled());
        DeskService desk = Guice.createInjector(new DeskModule(config)).getInstance(DeskService.class);
        try {
            desk.start();
        } catch (DeskStartException e) {
            System.err.println(DeskOptions.startFailure("demo", e, config));
            return 1;
        } catch (RuntimeException e) {
            System.err.println("handoff demo: " + e.getMessage());
            return 1;
        }
        try {
            URI url = URI.create("http://" + config.host() + ":" + config.port());
            introduce(config, url, System.out);
            return ChatCommand.chat(
                    new ChatCommand.Settings(Optional.empty(), Optional.of(url), "demo-" + UUID.randomUUID(), language),
                    System.in,
                    System.out);
        } finally {
            desk.stop();
        }
    }

    private static void introduce(DeskConfig config, URI url, PrintStream out) {
        out.println("system: The live-agent desk is running at " + url + " (data in " + config.dataDir() + ").");
        for (String line : ConsoleLines.of(config, true)) out.println("system: " + line);
        for (AgentConfig agent : config.agents()) {
            if (agent.token() == null) continue;
            out.println("system: Agent " + agent.name() + " (" + String.join(", ", agent.departments())
                    + ") joins from another terminal with: java -jar target/handoff.jar agent --name " + agent.name()
                    + " --token " + agent.token() + " --desk " + url);
        }
        out.println(
                "system: You are chatting with the demo bot. Try \"hello\", \"what are your opening hours\","
                        + " \"I want to talk to a human\". Type /bot to leave a live chat; end of input (Ctrl-D) ends the demo.");
        out.flush();
    }
}
