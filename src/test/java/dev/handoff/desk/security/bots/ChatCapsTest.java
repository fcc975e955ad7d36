package dev.handoff.desk.security.bots;

import static dev.handoff.desk.security.bots.BotDesk.SHOP;
import static dev.handoff.desk.security.bots.BotDesk.SHOP_KEY;
import static dev.handoff.desk.security.bots.BotDesk.code;
import static org.assertj.core.api.Assertions.assertThat;

import dev.handoff.desk.api.AgentEvents;
import dev.handoff.desk.config.SecurityConfig;
import dev.handoff.desk.support.LogCapture;
import dev.handoff.desk.support.TestAgent;
import dev.handoff.desk.support.TestBot;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.json.JSONObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Caps on new chats: a bot's {@code maxChats}, and new chats per minute from one address without a key. */
class ChatCapsTest {
    static final Map<String, Object> SALES = Map.of("department", "sales");

    @TempDir
    Path data;

    BotDesk desk;
    final List<TestBot> bots = new ArrayList<>();

    @AfterEach
    void stop() {
        bots.forEach(TestBot::close);
        if (desk != null) desk.close();
    }

    private TestBot bot(String conversationId, Map<String, Object> extras, Map<String, String> auth) {
        TestBot bot = TestBot.delivery(desk.url, conversationId, extras, auth);
        bots.add(bot);
        return bot;
    }

    @Test
    void aBotWithItsMaxChatsOpenIsRefusedOverCapacityUntilOneEnds() throws Exception {
        desk = BotDesk.start(
                data, s -> s.withKeylessBots(true).withBots(List.of(new SecurityConfig.BotConfig(SHOP, SHOP_KEY, 2))));
        var shop = Map.<String, Object>of("BotID", SHOP, "department", "sales");
        var key = Map.of("key", SHOP_KEY);
        try (TestAgent ann = TestAgent.signIn(desk.url, "ann", "ann-token")) {
            TestBot first = bot("c1", shop, key);
            String firstToken = ((JSONObject) first.events.await(TestBot.USERNAME_ACK)).getString("resume");
            assertThat(code(bot("c2", shop, key).events.await(TestBot.USERNAME_ACK)))
                    .isNull();
            assertThat(code(bot("c3", shop, key).events.await(TestBot.USERNAME_ACK)))
                    .isEqualTo("over_capacity");
            assertThat(code(bot("c4", Map.of("department", "sales"), null)
                            .events
                            .await(TestBot.USERNAME_ACK)))
                    .as("another bot's chats are not counted")
                    .isNull();

            first.close();
            var resume = Map.<String, Object>of("BotID", SHOP, "department", "sales", "resume", firstToken);
            assertThat(code(bot("c1", resume, key).events.await(TestBot.USERNAME_ACK)))
                    .as("resuming an open chat opens nothing new")
                    .isNull();

            String c1 = ann.nextAssigned();
            ann.emit(AgentEvents.RESOLVE, "chatId", c1);
            ann.events.await(
                    AgentEvents.CHAT_ARCHIVED,
                    c -> ((JSONObject) c).optString("chatId").equals(c1));
            assertThat(code(bot("c5", shop, key).events.await(TestBot.USERNAME_ACK)))
                    .isNull();
        }
    }

    @Test
    void newChatsWithoutAKeyFromOneAddressAreCappedPerMinuteAndLoggedOnce() throws Exception {
        desk = BotDesk.start(data, s -> s.withKeylessBots(true).withLimits(BotDesk.limits(3, 50, 500)));
        try (LogCapture log = LogCapture.of(BotKeysTest.ENDPOINT_LOG)) {
            for (int i = 1; i <= 3; i++) {
                assertThat(code(bot("k" + i, SALES, null).events.await(TestBot.USERNAME_ACK)))
                        .isNull();
            }
            assertThat(code(bot("k4", SALES, null).events.await(TestBot.USERNAME_ACK)))
                    .isEqualTo("over_capacity");
            TestBot seed = TestBot.connect(desk.url, "k5", SALES, List.of());
            bots.add(seed);
            assertThat(((JSONObject) seed.events.await("desk_error")).getString("code"))
                    .isEqualTo("over_capacity");
            assertThat(code(bot("k1", SALES, null).events.await(TestBot.USERNAME_ACK)))
                    .as("a chat already open is not a new one: its own door answers")
                    .isEqualTo("conversation_in_use");
            assertThat(code(bot("s1", Map.of("BotID", SHOP, "department", "sales"), Map.of("key", SHOP_KEY))
                            .events
                            .await(TestBot.USERNAME_ACK)))
                    .as("a bot with a key is not counted with the keyless ones")
                    .isNull();

            String warning = log.awaitWarning("over 3 per minute");
            assertThat(warning).contains("127.0.0.1").contains("over_capacity");
            assertThat(log.messages().stream().filter(m -> m.contains("per minute")))
                    .as("one line for the refusals of one address within 10 s")
                    .hasSize(1);
            assertThat(desk.service.desk().counts().values().stream()
                            .mapToLong(Long::longValue)
                            .sum())
                    .isEqualTo(4);
        }
    }
}
