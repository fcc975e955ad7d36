package dev.handoff.humanhandoff;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.inject.AbstractModule;
import dev.handoff.HandoffRuntime;
import dev.handoff.desk.api.AgentEvents;
import dev.handoff.desk.config.DeskConfig;
import dev.handoff.desk.server.DeskService;
import dev.handoff.desk.support.Sockets;
import dev.handoff.desk.support.TestAgent;
import dev.handoff.desk.support.TestDesks;
import dev.handoff.dialogue.Bot;
import dev.handoff.dialogue.ConversationScript;
import dev.handoff.dialogue.TestRuntime;
import dev.handoff.liveagent.TestLiveAgentServer;
import dev.handoff.liveagent.socketio.SocketIoLiveAgentClient;
import dev.handoff.liveagent.socketio.SocketIoSettings;
import dev.handoff.protocol.LiveAgentEvents;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The satisfaction rating end to end: a scripted conversation handed over real Socket.IO to a real desk, ann
 * resolves the chat, the user rates it, and the desk's database has the rating; the user who types something else,
 * the seed's server that offers nothing, and a desk gone when the rating is sent.
 */
class RatingOverSocketIoTest {

    /** The client's settings; a subclass runs every test here on another implementation. */
    SocketIoSettings settings() {
        return SocketIoSettings.defaults();
    }

    private static final String BOT =
            """
            id: shop
            languages: [en]
            presets:
              human_handoff:
                live_agent_url: %s
                collect_contact: false
                ask_rating: true
                departments:
                  - id: sales
                    label: {en: Sales}
            intents:
              greet: {en: [hi]}
            responses:
              hello: {en: Hello!}
            streams:
              greeting: {trigger: greet, steps: [{say: hello}]}
            """;
    private static final String ASK = "How would you rate your chat with the agent, from 1 (poor) to 5 (excellent)?";
    private static final String COMMENT = "Thank you. Would you like to add a comment? Type it, or choose Skip.";
    private static final String ENDED = "The agent has ended the chat. You are back with the bot.";
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path data;

    private DeskConfig config;
    private DeskService desk;
    private TestAgent ann;
    private HandoffRuntime runtime;
    private final MeterRegistry meters = new SimpleMeterRegistry();

    @BeforeEach
    void setUp() {
        config = TestDesks.config(data);
        desk = TestDesks.start(config);
        ann = TestAgent.signIn(TestDesks.url(config), "ann", "ann-token");
        var client = new SocketIoLiveAgentClient(
                settings().withReconnectionDelays(Duration.ofMillis(50), Duration.ofMillis(100)));
        runtime = TestRuntime.with(client, new AbstractModule() {
            @Override
            protected void configure() {
                bind(MeterRegistry.class).toInstance(meters);
            }
        });
    }

    @AfterEach
    void tearDown() {
        runtime.close();
        ann.close();
        if (desk != null) desk.stop();
    }

    private ConversationScript script(String liveAgentUrl, String id) {
        Bot bot = runtime.bot(runtime.botLoader().loadOrThrow("shop.yaml", BOT.formatted(liveAgentUrl)));
        return ConversationScript.open(runtime.conversations(), bot, id, "en")
                .send("I want to talk to a human")
                .expectButtons("Would you like to chat with one of our agents?", "Sales", "Continue with the bot")
                .pick("Sales")
                .expectBotContaining("Connecting you");
    }

    /** Handed to ann, who resolves the chat; the user is asked for a rating. Returns the chat id. */
    private String resolvedAndAsked(ConversationScript s) {
        String chatId = ann.nextAssigned();
        s.expectSystemAfterWaiting("ann joined the chat.");
        ann.emit(AgentEvents.RESOLVE, "chatId", chatId);
        s.expectSystem(ENDED).expectButtons(ASK, "1", "2", "3", "4", "5");
        return chatId;
    }

    private void awaitCount(String name, double value) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            var c = meters.find(name).counter();
            if (c != null && c.count() == value) return;
            Thread.sleep(20);
        }
        throw new AssertionError(name + " never reached " + value);
    }

    /** {rating, comment} as the desk stored them, read once it stopped. */
    private Object[] stored(String chatId) throws Exception {
        desk.stop();
        desk = null;
        try (Connection c = DriverManager.getConnection(config.jdbcUrl());
                PreparedStatement ps =
                        c.prepareStatement("SELECT rating, rating_comment FROM desk_chats WHERE id = ?")) {
            ps.setString(1, chatId);
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).isTrue();
                Object rating = rs.getObject(1);
                return new Object[] {rating == null ? null : ((Number) rating).intValue(), rs.getString(2)};
            }
        }
    }

    @Test
    void theUserRatesTheChatTheAgentResolvedAndTheDeskStoresTheRatingWithTheComment() throws Exception {
        var s = script(TestDesks.url(config), "conv-rates");
        String chatId = resolvedAndAsked(s);
        s.send("4").expectButtons(COMMENT, "Skip").send("Quick and kind").expectBot("Thank you for your feedback!");
        awaitCount("handoff.ratings.delivered", 1);
        assertThat(stored(chatId)).containsExactly(4, "Quick and kind");
        s.send("hi").expectBot("Hello!").expectNoReply();
    }

    @Test
    void aUserWhoTypesSomethingElseGetsTheBotsAnswerAndNoRatingIsStored() throws Exception {
        var s = script(TestDesks.url(config), "conv-else");
        String chatId = resolvedAndAsked(s);
        s.send("hi").expectBot("Hello!").expectNoReply();
        assertThat(meters.find("handoff.ratings.given").counter()).isNull();
        assertThat(stored(chatId)).containsExactly(null, null);
    }

    @Test
    void theSeedsServerWhichOffersNoRatingIsNeverSentOne() throws Exception {
        try (TestLiveAgentServer seed = TestLiveAgentServer.start()) {
            var s = script(seed.url().toString(), "conv-seed");
            seed.awaitConversation("conv-seed");
            s.expectSystem("You are now chatting with a live agent.");
            seed.endChat("conv-seed");
            s.expectSystem(ENDED)
                    .send("4")
                    .expectBotContaining("Sorry")
                    .send("hi")
                    .expectBot("Hello!");
            assertThat(seed.connections()).hasSize(1);
            assertThat(seed.connections().get(0).events()).doesNotContain(LiveAgentEvents.RATE_CHAT);
        }
    }

    @Test
    void aRatingWhoseDeskIsGoneIsDeliveredAtTheDesksNextUrl() throws Exception {
        DeskConfig next = config.withPort(Sockets.freePort()); // another node of the desk: the same database
        var s = script("[" + TestDesks.url(config) + ", " + TestDesks.url(next) + "]", "conv-next");
        String chatId = resolvedAndAsked(s);
        desk.stop();
        desk = TestDesks.start(next);

        s.send("5").expectButtons(COMMENT, "Skip").send("Skip").expectBot("Thank you for your feedback!");

        awaitCount("handoff.ratings.delivered", 1);
        assertThat(stored(chatId)).containsExactly(5, null);
    }

    @Test
    void aDeskGoneWhenTheRatingIsSentIsTriedThreeTimesThenTheUserIsTold() throws Exception {
        var s = script(TestDesks.url(config), "conv-gone");
        resolvedAndAsked(s);
        desk.stop();
        desk = null;
        AtomicInteger attempts = new AtomicInteger();
        try (ServerSocket closing = new ServerSocket()) {
            closing.setReuseAddress(true);
            closing.bind(new InetSocketAddress("127.0.0.1", config.port()));
            Thread acceptor = new Thread(() -> {
                while (!closing.isClosed()) {
                    try {
                        Socket accepted = closing.accept();
                        attempts.incrementAndGet();
                        accepted.close();
                    } catch (java.io.IOException closed) {
                        return;
                    }
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            s.send("5").expectButtons(COMMENT, "Skip").send("Skip").expectBot("Thank you for your feedback!");
            s.expectSystem("Sorry, your rating could not be delivered.");
        }
        assertThat(attempts.get()).isEqualTo(3);
        assertThat(meters.find("handoff.ratings.failed").counter().count()).isEqualTo(1);
    }
}
