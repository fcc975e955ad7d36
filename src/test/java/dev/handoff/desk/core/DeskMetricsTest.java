package dev.handoff.desk.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.handoff.desk.api.Contact;
import dev.handoff.desk.config.DeskConfig;
import dev.handoff.desk.config.DeskConfigLoader;
import dev.handoff.desk.store.InMemoryChatStore;
import dev.handoff.desk.store.StoredChat;
import dev.handoff.desk.support.DeskConfigs;
import dev.handoff.desk.support.MutableClock;
import dev.handoff.desk.support.RecordingOutbox;
import dev.handoff.desk.support.TestDesks;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Every desk figure on scripted chats, with a hand-moved clock: the exact values a scrape would show. */
class DeskMetricsTest {
    static final Instant T0 = Instant.parse("2026-01-05T08:00:00Z");
    final MutableClock clock = new MutableClock(T0);
    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    final InMemoryChatStore store = new InMemoryChatStore();
    final AtomicInteger ids = new AtomicInteger();
    DeskConfig config = DeskConfigLoader.parse(TestDesks.YAML, "test").withDataDir(Path.of("unused"));

    HelpDesk desk() {
        return new HelpDesk(
                config,
                store,
                clock,
                new RecordingOutbox(),
                () -> "chat-" + ids.incrementAndGet(),
                DeskTranslation.none(),
                registry);
    }

    static OpenChat user(String conversation, String department) {
        return new OpenChat(conversation, "bot-1", department, null, null, false);
    }

    void advance(long seconds) {
        clock.advance(Duration.ofSeconds(seconds));
    }

    double count(String name, String... tags) {
        return registry.get(name).tags(tags).counter().count();
    }

    double gauge(String name, String... tags) {
        return registry.get(name).tags(tags).gauge().value();
    }

    double oldestWaitSeconds(String department) {
        return registry.get("desk.queue.oldest.wait")
                .tags("department", department)
                .timeGauge()
                .value(TimeUnit.SECONDS);
    }

    long timerCount(String name, String department) {
        return registry.get(name).tags("department", department).timer().count();
    }

    double timerSeconds(String name, String department) {
        return registry.get(name).tags("department", department).timer().totalTime(TimeUnit.SECONDS);
    }

    @Test
    void aChatAnsweredAndResolvedIsCountedOnceWithItsWaitFirstResponseAndHandleTime() {
        HelpDesk desk = desk();
        String chat = desk.openChat(user("c1", "sales"), id -> {}).chatId();
        advance(30);
        desk.agentConnected("ann", view -> {});
        advance(10);
        desk.userMessage(chat, null, "hello?");
        advance(10);
        desk.reply("ann", chat, "hi").join();
        advance(5);
        desk.reply("ann", chat, "how can I help?").join();
        desk.userMessage(chat, null, "my order");
        advance(95);
        desk.resolve("ann", chat);

        assertThat(count("desk.chats.queued", "department", "sales", "reason", "new"))
                .isEqualTo(1);
        assertThat(count("desk.chats.assigned", "department", "sales", "how", "auto"))
                .isEqualTo(1);
        assertThat(count("desk.chats.assigned", "department", "sales", "how", "take"))
                .isZero();
        assertThat(timerCount("desk.chat.wait.time", "sales")).isEqualTo(1);
        assertThat(timerSeconds("desk.chat.wait.time", "sales")).isEqualTo(30);
        assertThat(timerCount("desk.chat.first.response.time", "sales")).isEqualTo(1);
        assertThat(timerSeconds("desk.chat.first.response.time", "sales")).isEqualTo(50);
        assertThat(count("desk.chats.resolved", "department", "sales")).isEqualTo(1);
        assertThat(count("desk.chats.archived", "department", "sales", "reason", "resolved"))
                .isEqualTo(1);
        assertThat(count("desk.chats.abandoned", "department", "sales", "reason", "resolved"))
                .isZero();
        assertThat(timerCount("desk.chat.handle.time", "sales")).isEqualTo(1);
        assertThat(timerSeconds("desk.chat.handle.time", "sales")).isEqualTo(120);
        var users = registry.get("desk.chat.messages")
                .tags("department", "sales", "sender", "user")
                .summary();
        var agents = registry.get("desk.chat.messages")
                .tags("department", "sales", "sender", "agent")
                .summary();
        assertThat(users.count()).isEqualTo(1);
        assertThat(users.totalAmount()).isEqualTo(2);
        assertThat(agents.totalAmount()).isEqualTo(2);
        assertThat(gauge("desk.queue.length", "department", "sales")).isZero();
    }

    @Test
    void aChatWhoseUserLeavesBeforeAnyAgentHadItIsAbandoned() {
        HelpDesk desk = desk();
        String chat = desk.openChat(user("c1", "support"), id -> {}).chatId();
        desk.userMessage(chat, null, "anyone?");
        advance(5);
        desk.userDisconnected(chat);
        advance(30);
        desk.tick();

        assertThat(count("desk.chats.archived", "department", "support", "reason", "user_disconnected"))
                .isEqualTo(1);
        assertThat(count("desk.chats.abandoned", "department", "support", "reason", "user_disconnected"))
                .isEqualTo(1);
        assertThat(count("desk.chats.resolved", "department", "support")).isZero();
        assertThat(timerCount("desk.chat.wait.time", "support")).isZero();
        assertThat(registry.get("desk.chat.messages")
                        .tags("department", "support", "sender", "user")
                        .summary()
                        .totalAmount())
                .isEqualTo(1);
        assertThat(gauge("desk.queue.length", "department", "support")).isZero();
    }

    @Test
    void anIdleChatIsArchivedAsIdleAndAnAgentWhoHadItKeepsItFromBeingAbandoned() {
        HelpDesk desk = desk();
        desk.agentConnected("ann", view -> {});
        desk.openChat(user("c1", "sales"), id -> {});
        advance(Duration.ofHours(24).toSeconds());
        desk.tick();

        assertThat(count("desk.chats.archived", "department", "sales", "reason", "idle"))
                .isEqualTo(1);
        assertThat(count("desk.chats.abandoned", "department", "sales", "reason", "idle"))
                .isZero();
        assertThat(timerCount("desk.chat.handle.time", "sales")).isZero();
        assertThat(timerCount("desk.chat.first.response.time", "sales")).isZero();
    }

    @Test
    void queueLengthOldestWaitAndAgentsSignedInAreGaugedPerDepartment() {
        config = DeskConfigs.withAutoAssign(config, false);
        HelpDesk desk = desk();
        desk.openChat(user("c1", "sales"), id -> {});
        advance(10);
        String second = desk.openChat(user("c2", "sales"), id -> {}).chatId();
        advance(50);

        assertThat(gauge("desk.queue.length", "department", "sales")).isEqualTo(2);
        assertThat(oldestWaitSeconds("sales")).isEqualTo(60);
        assertThat(gauge("desk.queue.length", "department", "support")).isZero();
        assertThat(oldestWaitSeconds("support")).isZero();
        advance(15);
        assertThat(oldestWaitSeconds("sales"))
                .as("read from the clock at the scrape")
                .isEqualTo(75);

        desk.agentConnected("ann", view -> {});
        desk.agentConnected("cara", view -> {});
        desk.setStatus("cara", "away");
        assertThat(gauge("desk.agents.connected", "department", "sales", "status", "online"))
                .isEqualTo(1);
        assertThat(gauge("desk.agents.connected", "department", "sales", "status", "away"))
                .isEqualTo(1);
        assertThat(gauge("desk.agents.connected", "department", "support", "status", "online"))
                .isZero();
        assertThat(gauge("desk.agents.connected", "department", "support", "status", "away"))
                .isEqualTo(1);

        desk.take("ann", "chat-1");
        assertThat(count("desk.chats.assigned", "department", "sales", "how", "take"))
                .isEqualTo(1);
        assertThat(gauge("desk.queue.length", "department", "sales")).isEqualTo(1);
        assertThat(oldestWaitSeconds("sales")).isEqualTo(65);

        desk.agentDisconnected("cara");
        assertThat(gauge("desk.agents.connected", "department", "sales", "status", "away"))
                .isZero();
        desk.take("ann", second);
        assertThat(gauge("desk.queue.length", "department", "sales")).isZero();
        assertThat(oldestWaitSeconds("sales")).isZero();
    }

    @Test
    void transfersAreCountedByDestinationAndTheWaitOnlyAtTheFirstAssignment() {
        config = DeskConfigs.withAutoAssign(config, false);
        HelpDesk desk = desk();
        String chat = desk.openChat(user("c1", "sales"), id -> {}).chatId();
        desk.agentConnected("ann", view -> {});
        desk.agentConnected("cara", view -> {});
        desk.agentConnected("bob", view -> {});
        advance(20);
        desk.take("ann", chat);
        advance(20);
        desk.transfer("ann", chat, "cara", null);
        advance(20);
        desk.transfer("cara", chat, null, "support");
        assertThat(gauge("desk.queue.length", "department", "support")).isEqualTo(1);
        advance(20);
        desk.take("bob", chat);

        assertThat(count("desk.chats.transferred", "department", "sales", "to", "agent"))
                .isEqualTo(1);
        assertThat(count("desk.chats.transferred", "department", "sales", "to", "department"))
                .isEqualTo(1);
        assertThat(count("desk.chats.assigned", "department", "sales", "how", "transfer"))
                .isEqualTo(1);
        assertThat(count("desk.chats.queued", "department", "support", "reason", "transfer"))
                .isEqualTo(1);
        assertThat(count("desk.chats.assigned", "department", "support", "how", "take"))
                .isEqualTo(1);
        assertThat(timerCount("desk.chat.wait.time", "sales")).isEqualTo(1);
        assertThat(timerSeconds("desk.chat.wait.time", "sales")).isEqualTo(20);
        assertThat(timerCount("desk.chat.wait.time", "support")).isZero();
    }

    @Test
    void aChatWhoseAgentStaysOfflineIsQueuedAgainAndCountedSo() {
        HelpDesk desk = desk();
        desk.agentConnected("bob", view -> {});
        desk.openChat(user("c1", "support"), id -> {});
        desk.agentDisconnected("bob");
        advance(30);
        desk.tick();
        assertThat(count("desk.chats.queued", "department", "support", "reason", "agent_gone"))
                .isEqualTo(1);
        assertThat(gauge("desk.queue.length", "department", "support")).isEqualTo(1);
        assertThat(oldestWaitSeconds("support")).as("it waits again from now").isZero();
    }

    @Test
    void anUnansweredChatPastItsSlaIsRemindedOnce() {
        HelpDesk desk = desk();
        desk.agentConnected("bob", view -> {});
        desk.openChat(user("c1", "support"), id -> {});
        advance(Duration.ofHours(1).toSeconds());
        desk.tick();
        advance(60);
        desk.tick();
        assertThat(count("desk.sla.reminders", "department", "support")).isEqualTo(1);
    }

    @Test
    void aChatInADepartmentNoLongerConfiguredIsCountedAsOther() {
        store.create(new StoredChat(
                "old",
                "bot-1",
                "conv-old",
                "billing",
                null,
                Contact.NONE,
                null,
                "queued",
                null,
                T0,
                T0,
                T0,
                null,
                null));
        HelpDesk desk = desk();
        desk.resumeStored();
        advance(40);
        assertThat(gauge("desk.queue.length", "department", "other")).isEqualTo(1);
        assertThat(oldestWaitSeconds("other")).isEqualTo(40);
        assertThat(registry.getMeters().stream()
                        .map(Meter::getId)
                        .map(id -> id.getTag("department"))
                        .filter(d -> d != null)
                        .distinct())
                .containsExactlyInAnyOrder("sales", "support", "other");
    }

    @Test
    void aRatingIsRecordedInItsDepartmentsSummary() {
        DeskMetrics metrics = new DeskMetrics(registry, config, clock);
        metrics.rated("sales", 4);
        metrics.rated("billing", 2);
        assertThat(registry.get("desk.chat.rating")
                        .tags("department", "sales")
                        .summary()
                        .totalAmount())
                .isEqualTo(4);
        assertThat(registry.get("desk.chat.rating")
                        .tags("department", "other")
                        .summary()
                        .count())
                .isEqualTo(1);
    }
}
