package dev.handoff.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.inject.util.Modules;
import dev.handoff.HandoffRuntime;
import dev.handoff.dialogue.Bot;
import dev.handoff.dialogue.TestRuntime;
import dev.handoff.liveagent.FakeLiveAgentClient;
import dev.handoff.routing.Route;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Sessions over a real dialogue manager: turns in order off the caller's thread, idle ones closed, handoffs kept. */
class SessionsTest {
    FakeLiveAgentClient liveAgent = new FakeLiveAgentClient();
    HandoffRuntime runtime;
    ExecutorService workers = Executors.newFixedThreadPool(4);
    Sessions sessions;

    @BeforeEach
    void start() {
        runtime = TestRuntime.with(liveAgent, Modules.EMPTY_MODULE);
        Bot shop = runtime.bot(
                runtime.botLoader().loadOrThrow("shop-bot.yaml", ServeRig.BOT.formatted("http://127.0.0.1:9")));
        sessions = new Sessions(
                runtime.conversations(), List.of(ServeRig.served(shop)), new InMemoryTranscripts(), workers);
    }

    @AfterEach
    void stop() {
        sessions.closeAll();
        runtime.close();
        workers.shutdownNow();
    }

    @Test
    void manyMessagesSentAtOnceAreTurnsInTheOrderTheyWereAcceptedAndEachGetsItsOwnReplies() throws Exception {
        Session session = sessions.create(null, null);
        var last = session.send("hello");
        for (int i = 0; i < 20; i++) last = session.send(i % 2 == 0 ? "nonsense " + i : "hello");
        assertThat(last.get(10, TimeUnit.SECONDS)).extracting(ChatLine::text).containsExactly("Hello! How can I help?");
        List<ChatLine> history = session.history();
        for (int i = 1; i < history.size(); i++)
            assertThat(history.get(i).seq()).isEqualTo(history.get(i - 1).seq() + 1);
        List<String> users = history.stream()
                .filter(l -> l.from() == ChatLine.From.USER)
                .map(ChatLine::text)
                .toList();
        assertThat(users).hasSize(21).startsWith("hello", "nonsense 0", "hello", "nonsense 2");
    }

    @Test
    void idleConversationsWithTheBotAreClosedButAHandedOffOneIsNot() throws Exception {
        Session quiet = sessions.create(null, null);
        quiet.send("hello").get(10, TimeUnit.SECONDS);
        Session handedOff = sessions.create(null, null);
        handedOff.send("agent").get(10, TimeUnit.SECONDS);
        handedOff.send("Sales").get(10, TimeUnit.SECONDS);
        assertThat(runtime.conversations().route(handedOff.id())).isEqualTo(Route.LIVE_AGENT);
        assertThat(sessions.closeIdle(Duration.ofHours(1))).isZero();
        assertThat(sessions.closeIdle(Duration.ZERO)).isEqualTo(1);
        assertThat(sessions.find(quiet.id())).isEmpty();
        assertThat(sessions.find(handedOff.id())).contains(handedOff);
        assertThat(liveAgent.last().isClosed()).isFalse();
    }

    @Test
    void aMessageOverTheBotsMaximumOrBlankIsRefusedWithItsCodeAndNotRecorded() {
        Session session = sessions.create(null, null);
        assertThatThrownBy(() -> session.send("x".repeat(501)))
                .isInstanceOfSatisfying(
                        ChannelError.class, e -> assertThat(e.code()).isEqualTo(ChannelError.Code.TOO_LONG));
        assertThatThrownBy(() -> session.send("  "))
                .isInstanceOfSatisfying(
                        ChannelError.class, e -> assertThat(e.code()).isEqualTo(ChannelError.Code.MALFORMED));
        assertThat(session.history()).isEmpty();
    }
}
