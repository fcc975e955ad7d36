package dev.handoff.desk.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.handoff.desk.api.AgentEvent;
import dev.handoff.desk.api.DeskError;
import dev.handoff.desk.config.DeskConfig;
import dev.handoff.desk.config.DeskConfigLoader;
import dev.handoff.desk.store.InMemoryChatStore;
import dev.handoff.desk.support.MutableClock;
import dev.handoff.desk.support.RecordingOutbox;
import dev.handoff.desk.support.TestDesks;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The desk's port over this process's {@link HelpDesk}: refusals travel as failed futures, as plain data. */
class LocalDeskTest {
    final MutableClock clock = new MutableClock(Instant.parse("2026-01-05T08:00:00Z"));
    final RecordingOutbox outbox = new RecordingOutbox();
    final InMemoryChatStore store = new InMemoryChatStore();
    final AtomicInteger ids = new AtomicInteger();
    final Connections connections = new Connections();
    final DeskConfig config = DeskConfigLoader.parse(TestDesks.YAML, "test").withDataDir(Path.of("unused"));
    final HelpDesk help = new HelpDesk(config, store, clock, outbox, () -> "chat-" + ids.incrementAndGet());
    final LocalDesk desk = new LocalDesk(help, outbox, connections, address -> {
        throw new DeskException(DeskError.Code.OVER_CAPACITY, "no new chats from " + address);
    });

    /** The connections the desk was told about, in order. */
    static final class Connections implements DeskConnections {
        final List<String> calls = new ArrayList<>();

        @Override
        public synchronized String attachUser(String chatId, String connection) {
            calls.add("attachUser " + chatId + " " + connection);
            return null;
        }

        @Override
        public synchronized boolean detachUser(String chatId, String connection) {
            calls.add("detachUser " + chatId + " " + connection);
            return true;
        }

        @Override
        public synchronized void attachAgent(String agent, String connection) {
            calls.add("attachAgent " + agent + " " + connection);
        }

        @Override
        public synchronized boolean detachAgent(String agent, String connection) {
            calls.add("detachAgent " + agent + " " + connection);
            return true;
        }

        @Override
        public synchronized void send(String connection, AgentEvent event) {
            calls.add("send " + connection + " " + event.event());
        }
    }

    static DeskException refusal(CompletableFuture<?> future) {
        assertThat(future).isCompletedExceptionally();
        Throwable failure = future.handle((v, e) -> e).join();
        assertThat(failure).isNotInstanceOf(CompletionException.class).isInstanceOf(DeskException.class);
        return (DeskException) failure;
    }

    @Test
    void aRefusalFailsTheFutureWithItsCodeAndMessageInsteadOfThrowing() {
        DeskException e = refusal(desk.take("ann", "no-such-chat"));

        assertThat(e.code()).isEqualTo(DeskError.Code.NOT_FOUND);
        assertThat(e.getMessage()).isEqualTo("no open chat 'no-such-chat'");
        assertThat(refusal(desk.setStatus("ann", "asleep")).code()).isEqualTo(DeskError.Code.BAD_REQUEST);
        assertThat(refusal(desk.userMessage("no-such-chat", null, "hi")).code()).isEqualTo(DeskError.Code.NOT_FOUND);
    }

    @Test
    void aRefusalThatComesAfterTheDesksOwnFutureIsPassedOnUnwrapped() {
        Desk.Opened opened = desk.openChat(new Desk.OpenRequest(
                        new OpenChat("c1", "bot-1", "support", null, null, true), "bot-connection", null))
                .join();
        desk.agentConnected("bob", "bob-connection", null).join();
        desk.resolve("bob", opened.chatId()).join();
        ChatRating rating = new ChatRating("c1", "bot-1", opened.chatId(), opened.resume(), 5, null);
        desk.rate(rating).join();

        DeskException again = refusal(desk.rate(rating));

        assertThat(again.code()).isEqualTo(DeskError.Code.ALREADY_RATED);
        assertThat(again.getMessage()).isEqualTo("the chat is rated already; the first rating stands");
    }

    @Test
    void theKeylessQuotaIsAskedOnlyForANewChatAndItsRefusalIsTheAnswer() {
        OpenChat chat = new OpenChat("c1", "bot-1", "support", null, null, false);
        Desk.Opened opened =
                desk.openChat(new Desk.OpenRequest(chat, "first", null)).join();
        desk.userDisconnected(opened.chatId(), "first").join();

        Desk.Opened resumed =
                desk.openChat(new Desk.OpenRequest(chat, "second", "10.0.0.7")).join();
        DeskException refused = refusal(desk.openChat(
                new Desk.OpenRequest(new OpenChat("c2", "bot-1", "support", null, null, false), "third", "10.0.0.7")));

        assertThat(resumed.chatId()).isEqualTo(opened.chatId());
        assertThat(refused.code()).isEqualTo(DeskError.Code.OVER_CAPACITY);
        assertThat(refused.getMessage()).isEqualTo("no new chats from 10.0.0.7");
        assertThat(connections.calls)
                .containsExactly(
                        "attachUser " + opened.chatId() + " first",
                        "detachUser " + opened.chatId() + " first",
                        "attachUser " + opened.chatId() + " second");
    }

    @Test
    void anAgentsConnectionIsAttachedAndWelcomedInOrderThenGivenItsChat() {
        desk.openChat(new Desk.OpenRequest(new OpenChat("c1", "bot-1", "support", null, null, false), "bot", null))
                .join();

        desk.agentConnected("bob", "bob-1", null).join();

        assertThat(connections.calls)
                .containsExactly(
                        "attachUser chat-1 bot",
                        "attachAgent bob bob-1",
                        "send bob-1 signed_in",
                        "send bob-1 desk_info",
                        "send bob-1 queue");
        assertThat(outbox.toAgent("bob", dev.handoff.desk.api.AgentEvents.ASSIGNED))
                .hasSize(1);
    }
}
