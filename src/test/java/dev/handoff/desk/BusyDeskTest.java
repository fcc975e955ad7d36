package dev.handoff.desk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.handoff.desk.api.AgentEvents;
import dev.handoff.desk.config.DeskConfig;
import dev.handoff.desk.config.DeskConfigLoader;
import dev.handoff.desk.server.DeskService;
import dev.handoff.desk.store.ChatStore;
import dev.handoff.desk.store.JdbcChatStore;
import dev.handoff.desk.store.StoredMessage;
import dev.handoff.desk.support.LogCapture;
import dev.handoff.desk.support.Sockets;
import dev.handoff.desk.support.TestAgent;
import dev.handoff.desk.support.TestBot;
import dev.handoff.desk.support.TestDesks;
import dev.handoff.liveagent.HandoffRequest;
import dev.handoff.liveagent.LiveAgentSession;
import dev.handoff.liveagent.LiveAgentUrls;
import dev.handoff.liveagent.RecordingListener;
import dev.handoff.liveagent.socketio.SocketIoLiveAgentClient;
import dev.handoff.liveagent.socketio.SocketIoSettings;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.json.JSONObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A desk that is behind refuses a bot's {@code from_user} with {@code busy} (delivery addition) and then every later
 * one of the connection until the refused one comes again, so the bot's client sends them again, in order, and the
 * agent sees each once, in order. The desk is made busy with {@code dbMaxPendingWrites: 1} and a database whose write
 * of one message waits until the test lets it go.
 */
class BusyDeskTest {
    static final Map<String, Object> SALES = Map.of("department", "sales");
    static final String ENDPOINT_LOG = "dev.handoff.desk.server.LiveAgentEndpoint";

    @TempDir
    Path data;

    /** The text of the user message whose write waits for {@link #release}. */
    volatile String heldText;

    final CountDownLatch release = new CountDownLatch(1);
    /** Counted down once the bot's history is written. */
    final CountDownLatch historyWritten = new CountDownLatch(1);

    DeskService desk;
    String url;

    @BeforeEach
    void start() {
        DeskConfig config = DeskConfigLoader.parse(TestDesks.YAML + "dbMaxPendingWrites: 1\n", "test desk")
                .withDataDir(data)
                .withPort(Sockets.freePort());
        desk = new DeskService(
                        config,
                        Clock.systemUTC(),
                        c -> held(JdbcChatStore.open(c.jdbcUrl(), c.dbUser(), c.dbPassword())))
                .start();
        url = TestDesks.url(config);
    }

    @AfterEach
    void stop() {
        release.countDown();
        desk.stop();
    }

    /** The database, except that the write of the message {@link #heldText} waits for {@link #release}. */
    ChatStore held(ChatStore store) {
        return (ChatStore) Proxy.newProxyInstance(
                ChatStore.class.getClassLoader(), new Class<?>[] {ChatStore.class}, (proxy, method, args) -> {
                    if (method.getName().equals("appendFromClient")
                            && args[0] instanceof StoredMessage m
                            && m.text().equals(heldText)) release.await();
                    try {
                        Object result = method.invoke(store, args);
                        if (method.getName().equals("replaceHistory")) historyWritten.countDown();
                        return result;
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    @Test
    void aMessageRefusedBusyHoldsTheLaterOnesUntilItIsSentAgain() throws Exception {
        heldText = "message 1";
        try (TestAgent ann = TestAgent.signIn(url, "ann", "ann-token");
                TestBot bot = TestBot.delivery(url, "conv-busy", SALES)) {
            String chatId = ann.nextAssigned();
            bot.events.await(TestBot.USERNAME_ACK);
            // the bot's (empty) history follows username: written, or refused busy behind the chat's opening
            // writes (this desk admits a command only while no write waits); either way nothing may wait before m0
            historyWritten.await(5, TimeUnit.SECONDS);
            everythingDurable();
            bot.say("m0", "message 0"); // acknowledged once it and everything before it (the history) is durable
            assertThat(TestBot.ackCode(ack(bot, "m0"))).isNull();
            everythingDurable();

            bot.say("m1", "message 1"); // its write waits: the database is behind by one write, its maximum
            bot.say("m2", "message 2");
            assertThat(TestBot.ackCode(ack(bot, "m2"))).isEqualTo("busy");
            release.countDown();
            assertThat(TestBot.ackCode(ack(bot, "m1"))).isNull();

            for (int i = 3; i <= 5; i++) {
                bot.say("m" + i, "message " + i);
                assertThat(TestBot.ackCode(ack(bot, "m" + i)))
                        .as("the desk has room again, but m%d must not overtake m2", i)
                        .isEqualTo("busy");
            }
            for (int i = 2; i <= 5; i++) {
                bot.say("m" + i, "message " + i);
                assertThat(TestBot.ackCode(ack(bot, "m" + i)))
                        .as("m%d sent again", i)
                        .isNull();
            }
            ann.events.await(
                    AgentEvents.MESSAGE, m -> ((JSONObject) m).optString("text").equals("message 5"));
            assertThat(ann.userMessagesShown(chatId))
                    .containsExactly("message 0", "message 1", "message 2", "message 3", "message 4", "message 5");
        }
    }

    @Test
    void ourClientSendsMessagesRefusedBusyAgainAndTheAgentSeesEachOnceInOrder() throws Exception {
        heldText = "m1";
        RecordingListener user = new RecordingListener();
        try (LogCapture log = LogCapture.of(ENDPOINT_LOG);
                TestAgent ann = TestAgent.signIn(url, "ann", "ann-token");
                SocketIoLiveAgentClient client = new SocketIoLiveAgentClient(SocketIoSettings.defaults())) {
            LiveAgentSession session = client.open(request("conv-typist"), user);
            user.await("connected");
            String chatId = ann.nextAssigned();
            // the client's (empty) history follows the handoff: written, or refused busy behind the chat's opening
            // writes, so that no agent's chat view need come; either way nothing may wait before m1
            historyWritten.await(5, TimeUnit.SECONDS);
            everythingDurable();

            List<String> sent = List.of("m1", "m2", "m3", "m4", "m5");
            sent.forEach(session::send);
            log.awaitWarning("refused (busy)");
            release.countDown();

            ann.events.await(
                    AgentEvents.MESSAGE, m -> ((JSONObject) m).optString("text").equals("m5"), Duration.ofSeconds(60));
            Thread.sleep(500); // a duplicate shown late would show here
            assertThat(ann.userMessagesShown(chatId)).containsExactlyElementsOf(sent);
            assertThat(user.calls())
                    .as("busy is sent again, never reported to the user")
                    .noneMatch(c -> c.startsWith("not delivered") || c.startsWith("failed"));
        }
    }

    /** Waits until every write issued so far is durable: the next message is the only write waiting. */
    private void everythingDurable() throws Exception {
        CompletableFuture<Void> durable = new CompletableFuture<>();
        desk.desk().afterDurable(failure -> durable.complete(null));
        durable.get(30, TimeUnit.SECONDS);
    }

    private static Object ack(TestBot bot, String id) {
        return bot.events.await(
                TestBot.FROM_USER_ACK, a -> ((JSONObject) a).optString("id").equals(id));
    }

    private HandoffRequest request(String conversationId) {
        return new HandoffRequest(
                LiveAgentUrls.of(URI.create(url)),
                conversationId,
                "bot-under-test",
                "sales",
                "en",
                null,
                List.of(HandoffRequest.Line.user("I want a person")),
                Duration.ofSeconds(20),
                Duration.ofSeconds(30));
    }
}
