package dev.handoff.cli;

import com.google.inject.Guice;
import dev.handoff.HandoffRuntime;
import dev.handoff.channel.ServedBot;
import dev.handoff.channel.web.ChannelModule;
import dev.handoff.channel.web.ChannelServer;
import dev.handoff.channel.web.ServerSettings;
import dev.handoff.desk.DeskModule;
import dev.handoff.desk.config.AgentConfig;
import dev.handoff.desk.config.DeskConfig;
import dev.handoff.desk.config.DeskConfigLoader;
import dev.handoff.desk.server.DeskService;
import dev.handoff.desk.server.DeskStartException;
import dev.handoff.liveagent.LiveAgentUrls;
import dev.handoff.metrics.MetricsSettings;
import java.io.PrintStream;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code handoff demo}: the whole system on one machine: the embedded desk with its agents' console, the users'
 * web chat with the demo bot (the bot server of {@code serve}), and a terminal chat with the same bot; the live
 * agent of both is that desk. An agent joins in the console or from a second terminal.
 */
@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        description = {
            "Starts the embedded live-agent desk, the users' web chat with the demo bot, and a terminal chat with"
                    + " the same bot; both hand off to that desk.",
            "It prints the agents' console's address with the demo agents' passwords, and how an agent joins"
                    + " from another terminal (handoff agent ...)."
        })
final class DemoCommand implements Callable<Integer> {

    @CommandLine.Mixin
    DeskOptions options = new DeskOptions();

    @Option(names = "--language", paramLabel = "CODE", description = "The user's language: en or zu (default: en).")
    String language;

    @Option(names = "--chat-port", paramLabel = "N", description = "The port of the users' web chat (default: 5006).")
    int chatPort = ServerSettings.DEFAULT_PORT;

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
        URI url = URI.create("http://" + config.host() + ":" + config.port());
        BotMetrics metrics = BotMetrics.of(MetricsSettings.defaults());
        List<com.google.inject.Module> infrastructure = new java.util.ArrayList<>(Runtimes.infrastructure());
        infrastructure.add(metrics.module());
        HandoffRuntime web =
                HandoffRuntime.create(infrastructure, ChatCommand.overrides(Optional.of(LiveAgentUrls.of(url))));
        ChannelServer chat;
        try {
            ServedBot bot = ServeCommand.served(web.bot(ChatCommand.load(web.botLoader(), Optional.empty())));
            chat = Guice.createInjector(
                            new ChannelModule(
                                    new ServerSettings(config.host(), chatPort, List.of()),
                                    web.conversations(),
                                    List.of(bot)),
                            metrics.module())
                    .getInstance(ChannelServer.class);
            chat.start();
        } catch (RuntimeException e) {
            System.err.println("handoff demo: the users' web chat cannot start: " + e.getMessage()
                    + " (choose another port with --chat-port)");
            web.close();
            metrics.close();
            desk.stop();
            return 1;
        }
        try {
            introduce(config, url, chat.url().toString(), System.out);
            return ChatCommand.chat(
                    new ChatCommand.Settings(
                            Optional.empty(),
                            Optional.of(LiveAgentUrls.of(url)),
                            "demo-" + UUID.randomUUID(),
                            language),
                    System.in,
                    System.out);
        } finally {
            chat.stop();
            web.close();
            metrics.close();
            desk.stop();
        }
    }

    private static void introduce(DeskConfig config, URI url, String chatUrl, PrintStream out) {
        out.println("system: The live-agent desk is running at " + url + " (data in " + config.dataDir() + ").");
        out.println("system: The users' web chat with the demo bot is at " + chatUrl
                + "/ (open it in a browser, ask for a human, and answer as an agent in the console); its metrics at "
                + chatUrl + MetricsSettings.DEFAULT_PATH + ".");
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
