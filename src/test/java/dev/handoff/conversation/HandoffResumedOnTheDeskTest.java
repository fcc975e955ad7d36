package dev.handoff.conversation;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.inject.AbstractModule;
import dev.handoff.HandoffRuntime;
import dev.handoff.conversation.StoredLine.Sender;
import dev.handoff.desk.api.AgentEvents;
import dev.handoff.desk.config.DeskConfig;
import dev.handoff.desk.server.DeskService;
import dev.handoff.desk.support.TestAgent;
import dev.handoff.desk.support.TestDesks;
import dev.handoff.dialogue.Bot;
import dev.handoff.dialogue.ConversationScript;
import dev.handoff.dialogue.Reply;
import dev.handoff.dialogue.TestRuntime;
import dev.handoff.dialogue.UserChannel;
import dev.handoff.humanhandoff.Handoff;
import dev.handoff.humanhandoff.HandoffState;
import dev.handoff.liveagent.socketio.SocketIoLiveAgentClient;
import dev.handoff.liveagent.socketio.SocketIoSettings;
import dev.handoff.routing.Conversations;
import dev.handoff.routing.Route;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real thing in one JVM: a bot process (a {@link HandoffRuntime} with the store) hands a conversation to
 * the real desk, where a real agent chats; the process stops mid-handoff, the agent writes meanwhile, and the
 * next process on the same store resumes the same chat on the desk with nothing lost or doubled.
 */
class HandoffResumedOnTheDeskTest {
    private static final String BOT =
            """
            id: resume-bot
            languages: [en]
            presets:
              human_handoff:
                live_agent_url: %s
                collect_contact: false
                connect_timeout_seconds: 10
                reconnect_timeout_seconds: 20
                departments:
                  - id: sales
                    label: {en: Sales}
            intents:
              greet:
                en: [hi]
            responses:
              hello: {en: Hello!}
            streams:
              greeting:
                trigger: greet
                steps:
                  - say: hello
            """;

    @TempDir
    Path data;

    private DeskConfig config;
    private DeskService desk;
    private TestAgent ann;
    private HandoffRuntime runtime;
    private Bot bot;

    @BeforeEach
    void setUp() {
        config = TestDesks.config(data.resolve("desk"));
        desk = TestDesks.start(config);
        ann = TestAgent.signIn(TestDesks.url(config), "ann", "ann-token");
    }

    @AfterEach
    void tearDown() {
        if (runtime != null) {
            runtime.close();
        }
        ann.close();
        desk.stop();
    }

    /** A bot process on the store (the previous one stopped first, as a SIGTERM would). */
    private Conversations process() {
        if (runtime != null) {
            runtime.close();
        }
        var client = new SocketIoLiveAgentClient(
                SocketIoSettings.defaults().withReconnectionDelays(Duration.ofMillis(100), Duration.ofMillis(500)));
        runtime = TestRuntime.with(client, new AbstractModule() {
            @Override
            protected void configure() {
                install(new ConversationStoreModule(ConversationStoreSettings.inDirectory(data.resolve("bot"))));
            }
        });
        bot = runtime.bot(runtime.botLoader().loadOrThrow("resume-bot.yaml", BOT.formatted(TestDesks.url(config))));
        return runtime.conversations();
    }

    /** A chat with ann: handed off, one message each way. Returns the desk's chat id. */
    private String chatWithAnn(String id) {
        var s = ConversationScript.open(process(), bot, id, "en")
                .send("hi")
                .expectBot("Hello!")
                .send("agent")
                .expectButtons("Would you like to chat with one of our agents?", "Sales", "Continue with the bot")
                .pick("Sales")
                .expectBotContaining("Connecting you")
                .expectSystemAfterWaiting("ann joined the chat.");
        String chatId = ann.nextAssigned();
        ann.emit(AgentEvents.SEND, "chatId", chatId, "text", "Hello, I am Ann");
        s.expectAgent("Hello, I am Ann");
        s.send("question one").expectRouted(Route.LIVE_AGENT);
        ann.awaitUserMessage(chatId, "question one");
        return chatId;
    }

    @Test
    void aBotProcessRestartedMidHandoffResumesTheSameChatAndLosesOrDoublesNothing() {
        String chatId = chatWithAnn("r1");

        Conversations next = process(); // the old process stopped; its connection to the desk is gone
        ann.emit(AgentEvents.SEND, "chatId", chatId, "text", "Written while you were away");
        assertThat(next.resumeHandoffs(List.of(bot))).isEqualTo(1);
        await(() -> next.transcript("r1", 50).stream().anyMatch(l -> l.text().equals("Written while you were away")));

        var user = new Collecting();
        var opened = next.openWithHistory("r1", bot, "en", user, 50);
        assertThat(opened.history())
                .filteredOn(l -> l.sender() == Sender.AGENT)
                .extracting(StoredLine::text)
                .containsExactly("Hello, I am Ann", "Written while you were away");
        assertThat(opened.history())
                .filteredOn(l -> l.sender() == Sender.USER)
                .extracting(StoredLine::text)
                .containsExactly("hi", "agent", "Sales", "question one");
        assertThat(Handoff.stateOf(opened.conversation())).isEqualTo(HandoffState.WITH_AGENT);

        assertThat(next.send("r1", "question two")).isEqualTo(Route.LIVE_AGENT);
        ann.awaitUserMessage(chatId, "question two");
        ann.emit(AgentEvents.SEND, "chatId", chatId, "text", "Answer two");
        user.await(new Reply.AgentText("Answer two"));

        // a later message proves the earlier ones were all in: each reached its reader once, in the same chat
        next.send("r1", "question three");
        ann.awaitUserMessage(chatId, "question three");
        assertThat(ann.userMessages(chatId)).containsExactly("question one", "question two", "question three");
        assertThat(ann.events.all(AgentEvents.ASSIGNED)).hasSize(1);
        assertThat(next.transcript("r1", 100))
                .filteredOn(l -> l.sender() == Sender.AGENT)
                .extracting(StoredLine::text)
                .containsExactly("Hello, I am Ann", "Written while you were away", "Answer two");
        assertThat(user.replies).doesNotContain(new Reply.AgentText("Written while you were away"));
        assertThat(user.replies)
                .noneMatch(r -> r instanceof Reply.SystemNotice n && n.text().contains("Sorry"));
    }

    @Test
    void withoutTheStoredResumeTokenTheDeskRefusesTheResumeAndTheUserIsTold() {
        String chatId = chatWithAnn("r2");
        runtime.close();
        runtime = null;
        try (var store = JdbcConversationStore.open(
                ConversationStoreSettings.inDirectory(data.resolve("bot")).jdbcUrl())) {
            StoredHandoff h =
                    store.load("resume-bot", "r2", 0).orElseThrow().handoff().orElseThrow();
            assertThat(h.resumeToken()).isNotNull();
            assertThat(h.chatId()).isEqualTo(chatId);
            store.write(new ConversationWrite("resume-bot", "r2", null, withoutToken(h), List.of()));
        }

        Conversations next = process();
        next.resumeHandoffs(List.of(bot));
        await(() -> next.transcript("r2", 5).stream()
                .anyMatch(l -> l.sender() == Sender.SYSTEM && l.text().startsWith("Sorry")));
        assertThat(next.route("r2")).isEqualTo(Route.NLP_PIPELINE);
    }

    private static StoredHandoff withoutToken(StoredHandoff h) {
        return new StoredHandoff(
                h.state(),
                h.department(),
                h.language(),
                h.contactName(),
                h.contactEmail(),
                h.contactPhone(),
                h.liveAgentUrl(),
                h.chatId(),
                null,
                h.lastAgentMessageId(),
                h.userMessageIdPrefix(),
                h.lastUserMessageId(),
                h.unacknowledged());
    }

    private static void await(BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within 20 s");
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    /** The user's channel after the restart. */
    private static final class Collecting implements UserChannel {
        final List<Reply> replies = new CopyOnWriteArrayList<>();

        @Override
        public void deliver(String conversationId, Reply reply) {
            replies.add(reply);
        }

        void await(Reply reply) {
            HandoffResumedOnTheDeskTest.await(() -> replies.contains(reply));
        }
    }
}
