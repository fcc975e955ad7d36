package dev.handoff.cli;

import com.google.inject.AbstractModule;
import com.google.inject.Module;
import com.google.inject.util.Modules;
import dev.handoff.HandoffRuntime;
import dev.handoff.conversation.ConversationStoreException;
import dev.handoff.conversation.ConversationStoreModule;
import dev.handoff.conversation.ConversationStoreSettings;
import dev.handoff.conversation.StoredLine;
import dev.handoff.dialogue.Bot;
import dev.handoff.dialogue.Reply;
import dev.handoff.dialogue.UserChannel;
import dev.handoff.humanhandoff.HandoffOverrides;
import dev.handoff.liveagent.LiveAgentUrls;
import dev.handoff.preset.BotLoader;
import dev.handoff.preset.PresetException;
import dev.handoff.routing.Conversations;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code handoff chat}: a conversation with a bot on the terminal. One user message per input line;
 * every message for the user is one output line ({@code bot:}, {@code agent:}, {@code system:}).
 */
@Command(
        name = "chat",
        mixinStandardHelpOptions = true,
        description = {
            "Chats with a bot on the terminal, handing off to a live agent when asked.",
            "One message per line on standard input; replies on standard output as 'bot: TEXT',",
            "'agent: TEXT' or 'system: TEXT', a menu's options as '  1) LABEL' lines.",
            "Answer a menu with the option's number or label. End of input ends the chat.",
            "With --store, the conversation is stored: end of input (or a killed process) leaves it,",
            "and the same --conversation-id with the same --store shows its history and goes on,",
            "with the live agent too."
        })
final class ChatCommand implements Callable<Integer> {
    static final String DEMO_BOT = "bots/demo.yaml";

    @Option(names = "--bot", paramLabel = "FILE", description = "The bot's YAML file (default: the bundled demo bot).")
    Path bot;

    @Option(
            names = "--live-agent",
            paramLabel = "URL",
            description = "The live-agent server's URL, over the bot's human_handoff live_agent_url; repeat it for"
                    + " each node of a desk (up to 16, tried in order, the next one after a failure).")
    List<URI> liveAgents = new ArrayList<>();

    @Option(
            names = "--conversation-id",
            paramLabel = "ID",
            description = "The conversation's id (default: a random UUID).")
    String conversationId;

    @Option(names = "--language", paramLabel = "CODE", description = "The user's language (default: the bot's first).")
    String language;

    @Option(
            names = "--store",
            paramLabel = "DIR|URL",
            description = "Store the conversation: an H2 database in DIR, or a JDBC URL (jdbc:postgresql://...)."
                    + " Default: not stored.")
    String store;

    @Option(
            names = {"-v", "--verbose"},
            description = "Log at INFO on standard error (default: warnings only).")
    boolean verbose;

    @Override
    public Integer call() throws IOException {
        Logging.interactive(verbose);
        Optional<LiveAgentUrls> liveAgent;
        try {
            liveAgent = liveAgentUrls(liveAgents);
        } catch (IllegalArgumentException e) {
            System.err.println("handoff chat: --live-agent: " + e.getMessage());
            return 2;
        }
        return chat(
                new Settings(
                        Optional.ofNullable(bot),
                        liveAgent,
                        conversationId == null ? UUID.randomUUID().toString() : conversationId,
                        language,
                        Optional.ofNullable(store).map(ConversationStoreSettings::of)),
                System.in,
                System.out);
    }

    /** What one chat needs. */
    record Settings(
            Optional<Path> bot,
            Optional<LiveAgentUrls> liveAgent,
            String conversationId,
            String language,
            Optional<ConversationStoreSettings> store) {

        /** Not stored. */
        Settings(Optional<Path> bot, Optional<LiveAgentUrls> liveAgent, String conversationId, String language) {
            this(bot, liveAgent, conversationId, language, Optional.empty());
        }
    }

    /** How many lines of a stored conversation's history are shown when it is taken up again. */
    static final int HISTORY_LINES = 50;

    static int chat(Settings settings, InputStream in, PrintStream out) throws IOException {
        List<Module> infrastructure = new ArrayList<>(Runtimes.infrastructure());
        settings.store().ifPresent(s -> infrastructure.add(new ConversationStoreModule(s)));
        try (HandoffRuntime runtime = HandoffRuntime.create(infrastructure, overrides(settings.liveAgent()))) {
            Bot bot;
            try {
                bot = runtime.bot(load(runtime.botLoader(), settings.bot()));
            } catch (PresetException e) {
                System.err.println(e.getMessage());
                return 1;
            }
            Conversations conversations;
            List<StoredLine> history;
            var console = new HistoryFirst(new ConsoleChannel(out));
            try {
                conversations = runtime.conversations();
                history = conversations
                        .openWithHistory(settings.conversationId(), bot, settings.language(), console, HISTORY_LINES)
                        .history();
            } catch (IllegalArgumentException e) {
                System.err.println("handoff chat: " + e.getMessage());
                return 2;
            } catch (ConversationStoreException e) {
                System.err.println("handoff chat: " + e.getMessage());
                return 1;
            }
            showHistory(history, out);
            console.release();
            var reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line;
            while ((line = reader.readLine()) != null) {
                if (!line.isBlank()) {
                    conversations.send(settings.conversationId(), line.strip());
                }
            }
            if (!conversations.stored()) {
                conversations.close(settings.conversationId());
            } // else: left as stored, for the next chat with this id
            return 0;
        }
    }

    /** Holds replies back until the history is printed, so the console shows them after it, in order. */
    private static final class HistoryFirst implements UserChannel {
        private final UserChannel console;
        private List<Reply> held = new ArrayList<>();

        HistoryFirst(UserChannel console) {
            this.console = console;
        }

        @Override
        public synchronized void deliver(String conversationId, Reply reply) {
            if (held != null) {
                held.add(reply);
            } else {
                console.deliver(conversationId, reply);
            }
        }

        synchronized void release() {
            List<Reply> replies = held;
            held = null;
            replies.forEach(r -> console.deliver("", r));
        }
    }

    /** A stored conversation's history, as the console showed it, user lines as {@code you: TEXT}. */
    static void showHistory(List<StoredLine> lines, PrintStream out) {
        for (StoredLine line : lines) {
            String text = line.text().replace("\r\n", " ").replace('\n', ' ').replace('\r', ' ');
            out.println(
                    switch (line.sender()) {
                        case USER -> "you: " + text;
                        case BOT -> "bot: " + text;
                        case AGENT -> "agent: " + text;
                        case SYSTEM -> "system: " + text;
                    });
            for (int i = 0; i < line.options().size(); i++) {
                out.println("  " + (i + 1) + ") " + line.options().get(i));
            }
        }
        out.flush();
    }

    /**
     * The URLs of {@code --live-agent}, given once per URL ({@link Optional#empty()} when none is given: the bots'
     * own {@code live_agent_url}).
     *
     * @throws IllegalArgumentException with more than {@value LiveAgentUrls#MAX} URLs or one URL twice
     */
    static Optional<LiveAgentUrls> liveAgentUrls(List<URI> given) {
        return given.isEmpty() ? Optional.empty() : Optional.of(new LiveAgentUrls(given));
    }

    static Module overrides(Optional<LiveAgentUrls> liveAgent) {
        if (liveAgent.isEmpty()) {
            return Modules.EMPTY_MODULE;
        }
        return new AbstractModule() {
            @Override
            protected void configure() {
                bind(HandoffOverrides.class).toInstance(new HandoffOverrides(liveAgent));
            }
        };
    }

    static dev.handoff.preset.BotDef load(BotLoader loader, Optional<Path> file) throws IOException {
        if (file.isPresent()) {
            return loader.loadOrThrow(file.get());
        }
        try (InputStream demo = ChatCommand.class.getClassLoader().getResourceAsStream(DEMO_BOT)) {
            if (demo == null) {
                throw new IOException("the bundled demo bot " + DEMO_BOT + " is missing from the jar");
            }
            BotLoader.Result result = loader.load(DEMO_BOT, demo.readAllBytes());
            result.problems().throwIfErrors(PresetException::new);
            return result.bot().orElseThrow();
        }
    }
}
