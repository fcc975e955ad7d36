package dev.handoff.humanhandoff;

import static org.assertj.core.api.Assertions.assertThat;

import dev.handoff.HandoffRuntime;
import dev.handoff.desk.api.AgentEvents;
import dev.handoff.desk.config.DeskConfig;
import dev.handoff.desk.config.DeskConfigLoader;
import dev.handoff.desk.server.DeskService;
import dev.handoff.desk.support.Sockets;
import dev.handoff.desk.support.TestAgent;
import dev.handoff.desk.support.TestBot;
import dev.handoff.desk.support.TestDesks;
import dev.handoff.dialogue.Bot;
import dev.handoff.dialogue.ConversationScript;
import dev.handoff.dialogue.Reply;
import dev.handoff.dialogue.TestRuntime;
import dev.handoff.liveagent.TestLiveAgentServer;
import dev.handoff.liveagent.socketio.SocketIoLiveAgentClient;
import dev.handoff.liveagent.socketio.SocketIoSettings;
import dev.handoff.protocol.LiveAgentEvents;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Waiting is not chatting: against our desk (which reports its queue) the user hears their place in the
 * queue, then who joined; against a server that speaks PROTOCOL.md only, exactly what they heard before.
 */
class WaitingForAnAgentTest {

    /** The client's settings; a subclass runs every test here on another implementation. */
    SocketIoSettings settings() {
        return SocketIoSettings.defaults();
    }

    private static final String DESK = TestDesks.YAML.replace(
            "{name: ann, token: ann-token, departments: [sales], maxChats: 2,",
            "{name: ann, displayName: Thandi, token: ann-token, departments: [sales], maxChats: 1,");
    private static final String BOT =
            """
            id: waiting-bot
            languages: [en, zu]
            presets:
              human_handoff:
                live_agent_url: %s
                collect_contact: false
                departments:
                  - id: sales
                    label: {en: Sales, zu: Ukuthengisa}
            """;

    @TempDir
    Path data;

    private SocketIoLiveAgentClient client;
    private HandoffRuntime runtime;

    @BeforeEach
    void setUp() {
        client = new SocketIoLiveAgentClient(
                settings().withReconnectionDelays(Duration.ofMillis(100), Duration.ofMillis(500)));
        runtime = TestRuntime.with(client, com.google.inject.util.Modules.EMPTY_MODULE);
    }

    @AfterEach
    void tearDown() {
        runtime.close();
    }

    private Bot bot(URI liveAgentUrl) {
        return runtime.bot(runtime.botLoader().loadOrThrow("waiting-bot.yaml", BOT.formatted(liveAgentUrl)));
    }

    private static ConversationScript handOff(Bot bot, HandoffRuntime runtime, String id, String language) {
        return ConversationScript.open(runtime.conversations(), bot, id, language)
                .send("en".equals(language) ? "agent" : "umenzeli")
                .expectButtons(
                        "en".equals(language)
                                ? "Would you like to chat with one of our agents?"
                                : "Ungathanda ukuxoxa nomunye wabenzeli bethu?",
                        "en".equals(language) ? "Sales" : "Ukuthengisa",
                        "en".equals(language) ? "Continue with the bot" : "Qhubeka ne-bot")
                .send("1")
                .expectBotContaining("/bot");
    }

    @Test
    void theUserHearsTheirPlaceInTheQueueThenWhoJoinedAndNeverThatTheyAreChattingWhileTheyWait() {
        DeskConfig config =
                DeskConfigLoader.parse(DESK, "waiting desk").withDataDir(data).withPort(Sockets.freePort());
        DeskService desk = TestDesks.start(config);
        String url = TestDesks.url(config);
        try (TestBot ahead = TestBot.connect(url, "conv-ahead", Map.of("department", "sales"), List.of())) {
            ahead.events.await(LiveAgentEvents.MESSAGES);
            var s = handOff(bot(URI.create(url)), runtime, "conv-user", "en")
                    .expectSystem(
                            "You are waiting for an agent (position 2). Type /bot at any time to go back to"
                                    + " the bot.",
                            Reply.HandoffProgress.waiting(2))
                    .expectState(HandoffState.WITH_AGENT);
            try (TestAgent ann = TestAgent.signIn(url, "ann", "ann-token")) {
                String aheadChat = ann.nextAssigned();
                s.expectSystemContaining("waiting for an agent (position 1)");
                ann.emit(AgentEvents.RESOLVE, "chatId", aheadChat);
                s.expectSystem("Thandi joined the chat.", Reply.HandoffProgress.joined("Thandi"));
                String mine = ann.nextAssigned();
                ann.emit(AgentEvents.SEND, "chatId", mine, "text", "Sawubona, I am Thandi");
                s.expectAgent("Sawubona, I am Thandi");
            }
            assertThat(s.everything())
                    .doesNotContain(new Reply.SystemNotice("You are now chatting with a live agent."));
        } finally {
            desk.stop();
        }
    }

    @Test
    void theWaitingAndJoinedTextsAreInTheUsersLanguage() {
        DeskConfig config =
                DeskConfigLoader.parse(DESK, "waiting desk").withDataDir(data).withPort(Sockets.freePort());
        DeskService desk = TestDesks.start(config);
        String url = TestDesks.url(config);
        try {
            var s = handOff(bot(URI.create(url)), runtime, "conv-zu", "zu")
                    .expectSystemContaining("(indawo yakho emgqeni: 1)");
            try (TestAgent ann = TestAgent.signIn(url, "ann", "ann-token")) {
                ann.nextAssigned();
                s.expectSystem("U-Thandi ujoyine ingxoxo.", Reply.HandoffProgress.joined("Thandi"));
            }
        } finally {
            desk.stop();
        }
    }

    @Test
    void aServerThatDoesNotOfferNoticesIsToldNothingNewAndItsNoticesAreIgnored() {
        try (TestLiveAgentServer seedLike = TestLiveAgentServer.start()) {
            var s = handOff(bot(seedLike.url()), runtime, "conv-seed", "en");
            var connection = seedLike.awaitConversation("conv-seed");
            s.expectSystem("You are now chatting with a live agent.");
            assertThat(connection.first(LiveAgentEvents.USERNAME).has("notices"))
                    .isFalse();

            seedLike.emit("conv-seed", LiveAgentEvents.QUEUE_POSITION, Map.of("position", 3, "department", "sales"));
            seedLike.emit("conv-seed", LiveAgentEvents.AGENT_JOINED, Map.of("agent", "Mallory"));
            seedLike.emitToUser("conv-seed", "hello from the seed's desk");
            s.expectAgent("hello from the seed's desk").expectNoReply();
        }
    }
}
