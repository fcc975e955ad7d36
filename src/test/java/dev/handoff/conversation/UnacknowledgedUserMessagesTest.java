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

    @Test
    void aUserMessageLeavesForTheLiveAgentOnlyOnceItsTurnIsStored() {
        List<String> events = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        var client = new SocketIoLiveAgentClient(SocketIoSettings.defaults());
        dev.handoff.liveagent.LiveAgentClient recording = new dev.handoff.liveagent.LiveAgentClient() {
            @Override
            public dev.handoff.liveagent.LiveAgentSession open(
                    dev.handoff.liveagent.HandoffRequest request, dev.handoff.liveagent.LiveAgentListener listener) {
                var session = client.open(request, listener);
                return new dev.handoff.liveagent.LiveAgentSession() {
                    @Override
                    public void send(String userMessage) {
                        events.add("sent " + userMessage);
                        session.send(userMessage);
                    }

                    @Override
                    public String sendWithId(String userMessage) {
                        events.add("sent " + userMessage);
                        return session.sendWithId(userMessage);
                    }

                    @Override
                    public Outgoing prepare(String userMessage) {
                        Outgoing out = session.prepare(userMessage);
                        return new Outgoing(out.id(), () -> {
                            events.add("sent " + userMessage);
                            out.send();
                        });
                    }

                    @Override
                    public boolean reportsQueue() {
                        return session.reportsQueue();
                    }

                    @Override
                    public void close() {
                        session.close();
                    }
                };
            }

            @Override
            public void close() {
                client.close();
            }
        };
        ConversationStore jdbc = JdbcConversationStore.open(
                ConversationStoreSettings.inDirectory(data).jdbcUrl());
        ConversationStore store = new ConversationStore() {
            @Override
            public java.util.Optional<StoredConversation> load(String botId, String conversationId, int lines) {
                return jdbc.load(botId, conversationId, lines);
            }

            @Override
            public void write(ConversationWrite write) {
                jdbc.write(write);
                write.lines().forEach(l -> events.add("stored " + l.text()));
            }

            @Override
            public List<StoredLine> transcript(String botId, String conversationId, int limit) {
                return jdbc.transcript(botId, conversationId, limit);
            }

            @Override
            public List<Key> liveHandoffs() {
                return jdbc.liveHandoffs();
            }

            @Override
            public void close() {
                jdbc.close();
            }
        };
        runtime = TestRuntime.with(recording, new AbstractModule() {
            @Override
            protected void configure() {
                bind(ConversationStore.class).toInstance(store);
            }
        });
        bot = runtime.bot(runtime.botLoader().loadOrThrow("unacked-bot.yaml", BOT.formatted(server.url())));
        var s = ConversationScript.open(runtime.conversations(), bot, "u2", "en")
                .send("agent")
                .expectButtons("Would you like to chat with one of our agents?", "Sales", "Continue with the bot")
                .pick("Sales")
                .expectBotContaining("Connecting you");
        server.awaitConversation("u2");
        s.expectSystem("You are now chatting with a live agent.");

        s.send("is my order on its way?");

        assertThat(server.awaitFromUser("u2", 1)).containsExactly("is my order on its way?");
        assertThat(events)
                .filteredOn(e -> e.endsWith("is my order on its way?"))
                .containsExactly("stored is my order on its way?", "sent is my order on its way?");
    }
}
