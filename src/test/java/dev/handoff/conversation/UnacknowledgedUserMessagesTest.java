package dev.handoff.conversation;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.inject.AbstractModule;
import dev.handoff.HandoffRuntime;
import dev.handoff.dialogue.Bot;
import dev.handoff.dialogue.ConversationScript;
import dev.handoff.dialogue.TestRuntime;
import dev.handoff.liveagent.TestLiveAgentServer;
import dev.handoff.liveagent.socketio.SocketIoLiveAgentClient;
import dev.handoff.liveagent.socketio.SocketIoSettings;
import dev.handoff.protocol.LiveAgentEvents;
import dev.handoff.routing.Conversations;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A user message the live agent's server has not acknowledged is stored with the turn that sent it, with its
 * id, and sent again with that id by the next process, so the server can take it once.
 */
class UnacknowledgedUserMessagesTest {
    private static final String BOT =
            """
            id: unacked-bot
            languages: [en]
            presets:
              human_handoff:
                live_agent_url: %s
                collect_contact: false
                departments:
                  - id: sales
                    label: {en: Sales}
            """;

    @TempDir
    Path data;

    private TestLiveAgentServer server;
    private HandoffRuntime runtime;
    private Bot bot;

    @BeforeEach
    void setUp() {
        server = TestLiveAgentServer.start().offerDelivery(true).withholdFromUserAcks(true);
    }

    @AfterEach
    void tearDown() {
        if (runtime != null) {
            runtime.close();
        }
        server.close();
    }

    private Conversations process() {
        if (runtime != null) {
            runtime.close();
        }
        var client = new SocketIoLiveAgentClient(
                SocketIoSettings.defaults().withReconnectionDelays(Duration.ofMillis(100), Duration.ofMillis(500)));
        runtime = TestRuntime.with(client, new AbstractModule() {
            @Override
            protected void configure() {
                install(new ConversationStoreModule(ConversationStoreSettings.inDirectory(data)));
            }
        });
        bot = runtime.bot(runtime.botLoader().loadOrThrow("unacked-bot.yaml", BOT.formatted(server.url())));
        return runtime.conversations();
    }

    @Test
    void aMessageNotYetAcknowledgedIsStoredWithItsTurnAndSentAgainWithItsIdAfterARestart() {
        var s = ConversationScript.open(process(), bot, "u1", "en")
                .send("agent")
                .expectButtons("Would you like to chat with one of our agents?", "Sales", "Continue with the bot")
                .pick("Sales")
                .expectBotContaining("Connecting you");
        server.awaitConversation("u1");
        s.expectSystem("You are now chatting with a live agent.");
        // the conversation's lock held: the session's own report of the message cannot be stored meanwhile
        StoredHandoff stored;
        synchronized (s.conversation()) {
            s.send("are you there?");
            try (var store = JdbcConversationStore.open(
                    ConversationStoreSettings.inDirectory(data).jdbcUrl())) {
                stored = store.load("unacked-bot", "u1", 0)
                        .orElseThrow()
                        .handoff()
                        .orElseThrow();
            }
        }
        assertThat(stored.unacknowledged())
                .extracting(StoredHandoff.UserMessage::text)
                .containsExactly("are you there?");
        String id = stored.unacknowledged().get(0).id();
        assertThat(server.awaitFromUser("u1", 1)).containsExactly("are you there?");

        process().resumeHandoffs(List.of(bot));

        assertThat(server.awaitFromUser("u1", 2)).containsExactly("are you there?", "are you there?");
        List<String> ids = server.awaitConnections(2).stream()
                .flatMap(c -> c.received().stream())
                .filter(r -> r.event().equals(LiveAgentEvents.FROM_USER))
                .map(r -> r.payload().path("id").asText())
                .toList();
        assertThat(ids).containsExactly(id, id);
    }
}
