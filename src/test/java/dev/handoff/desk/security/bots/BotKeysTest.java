package dev.handoff.desk.security.bots;

import static dev.handoff.desk.security.bots.BotDesk.SHOP;
import static dev.handoff.desk.security.bots.BotDesk.SHOP_KEY;
import static dev.handoff.desk.security.bots.BotDesk.code;
import static org.assertj.core.api.Assertions.assertThat;

import dev.handoff.desk.support.LogCapture;
import dev.handoff.desk.support.TestAgent;
import dev.handoff.desk.support.TestBot;
import dev.handoff.protocol.LiveAgentEvents;
import io.socket.client.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.json.JSONObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bots prove who they are: a bot with a key in {@code desk.yaml} presents it, and nobody else can pass for it. */
class BotKeysTest {
    static final String ENDPOINT_LOG = "dev.handoff.desk.server.LiveAgentEndpoint";
    static final Map<String, Object> SHOP_SALES = Map.of("BotID", SHOP, "department", "sales");

    @TempDir
    Path data;

    BotDesk desk;

    @AfterEach
    void stop() {
        if (desk != null) desk.close();
    }

    @Test
    void aWrongKeyInTheHandshakeIsRefusedBeforeTheConnectionIsAccepted() throws Exception {
        desk = BotDesk.start(data, s -> s.withKeylessBots(true));
        try (LogCapture log = LogCapture.of(ENDPOINT_LOG);
                TestBot bot = TestBot.raw(desk.url, "c1", Map.of("key", "not-a-key-of-this-desk"))
                        .open()) {
            JSONObject refusal = (JSONObject) bot.events.await(Socket.EVENT_CONNECT_ERROR);
            assertThat(refusal.getJSONObject("data").getString("code")).isEqualTo("invalid_key");
            assertThat(bot.events.names())
                    .as("never accepted: no connect, no startConversation")
                    .doesNotContain(Socket.EVENT_CONNECT, LiveAgentEvents.START_CONVERSATION);
            String warning = log.awaitWarning("refused (invalid_key)");
            assertThat(warning).contains("127.0.0.1").doesNotContain("not-a-key-of-this-desk");
        }
    }

    @Test
    void aKeyInTheHandshakeOpensChatsOfItsOwnBotAndOfNoOther() {
        desk = BotDesk.start(data, s -> s.withKeylessBots(false));
        try (TestAgent ann = TestAgent.signIn(desk.url, "ann", "ann-token");
                TestBot shop = TestBot.delivery(desk.url, "c1", SHOP_SALES, Map.of("key", SHOP_KEY));
                TestBot other = TestBot.delivery(
                        desk.url, "c2", Map.of("BotID", "other-bot", "department", "sales"), Map.of("key", SHOP_KEY))) {
            assertThat(code(shop.events.await(TestBot.USERNAME_ACK))).isNull();
            assertThat(ann.nextAssigned()).isNotBlank();
            assertThat(code(other.events.await(TestBot.USERNAME_ACK))).isEqualTo("invalid_key");
            other.events.await(Socket.EVENT_DISCONNECT);
            assertThat(desk.service.desk().counts())
                    .containsEntry("assigned", 1L)
                    .containsEntry("queued", 0L);
        }
    }

    @Test
    void aBotWithAKeyThatDoesNotPresentItIsRefusedAtUsernameAndNoChatIsOpened() throws Exception {
        desk = BotDesk.start(data, s -> s.withKeylessBots(true));
        try (LogCapture log = LogCapture.of(ENDPOINT_LOG);
                TestBot delivery = TestBot.delivery(desk.url, "c1", SHOP_SALES);
                TestBot seed = TestBot.connect(desk.url, "c2", SHOP_SALES, List.of())) {
            assertThat(code(delivery.events.await(TestBot.USERNAME_ACK))).isEqualTo("invalid_key");
            delivery.events.await(Socket.EVENT_DISCONNECT);
            JSONObject error = (JSONObject) seed.events.await("desk_error");
            assertThat(error.getString("code")).isEqualTo("invalid_key");
            assertThat(error.getString("event")).isEqualTo("username");
            assertThat(error.getString("message")).contains("bot 'shop' has a key");
            seed.events.await(Socket.EVENT_DISCONNECT);
            assertThat(log.awaitWarning("refused (invalid_key)")).contains("127.0.0.1");
            assertThat(desk.service.desk().counts())
                    .containsEntry("assigned", 0L)
                    .containsEntry("queued", 0L);
        }
    }

    @Test
    void aClientThatCannotSetAuthPresentsTheKeyInUsername() {
        desk = BotDesk.start(data, s -> s.withKeylessBots(true));
        var withKey = Map.<String, Object>of("BotID", SHOP, "department", "sales", "key", SHOP_KEY);
        var wrongKey = Map.<String, Object>of("BotID", SHOP, "department", "sales", "key", "a-wrong-key-0123456789");
        try (TestBot right = TestBot.delivery(desk.url, "c1", withKey);
                TestBot wrong = TestBot.delivery(desk.url, "c2", wrongKey)) {
            assertThat(code(right.events.await(TestBot.USERNAME_ACK))).isNull();
            assertThat(code(wrong.events.await(TestBot.USERNAME_ACK))).isEqualTo("invalid_key");
        }
    }

    @Test
    void withoutKeylessBotsAHandshakeWithoutAKeyIsRefusedBeforeItIsAccepted() throws Exception {
        desk = BotDesk.start(data, s -> s.withKeylessBots(false));
        try (TestBot bot =
                TestBot.raw(desk.url, "c1", Map.of("name", "no key here")).open()) {
            JSONObject refusal = (JSONObject) bot.events.await(Socket.EVENT_CONNECT_ERROR);
            assertThat(refusal.getJSONObject("data").getString("code")).isEqualTo("invalid_key");
            assertThat(refusal.getString("message")).contains("only bots with a key");
            assertThat(bot.events.names()).doesNotContain(LiveAgentEvents.START_CONVERSATION);
        }
    }

    /**
     * netty-socketio 2.0.14 asks the auth listeners only when the client sent an {@code auth} object;
     * the transport part of issue 8 makes it ask for every connection (with {@code null}). Until that is
     * merged, a connection with no auth at all passes the handshake and is refused at {@code username}
     * ({@link #withoutKeylessBotsNoConnectionWithoutAKeyEverGetsAChat}).
     */
    @Test
    @Disabled("passes once the transport fix of issue 8 (auth listeners called without auth) is merged")
    void withoutKeylessBotsAHandshakeWithNoAuthAtAllIsRefusedBeforeItIsAccepted() throws Exception {
        desk = BotDesk.start(data, s -> s.withKeylessBots(false));
        try (TestBot bot = TestBot.raw(desk.url, "c1").open()) {
            JSONObject refusal = (JSONObject) bot.events.await(Socket.EVENT_CONNECT_ERROR);
            assertThat(refusal.getJSONObject("data").getString("code")).isEqualTo("invalid_key");
            assertThat(bot.events.names()).doesNotContain(LiveAgentEvents.START_CONVERSATION);
        }
    }

    @Test
    void withoutKeylessBotsNoConnectionWithoutAKeyEverGetsAChat() {
        desk = BotDesk.start(data, s -> s.withKeylessBots(false));
        try (TestBot delivery = TestBot.delivery(desk.url, "c1", Map.of("department", "sales"));
                TestBot seed = TestBot.connect(desk.url, "c2", Map.of("department", "sales"), List.of())) {
            assertThat(refusedAnywhere(delivery)).isEqualTo("invalid_key");
            assertThat(refusedAnywhere(seed)).isEqualTo("invalid_key");
            assertThat(desk.service.desk().counts())
                    .containsEntry("assigned", 0L)
                    .containsEntry("queued", 0L);
            assertThat(seed.events.all(LiveAgentEvents.MESSAGES)).isEmpty();
        }
    }

    /**
     * The code a connection was refused with: at the handshake (CONNECT_ERROR), or, where the handshake
     * let it in, in the username acknowledgement or desk_error.
     */
    static String refusedAnywhere(TestBot bot) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            for (Object e : bot.events.all(Socket.EVENT_CONNECT_ERROR)) {
                if (e instanceof JSONObject o && o.optJSONObject("data") != null)
                    return o.optJSONObject("data").optString("code");
            }
            for (Object a : bot.events.all(TestBot.USERNAME_ACK)) return code(a);
            for (Object e : bot.events.all("desk_error")) return ((JSONObject) e).optString("code");
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
        throw new AssertionError("never refused; events: " + bot.events.names());
    }
}
