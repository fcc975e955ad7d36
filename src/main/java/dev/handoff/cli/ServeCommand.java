package dev.handoff.cli;

import com.google.inject.Guice;
import com.google.inject.Module;
import dev.handoff.HandoffRuntime;
import dev.handoff.channel.ServedBot;
import dev.handoff.channel.web.ChannelModule;
import dev.handoff.channel.web.ChannelServer;
import dev.handoff.channel.web.ServerSettings;
import dev.handoff.conversation.ConversationStoreException;
import dev.handoff.conversation.ConversationStoreModule;
import dev.handoff.conversation.ConversationStoreSettings;
import dev.handoff.dialogue.Bot;
import dev.handoff.humanhandoff.HandoffSettings;
import dev.handoff.liveagent.LiveAgentUrls;
import dev.handoff.metrics.MetricsSettings;
import dev.handoff.preset.PresetException;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code handoff serve}: runs bots for users on the web, on one port: the web chat at {@code /}, the widget
 * at {@code /widget.js}, Rasa's Socket.IO and REST channels. Conversations are stored ({@code --store}, by
 * default an H2 database in {@value #DEFAULT_STORE}): Ctrl-C leaves them as stored, handoffs open on the desk,
 * and the next start resumes the handoffs and lets users go on with their session ids. With {@code --no-store},
 * Ctrl-C closes the conversations (and their live-agent connections).
 */
@Command(
        name = "serve",
        mixinStandardHelpOptions = true,
        description = {
            "Serves bots to users: a web chat at /, an embeddable /widget.js, Rasa's socketio channel at /socket.io/"
                    + " and Rasa's REST channel at /webhooks/rest/webhook, all on one port.",
            "The first --bot is the default; a client picks another by its id. Ctrl-C stops it cleanly."
        })
final class ServeCommand implements Callable<Integer> {

    @Option(
            names = "--bot",
            paramLabel = "FILE",
            description = "A bot's YAML file; repeat for several (default: the bundled demo bot).")
    List<Path> bots = new ArrayList<>();

    @Option(names = "--port", paramLabel = "N", description = "The port (default: 5006).")
    int port = ServerSettings.DEFAULT_PORT;

    @Option(names = "--host", paramLabel = "H", description = "The address to listen on (default: 127.0.0.1).")
    String host = ServerSettings.DEFAULT_HOST;

    @Option(
            names = "--allow-origin",
            paramLabel = "URL",
            description = "An origin (https://shop.example) whose pages may embed the widget or call the channels;"
                    + " repeatable. The server's own origin always may.")
    List<String> allowOrigins = new ArrayList<>();

    @Option(
            names = "--live-agent",
            paramLabel = "URL",
            description = "The live-agent server's URL, over each bot's human_handoff live_agent_url; repeat it for"
                    + " each node of a desk (up to 16, tried in order, the next one after a failure).")
    List<URI> liveAgents = new ArrayList<>();

    @Option(
            names = "--store",
            paramLabel = "DIR|JDBC_URL",
            description = "Where conversations are stored, so that a restarted server goes on with them (handoffs"
                    + " included): an H2 database in DIR, or a JDBC URL (jdbc:postgresql://...)."
                    + " Default: " + DEFAULT_STORE + ".")
    String store;

    @Option(
            names = "--no-store",
            description = "Keep conversations in memory only: a restart loses them, and ends their handoffs.")
    boolean noStore;

    /** The default store's directory: next to the desk's default data directory, {@code handoff-data}. */
    static final String DEFAULT_STORE = "handoff-data/conversations";

    @Option(
            names = "--metrics-path",
            paramLabel = "PATH",
            description = "Where Prometheus scrapes the server's metrics (default: /metrics).")
    String metricsPath;

    @Option(
            names = "--metrics-token-file",
            paramLabel = "FILE",
            description = "A file holding the bearer token a scraper must present (default: none, the endpoint is"
                    + " open). The token is never logged.")
    Path metricsTokenFile;

    @Option(names = "--no-metrics", description = "Serve no metrics endpoint.")
    boolean noMetrics;

    @Option(
            names = {"-v", "--verbose"},
            description = "Log at INFO on standard error (default: warnings only).")
    boolean verbose;

    private final CountDownLatch stopped = new CountDownLatch(1);
    private BotMetrics metrics;
    private boolean closed;

    @Override
    public Integer call() throws Exception {
        Logging.interactive(verbose);
        ServerSettings settings;
        try {
            settings = new ServerSettings(host, port, allowOrigins);
        } catch (IllegalArgumentException e) {
            System.err.println("handoff serve: " + e.getMessage());
            return 2;
        }
        MetricsSettings metricsSettings;
        try {
            metricsSettings = BotMetrics.settings(noMetrics, metricsPath, metricsTokenFile);
        } catch (IllegalArgumentException e) {
            System.err.println("handoff serve: " + e.getMessage());
            return 2;
        }
        Optional<LiveAgentUrls> liveAgent;
        try {
            liveAgent = ChatCommand.liveAgentUrls(liveAgents);
        } catch (IllegalArgumentException e) {
            System.err.println("handoff serve: --live-agent: " + e.getMessage());
            return 2;
        }
        if (noStore && store != null) {
            System.err.println("handoff serve: --store and --no-store exclude each other");
            return 2;
        }
        List<Module> infrastructure = new ArrayList<>(Runtimes.infrastructure());
        Optional<ConversationStoreSettings> stored;
        try {
            stored = noStore
                    ? Optional.empty()
                    : Optional.of(ConversationStoreSettings.of(store == null ? DEFAULT_STORE : store));
        } catch (IllegalArgumentException e) {
            System.err.println("handoff serve: " + e.getMessage());
            return 2;
        }
        stored.ifPresent(s -> infrastructure.add(new ConversationStoreModule(s)));
        BotMetrics metrics = BotMetrics.of(metricsSettings);
        infrastructure.add(metrics.module());
        this.metrics = metrics;
        HandoffRuntime runtime = HandoffRuntime.create(infrastructure, ChatCommand.overrides(liveAgent));
        List<ServedBot> served = new ArrayList<>();
        try {
            List<Optional<Path>> files = new ArrayList<>();
            if (bots.isEmpty()) files.add(Optional.empty());
            for (Path file : bots) files.add(Optional.of(file));
            for (Optional<Path> file : files)
                served.add(served(runtime.bot(ChatCommand.load(runtime.botLoader(), file))));
        } catch (PresetException e) {
            System.err.println(e.getMessage());
            runtime.close();
            return 1;
        }
        int resumed;
        try {
            resumed = runtime.conversations()
                    .resumeHandoffs(served.stream().map(ServedBot::bot).toList());
        } catch (ConversationStoreException e) {
            System.err.println("handoff serve: " + e.getMessage());
            runtime.close();
            return 1;
        }
        ChannelServer server;
        try {
            server = Guice.createInjector(
                            new ChannelModule(settings, runtime.conversations(), served), metrics.module())
                    .getInstance(ChannelServer.class);
            server.start();
        } catch (RuntimeException e) {
            System.err.println("handoff serve: " + e.getMessage());
            runtime.close();
            return 1;
        }
        System.out.println("handoff serve: the chat is at " + server.url() + "/ (bots: "
                + String.join(", ", server.sessions().bots().keySet()) + "); embed it with <script src=\""
                + server.url() + "/widget.js\" defer></script>; "
                + stored.map(s -> "conversations stored in " + storeShown() + ", " + resumed + " handoff(s) resumed")
                        .orElse("conversations in memory only")
                + (metricsSettings.enabled()
                        ? "; metrics at " + server.url() + metricsSettings.path()
                                + (metricsSettings.token() == null ? "" : " (bearer token)")
                        : "")
                + "; Ctrl-C stops it");
        System.out.flush();
        Thread hook = new Thread(
                () -> {
                    stop(server, runtime);
                    stopped.countDown();
                },
                "serve-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            stop(server, runtime);
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running: it stops the server
            }
        }
        return 0;
    }

    /** Where conversations are stored, for the banner: the directory, never a JDBC URL (it may hold a password). */
    private String storeShown() {
        if (store == null) return DEFAULT_STORE;
        return store.startsWith("jdbc:") ? "the database of --store" : store;
    }

    private synchronized void stop(ChannelServer server, HandoffRuntime runtime) {
        if (closed) return;
        closed = true;
        server.stop();
        runtime.close();
        if (metrics != null) metrics.close();
    }

    /** The bot with the longest message its channels take: its handoff's {@code max_message_length}, else the default. */
    static ServedBot served(Bot bot) {
        int max = bot.definition()
                .settings(HandoffSettings.class)
                .map(HandoffSettings::maxMessageLength)
                .orElse(ServedBot.DEFAULT_MAX_MESSAGE_LENGTH);
        return new ServedBot(bot, max);
    }
}
