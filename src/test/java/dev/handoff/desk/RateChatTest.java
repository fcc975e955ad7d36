package dev.handoff.desk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.handoff.desk.api.AgentEvents;
import dev.handoff.desk.config.DeskConfig;
import dev.handoff.desk.config.DeskConfigLoader;
import dev.handoff.desk.server.DeskService;
import dev.handoff.desk.support.DeskConfigs;
import dev.handoff.desk.support.Sockets;
import dev.handoff.desk.support.TestAgent;
import dev.handoff.desk.support.TestBot;
import dev.handoff.desk.support.TestDesks;
import dev.handoff.protocol.LiveAgentEvents;
import io.socket.client.Ack;
import io.socket.client.Socket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.json.JSONObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The rating addition on the desk, over real Socket.IO: {@code rate_chat} on a connection of its own, each door of
 * README's error codes, and the rating stored durably with the chat (read back from the database once the desk
 * stopped).
 */
class RateChatTest {
    private static final Map<String, Object> SALES = Map.of("department", "sales");

    @TempDir
    Path data;

    private DeskConfig config;
    private DeskService desk;
    private TestAgent ann;
    private String url;

    @BeforeEach
    void setUp() {
        config = TestDesks.config(data);
        desk = TestDesks.start(config);
        url = TestDesks.url(config);
        ann = TestAgent.signIn(url, "ann", "ann-token");
    }

    @AfterEach
    void tearDown() {
        ann.close();
        if (desk != null) desk.stop();
    }

    /** The desk again on the same port and database, with {@code change} made to its config; ann signed in again. */
    private void restart(java.util.function.UnaryOperator<DeskConfig> change) {
        ann.close();
        desk.stop();
        config = change.apply(config);
        desk = TestDesks.start(config);
        ann = TestAgent.signIn(url, "ann", "ann-token");
    }

    /** {@link TestDesks#YAML} with {@code maxMessageSize} set to {@code max}, on the same port and data directory. */
    private DeskConfig withMaxMessageSize(int max) {
        return DeskConfigLoader.parse(
                        TestDesks.YAML.replace("maxMessageSize: 200", "maxMessageSize: " + max), "test desk")
                .withDataDir(data)
                .withPort(config.port());
    }

    /** A chat of conversation {@code conversationId}: chatId and resume token; resolved by ann unless {@code live}. */
    private record Chat(String conversationId, String chatId, String resume) {}

    private Chat chat(String conversationId, boolean live) throws Exception {
        try (TestBot bot = TestBot.delivery(url, conversationId, SALES)) {
            JSONObject ok = (JSONObject) bot.events.await(TestBot.USERNAME_ACK);
            String chatId = ann.nextAssigned();
            assertThat(ok.getString("chatId")).isEqualTo(chatId);
            if (!live) {
                ann.emit(AgentEvents.RESOLVE, "chatId", chatId);
                bot.events.await(LiveAgentEvents.DISCONNECT_SOCKET);
            }
            return new Chat(conversationId, chatId, ok.getString("resume"));
        }
    }

    private static Map<String, Object> payload(Chat c, Object rating, Object comment) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("ConversationID", c.conversationId());
        m.put("BotID", "bot-under-test");
        m.put("chatId", c.chatId());
        m.put("resume", c.resume());
        m.put("rating", rating);
        if (comment != null) m.put("comment", comment);
        return m;
    }

    /** The answer to {@code rate_chat} on a fresh connection; the offer it saw is in {@code offer}. */
    private JSONObject rate(Map<String, Object> payload) throws Exception {
        return rate(payload, new CompletableFuture<>());
    }

    private JSONObject rate(Map<String, Object> payload, CompletableFuture<Object> offer) throws Exception {
        Socket socket = Sockets.socket(url + LiveAgentEvents.NAMESPACE, null, false);
        CompletableFuture<JSONObject> answer = new CompletableFuture<>();
        CompletableFuture<Void> closed = new CompletableFuture<>();
        socket.on(LiveAgentEvents.START_CONVERSATION, args -> {
            offer.complete(args.length > 0 ? args[0] : null);
            socket.emit(LiveAgentEvents.RATE_CHAT, new Object[] {new JSONObject(payload)}, (Ack)
                    ack -> answer.complete((JSONObject) ack[0]));
        });
        socket.on(Socket.EVENT_DISCONNECT, args -> closed.complete(null));
        socket.connect();
        try {
            JSONObject a = answer.get(20, TimeUnit.SECONDS);
            closed.get(20, TimeUnit.SECONDS); // the desk closes the connection after its answer
            return a;
        } finally {
            socket.close();
        }
    }

    private static String code(JSONObject answer) throws Exception {
        assertThat(answer.getBoolean("ok")).as(answer.toString()).isFalse();
        return answer.getJSONObject("error").getString("code");
    }

    /** {rating, comment, rated_at} as stored, read once the desk stopped. */
    private Object[] stored(String chatId) throws Exception {
        desk.stop();
        desk = null;
        try (Connection c = DriverManager.getConnection(config.jdbcUrl());
                PreparedStatement ps =
                        c.prepareStatement("SELECT rating, rating_comment, rated_at FROM desk_chats WHERE id = ?")) {
            ps.setString(1, chatId);
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).isTrue();
                Object rating = rs.getObject(1);
                return new Object[] {
                    rating == null ? null : ((Number) rating).intValue(), rs.getString(2), rs.getObject(3)
                };
            }
        }
    }

    @Test
    void aResolvedChatRatedWithItsTokenIsStoredDurablyBeforeTheAcknowledgement() throws Exception {
        Chat c = chat("conv-rated", false);
        CompletableFuture<Object> offer = new CompletableFuture<>();
        JSONObject answer = rate(payload(c, 4, "Quick and kind"), offer);
        assertThat(((JSONObject) offer.get()).getInt("rating")).as("the offer").isEqualTo(1);
        assertThat(answer.getBoolean("ok")).as(answer.toString()).isTrue();
        // counted once durable: the desk's scrape shows it
        String page = java.net.http.HttpClient.newHttpClient()
                .send(
                        java.net.http.HttpRequest.newBuilder(java.net.URI.create(url + "/metrics"))
                                .timeout(java.time.Duration.ofSeconds(10))
                                .build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString())
                .body();
        assertThat(page.lines().filter(l -> l.startsWith("desk_chat_rating_count{")))
                .contains("desk_chat_rating_count{application=\"handoff-desk\",department=\"sales\"} 1");
        assertThat(page.lines().filter(l -> l.startsWith("desk_chat_rating_sum{")))
                .contains("desk_chat_rating_sum{application=\"handoff-desk\",department=\"sales\"} 4.0");
        Object[] row = stored(c.chatId());
        assertThat(row[0]).isEqualTo(4);
        assertThat(row[1]).isEqualTo("Quick and kind");
        assertThat(row[2]).isNotNull();
    }

    @Test
    void aWrongResumeTokenIsAnUnknownChatAndNothingIsStored() throws Exception {
        Chat c = chat("conv-token", false);
        Chat forged = new Chat(c.conversationId(), c.chatId(), c.resume() + "x");
        assertThat(code(rate(payload(forged, 5, null)))).isEqualTo("unknown_chat");
        Chat none = new Chat(c.conversationId(), c.chatId(), null);
        assertThat(code(rate(payload(none, 5, null)))).isEqualTo("unknown_chat");
        assertThat(stored(c.chatId())[0]).isNull();
    }

    @Test
    void anotherConversationsOrAnUnknownChatIsAnUnknownChat() throws Exception {
        Chat c = chat("conv-mine", false);
        assertThat(code(rate(payload(new Chat("conv-other", c.chatId(), c.resume()), 5, null))))
                .isEqualTo("unknown_chat");
        assertThat(code(rate(payload(new Chat(c.conversationId(), "no-such-chat", c.resume()), 5, null))))
                .isEqualTo("unknown_chat");
        Map<String, Object> otherBot = payload(c, 5, null);
        otherBot.put("BotID", "another-bot");
        assertThat(code(rate(otherBot))).isEqualTo("unknown_chat");
        assertThat(stored(c.chatId())[0]).isNull();
    }

    @Test
    void aChatStillLiveIsNotRated() throws Exception {
        Chat c = chat("conv-live", true);
        assertThat(code(rate(payload(c, 3, null)))).isEqualTo("chat_open");
    }

    @Test
    void aSecondRatingIsRefusedAndTheFirstStands() throws Exception {
        Chat c = chat("conv-twice", false);
        assertThat(rate(payload(c, 2, null)).getBoolean("ok")).isTrue();
        assertThat(code(rate(payload(c, 5, "changed my mind")))).isEqualTo("already_rated");
        Object[] row = stored(c.chatId());
        assertThat(row[0]).isEqualTo(2);
        assertThat(row[1]).isNull();
    }

    @Test
    void aRatingThatIsNotAWholeNumberFromOneToFiveOrABadCommentIsInvalid() throws Exception {
        Chat c = chat("conv-invalid", false);
        for (Object rating : new Object[] {0, 6, 4.5, "4", null}) {
            assertThat(code(rate(payload(c, rating, null))))
                    .as(String.valueOf(rating))
                    .isEqualTo("invalid_rating");
        }
        assertThat(code(rate(payload(c, 4, "x".repeat(config.maxMessageSize() + 1)))))
                .isEqualTo("invalid_rating");
        assertThat(code(rate(payload(c, 4, 42)))).isEqualTo("invalid_rating");
        assertThat(rate(payload(c, 4, "x".repeat(config.maxMessageSize()))).getBoolean("ok"))
                .as("a comment of the maximum size")
                .isTrue();
    }

    @Test
    void aCommentOfTheMaximumSizeWithANulIsStoredThoughItTakesOneCharacterMoreAsStored() throws Exception {
        restart(c -> withMaxMessageSize(4000));
        Chat c = chat("conv-nul", false);
        String comment = "\u0000" + "x".repeat(3999);
        JSONObject answer = rate(payload(c, 5, comment));
        assertThat(answer.getBoolean("ok")).as(answer.toString()).isTrue();
        Object[] row = stored(c.chatId());
        assertThat(row[0]).isEqualTo(5);
        assertThat(dev.handoff.desk.store.StoredText.decode((String) row[1])).isEqualTo(comment);
    }

    @Test
    void aCommentTooLongIsRefusedAndTheDeskGoesOnStoring() throws Exception {
        restart(c -> withMaxMessageSize(4000));
        Chat c = chat("conv-long", false);
        assertThat(code(rate(payload(c, 5, "\u0000".repeat(4001))))).isEqualTo("invalid_rating");
        Chat next = chat("conv-after", false);
        assertThat(rate(payload(next, 3, "\u0000".repeat(4000))).getBoolean("ok"))
                .isTrue();
        assertThat(stored(c.chatId())[0]).as("the refused rating").isNull();
        try (Connection db = DriverManager.getConnection(config.jdbcUrl());
                PreparedStatement ps = db.prepareStatement("SELECT rating FROM desk_chats WHERE id = ?")) {
            ps.setString(1, next.chatId());
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getInt(1)).as("the rating after it").isEqualTo(3);
            }
        }
    }

    @Test
    void aChatTheUserLeftIsNotRatedAndNothingIsStored() throws Exception {
        restart(c -> DeskConfigs.withTimers(
                c, c.autoReply(), c.sla(), c.idleArchive(), Duration.ofMillis(300), Duration.ofMillis(50)));
        Chat c;
        try (TestBot bot = TestBot.delivery(url, "conv-left", SALES)) {
            JSONObject ok = (JSONObject) bot.events.await(TestBot.USERNAME_ACK);
            c = new Chat("conv-left", ok.getString("chatId"), ok.getString("resume"));
            assertThat(ann.nextAssigned()).isEqualTo(c.chatId());
        }
        JSONObject archived = (JSONObject) ann.events.await(AgentEvents.CHAT_ARCHIVED);
        assertThat(archived.optString("reason")).isEqualTo("user_disconnected");
        JSONObject answer = rate(payload(c, 1, "nobody came back"));
        assertThat(code(answer)).isEqualTo("invalid_rating");
        assertThat(answer.getJSONObject("error").getString("message"))
                .contains("only a chat an agent resolved can be rated");
        Object[] row = stored(c.chatId());
        assertThat(row).containsExactly(null, null, null);
    }

    @Test
    void aConnectionThatCarriesAChatCannotRate() throws Exception {
        try (TestBot bot = TestBot.delivery(url, "conv-carrying", SALES)) {
            JSONObject ok = (JSONObject) bot.events.await(TestBot.USERNAME_ACK);
            ann.nextAssigned();
            CompletableFuture<JSONObject> answer = new CompletableFuture<>();
            bot.emit(
                    LiveAgentEvents.RATE_CHAT,
                    new JSONObject(payload(
                            new Chat("conv-carrying", ok.getString("chatId"), ok.getString("resume")), 5, null)),
                    (Ack) a -> answer.complete((JSONObject) a[0]));
            assertThat(code(answer.get(20, TimeUnit.SECONDS))).isEqualTo("bad_request");
        }
    }
}
