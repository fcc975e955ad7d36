package dev.handoff.desk.security.bots;

import dev.handoff.desk.config.DeskConfig;
import dev.handoff.desk.config.SecurityConfig;
import dev.handoff.desk.server.DeskService;
import dev.handoff.desk.support.TestAgent;
import dev.handoff.desk.support.TestBot;
import dev.handoff.desk.support.TestDesks;
import dev.handoff.liveagent.HandoffRequest;
import dev.handoff.liveagent.LiveAgentUrls;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * A test desk for the bots' doors: the test desks' agents and departments, with {@code bots} and
 * {@code security} as a test sets them. {@link #SHOP} has a key; any other bot id is keyless.
 */
final class BotDesk implements AutoCloseable {
    static final String SHOP = "shop";
    static final String SHOP_KEY = "shop-key-7f3a9c1e5b2d4f60";
    static final String KEYLESS_BOT = "bot-under-test";

    final DeskConfig config;
    final String url;
    DeskService service;

    private BotDesk(DeskConfig config) {
        this.config = config;
        this.url = TestDesks.url(config);
        this.service = TestDesks.start(config);
    }

    /** A desk with {@link #SHOP} (no chat cap) and {@code security} changed by {@code change}. */
    static BotDesk start(Path data, UnaryOperator<SecurityConfig> change) {
        DeskConfig base = TestDesks.config(data);
        SecurityConfig security = base.security().withBots(List.of(new SecurityConfig.BotConfig(SHOP, SHOP_KEY, 0)));
        return new BotDesk(base.withSecurity(change.apply(security)));
    }

    /** The default limits with the given ones changed: new chats per minute without a key, events per second, burst. */
    static SecurityConfig.Limits limits(int keylessChatsPerMinute, int eventsPerSecond, int eventBurst) {
        SecurityConfig.Limits d = SecurityConfig.Limits.DEFAULT;
        return new SecurityConfig.Limits(
                d.connectionsPerAddress(),
                d.unidentifiedPerAddress(),
                d.identifyWithin(),
                keylessChatsPerMinute,
                eventsPerSecond,
                eventBurst,
                d.signInFailures(),
                d.signInLockout());
    }

    void restart() {
        service.stop();
        service = TestDesks.start(config);
    }

    /** A handoff request of our client for {@code conversationId} of {@code botId}, to the sales department. */
    HandoffRequest request(String conversationId, String botId) {
        return new HandoffRequest(
                LiveAgentUrls.of(URI.create(url)),
                conversationId,
                botId,
                "sales",
                "en",
                null,
                List.of(HandoffRequest.Line.user("I want a person")),
                Duration.ofSeconds(20),
                Duration.ofSeconds(30));
    }

    /** The user messages the agent's console was shown for {@code chatId}, in order. */
    static List<String> userMessagesSeenBy(TestAgent agent, String chatId) {
        return agent.userMessagesShown(chatId);
    }

    /** The error code of a {@code username} or {@code from_user} acknowledgement, {@code null} for ok. */
    static String code(Object ack) {
        return TestBot.ackCode(ack);
    }

    @Override
    public void close() {
        service.stop();
    }
}
