package dev.handoff.humanhandoff;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.inject.AbstractModule;
import dev.handoff.HandoffRuntime;
import dev.handoff.conversation.ConversationStoreModule;
import dev.handoff.conversation.ConversationStoreSettings;
import dev.handoff.desk.api.AgentEvents;
import dev.handoff.desk.config.DeskConfig;
import dev.handoff.desk.process.DeskChild;
import dev.handoff.desk.server.DeskService;
import dev.handoff.desk.support.Sockets;
import dev.handoff.desk.support.TestAgent;
import dev.handoff.desk.support.TestDesks;
import dev.handoff.dialogue.Bot;
import dev.handoff.dialogue.ConversationScript;
import dev.handoff.dialogue.Reply;
import dev.handoff.dialogue.TestRuntime;
import dev.handoff.liveagent.socketio.SocketIoLiveAgentClient;
import dev.handoff.liveagent.socketio.SocketIoSettings;
import dev.handoff.routing.Conversations;
import dev.handoff.routing.Route;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A bot whose {@code live_agent_url} lists two URLs of one desk, handing off over real Socket.IO to real desks: the
 * desk at the first URL is down from the start, stopped mid-chat, or killed with {@code kill -9} mid-chat, and the
 * desk at the second URL (started on another port, on the same database, as another node of one desk would be) takes
 * the chat up. No user message is lost or doubled, and the agent's messages reach the user once.
 */
class FailoverToAnotherDeskTest {

    /** The client's settings; a subclass runs every test here on another implementation. */
    SocketIoSettings settings() {
        return SocketIoSettings.defaults();
    }

    private static final String BOT =
            """
            id: failover-bot
            languages: [en]
            presets:
              human_handoff:
                live_agent_url: [%s, %s]
                collect_contact: false
                connect_timeout_seconds: 10
                reconnect_timeout_seconds: 120
                departments:
                  - id: sales
                    label: {en: Sales}
            """;
    private static final String FAILED = "Sorry, no agent could be reached right now. You are back with the bot.";

    @TempDir
    Path data;

    private final List<AutoCloseable> toClose = new ArrayList<>();
    private HandoffRuntime runtime;
    private Bot bot;

    @AfterEach
    void tearDown() throws Exception {
        if (runtime != null) runtime.close();
        for (int i = toClose.size() - 1; i >= 0; i--) toClose.get(i).close();
    }

    /** A bot process handing off to {@code first} then {@code second}; with {@code stored}, on a store in data/bot. */
    private Conversations process(String first, String second, boolean stored) {
        if (runtime != null) runtime.close();
        var client = new SocketIoLiveAgentClient(
                settings().withReconnectionDelays(Duration.ofMillis(100), Duration.ofMillis(500)));
        runtime = TestRuntime.with(client, new AbstractModule() {
            @Override
            protected void configure() {
                if (stored)
                    install(new ConversationStoreModule(ConversationStoreSettings.inDirectory(data.resolve("bot"))));
            }
        });
        bot = runtime.bot(runtime.botLoader().loadOrThrow("failover-bot.yaml", BOT.formatted(first, second)));
        return runtime.conversations();
    }

    private DeskService desk(DeskConfig config) {
        DeskService desk = TestDesks.start(config);
        toClose.add(desk::stop);
        return desk;
    }

    private TestAgent ann(String url) {
        TestAgent ann = TestAgent.signIn(url, "ann", "ann-token");
        toClose.add(ann);
        return ann;
    }

    /** Handed off, ann has the chat, one message each way. Returns the desk's chat id. */
    private static String chatWithAnn(ConversationScript s, TestAgent ann) {
        s.send("agent")
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
    void aConversationHandedOffWhileTheDeskAtTheFirstUrlIsDownReachesTheSecond() {
        DeskConfig config = TestDesks.config(data.resolve("desk"));
        desk(config);
        TestAgent ann = ann(TestDesks.url(config));
        var s = ConversationScript.open(
                process("http://127.0.0.1:" + Sockets.freePort(), TestDesks.url(config), false), bot, "f1", "en");

        String chatId = chatWithAnn(s, ann);

        assertThat(ann.userMessages(chatId)).containsExactly("question one");
        assertThat(s.everything()).noneMatch(r -> r.text().equals(FAILED));
    }

    @Test
    void aChatWhoseDeskStopsMidChatGoesOnAtTheSecondUrlWithNoUserMessageLostOrDoubled() throws Exception {
        DeskConfig first = TestDesks.config(data.resolve("desk"));
        DeskConfig second = first.withPort(Sockets.freePort());
        DeskService firstDesk = desk(first);
        TestAgent annFirst = ann(TestDesks.url(first));
        var s = ConversationScript.open(process(TestDesks.url(first), TestDesks.url(second), false), bot, "f2", "en");
        String chatId = chatWithAnn(s, annFirst);

        firstDesk.stop();
        annFirst.close();
        s.send("typed while no desk runs 1").expectRouted(Route.LIVE_AGENT);
        s.send("typed while no desk runs 2").expectRouted(Route.LIVE_AGENT);
        DeskService secondDesk = desk(second);
        TestAgent annSecond = ann(TestDesks.url(second));
        s.send("after the failover").expectRouted(Route.LIVE_AGENT);
        annSecond.awaitUserMessage(chatId, "after the failover");
        annSecond.emit(AgentEvents.SEND, "chatId", chatId, "text", "Answered from the second desk");
        awaitAgent(s, "Answered from the second desk");
        secondDesk.stop();

        assertThat(userMessages(second, chatId))
                .containsExactly(
                        "question one",
                        "typed while no desk runs 1",
                        "typed while no desk runs 2",
                        "after the failover");
        assertThat(s.everything())
                .filteredOn(r -> r instanceof Reply.AgentText)
                .extracting(Reply::text)
                .containsExactly("Hello, I am Ann", "Answered from the second desk");
    }

    @Test
    void aChatWhoseDeskIsKilledMidChatGoesOnAtTheSecondUrlWithNoUserMessageLostOrDoubled() throws Exception {
        Path deskData = data.resolve("desk");
        int firstPort = Sockets.freePort();
        int secondPort = Sockets.freePort();
        Path log = Path.of("target", "failover-desk-process.log");
        DeskChild firstDesk = DeskChild.start(firstPort, deskData, log);
        toClose.add(firstDesk::kill);
        TestAgent annFirst = ann("http://127.0.0.1:" + firstPort);
        var s = ConversationScript.open(
                process("http://127.0.0.1:" + firstPort, "http://127.0.0.1:" + secondPort, false), bot, "f3", "en");
        String chatId = chatWithAnn(s, annFirst);

        firstDesk.kill();
        annFirst.close();
        s.send("typed while no desk runs 1").expectRouted(Route.LIVE_AGENT);
        s.send("typed while no desk runs 2").expectRouted(Route.LIVE_AGENT);
        DeskChild secondDesk = DeskChild.start(secondPort, deskData, log);
        toClose.add(secondDesk::kill);
        TestAgent annSecond = ann("http://127.0.0.1:" + secondPort);
        s.send("after the failover").expectRouted(Route.LIVE_AGENT);
        annSecond.awaitUserMessage(chatId, "after the failover");
        annSecond.emit(AgentEvents.SEND, "chatId", chatId, "text", "Answered from the second desk");
        awaitAgent(s, "Answered from the second desk");
        annSecond.close();
        assertThat(secondDesk.terminate())
                .as("the second desk stops on SIGTERM")
                .isTrue();

        assertThat(userMessages(TestDesks.config(deskData), chatId))
                .containsExactly(
                        "question one",
                        "typed while no desk runs 1",
                        "typed while no desk runs 2",
                        "after the failover");
        assertThat(s.everything())
                .filteredOn(r -> r instanceof Reply.AgentText)
                .extracting(Reply::text)
                .containsExactly("Hello, I am Ann", "Answered from the second desk");
    }

    @Test
    void aHandoffStoredWithTwoUrlsIsResumedByTheNextProcessAtTheUrlThatAnswers() {
        DeskConfig config = TestDesks.config(data.resolve("desk"));
        desk(config);
        TestAgent ann = ann(TestDesks.url(config));
        String down = "http://127.0.0.1:" + Sockets.freePort();
        var s = ConversationScript.open(process(down, TestDesks.url(config), true), bot, "f4", "en");
        String chatId = chatWithAnn(s, ann);

        Conversations next = process(down, TestDesks.url(config), true); // the old process stopped
        assertThat(next.resumeHandoffs(List.of(bot))).isEqualTo(1);
        assertThat(next.send("f4", "after the restart")).isEqualTo(Route.LIVE_AGENT);

        ann.awaitUserMessage(chatId, "after the restart");
        assertThat(ann.userMessages(chatId)).containsExactly("question one", "after the restart");
    }

    // ---- helpers ----

    /** The user's messages the desk stored for the chat, in order, read from its database once it stopped. */
    private static List<String> userMessages(DeskConfig config, String chatId) throws Exception {
        List<String> texts = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(config.jdbcUrl());
                PreparedStatement ps = c.prepareStatement("SELECT text FROM desk_messages WHERE chat_id = ? AND"
                        + " sender = 'user' AND history = FALSE ORDER BY seq")) {
            ps.setString(1, chatId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) texts.add(rs.getString(1));
            }
        }
        return texts;
    }

    /** Waits for the agent's message, past any notices; fails on the handoff's failure. */
    private static void awaitAgent(ConversationScript s, String text) {
        while (true) {
            Reply reply = s.next();
            assertThat(reply.text()).as("the handoff failed").isNotEqualTo(FAILED);
            if (reply.equals(new Reply.AgentText(text))) return;
        }
    }
}
