package dev.handoff.desk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.handoff.desk.config.DeskConfig;
import dev.handoff.desk.config.DeskConfigLoader;
import dev.handoff.desk.core.HelpDesk;
import dev.handoff.desk.core.OpenChat;
import dev.handoff.desk.store.InMemoryChatStore;
import dev.handoff.desk.support.MutableClock;
import dev.handoff.desk.support.RecordingOutbox;
import dev.handoff.desk.support.TestDesks;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The notices addition's rules with a hand-moved clock: only on change, at most once a second per chat. */
class QueueNoticesTest {
    final MutableClock clock = new MutableClock(Instant.parse("2026-01-05T08:00:00Z"));
    final RecordingOutbox outbox = new RecordingOutbox();
    final AtomicInteger ids = new AtomicInteger();
    final DeskConfig config = DeskConfigLoader.parse(
                    TestDesks.YAML.replace("autoAssign: true", "autoAssign: false"), "test")
            .withDataDir(Path.of("unused"));
    final HelpDesk desk =
            new HelpDesk(config, new InMemoryChatStore(), clock, outbox, () -> "chat-" + ids.incrementAndGet());

    String open(String conversation, boolean notices) {
        return desk.openChat(
                        new OpenChat(conversation, "bot-1", "sales", null, null, false, false, null, notices),
                        chatId -> {})
                .chatId();
    }

    List<Object> told(String chatId, String event) {
        return outbox.sent.stream()
                .filter(s -> s.to().equals("user:" + chatId) && s.event().equals(event))
                .map(RecordingOutbox.Sent::payload)
                .toList();
    }

    @Test
    void aWaitingChatIsToldItsPlaceOnlyWhenItChangesAndAtMostOnceASecond() {
        String first = open("c1", true);
        String second = open("c2", true);
        String third = open("c3", true);
        String quiet = open("c4", false);
        assertThat(told(first, "queue_position")).containsExactly("1@sales");
        assertThat(told(second, "queue_position")).containsExactly("2@sales");
        assertThat(told(third, "queue_position")).containsExactly("3@sales");

        desk.agentConnected("ann", view -> {});
        desk.take("ann", first);
        assertThat(told(first, "agent_joined")).containsExactly("ann");
        assertThat(told(second, "queue_position"))
                .as("told a second ago: later")
                .containsExactly("2@sales");

        clock.advance(Duration.ofSeconds(1));
        desk.tick();
        desk.tick();
        assertThat(told(second, "queue_position")).containsExactly("2@sales", "1@sales");
        assertThat(told(third, "queue_position")).containsExactly("3@sales", "2@sales");

        desk.take("ann", second);
        clock.advance(Duration.ofMillis(500));
        desk.tick();
        assertThat(told(third, "queue_position")).containsExactly("3@sales", "2@sales");
        clock.advance(Duration.ofMillis(500));
        desk.tick();
        assertThat(told(third, "queue_position")).containsExactly("3@sales", "2@sales", "1@sales");

        assertThat(told(quiet, "queue_position")).isEmpty();
        assertThat(told(first, "agent_joined")).as("once per agent").hasSize(1);
    }
}
