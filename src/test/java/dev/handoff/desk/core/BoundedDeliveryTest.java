package dev.handoff.desk.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.handoff.desk.api.DeskError;
import dev.handoff.desk.config.DeskConfig;
import dev.handoff.desk.config.DeskConfigLoader;
import dev.handoff.desk.store.ChatStore;
import dev.handoff.desk.store.InMemoryChatStore;
import dev.handoff.desk.support.MutableClock;
import dev.handoff.desk.support.RecordingOutbox;
import dev.handoff.desk.support.TestDesks;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The desk holds at most {@link HelpDesk#MAX_WAITING_DELIVERY} messages stored but not yet durable: past it, commands
 * that write are refused with {@code busy} and store nothing, and once the database catches up every kept message is
 * shown, in order, and commands are taken again.
 */
class BoundedDeliveryTest {
    final InMemoryChatStore memory = new InMemoryChatStore();
    /** What the store's writes wait for: the test completes it when the database "catches up". */
    final CompletableFuture<Void> writes = new CompletableFuture<>();

    final ChatStore store = (ChatStore) Proxy.newProxyInstance(
            ChatStore.class.getClassLoader(), new Class<?>[] {ChatStore.class}, (proxy, method, args) -> {
                if (method.getName().equals("durable")) return writes;
                try {
                    return method.invoke(memory, args);
                } catch (InvocationTargetException e) {
                    throw e.getCause();
                }
            });
    final RecordingOutbox outbox = new RecordingOutbox();
    final AtomicInteger ids = new AtomicInteger();
    final DeskConfig config = DeskConfigLoader.parse(TestDesks.YAML, "test").withDataDir(Path.of("unused"));
    final HelpDesk desk = new HelpDesk(
            config,
            store,
            new MutableClock(Instant.parse("2026-01-05T08:00:00Z")),
            outbox,
            () -> "chat-" + ids.incrementAndGet());

    @Test
    void messages_past_the_bound_are_refused_busy_and_the_kept_ones_are_shown_once_durable() throws Exception {
        desk.agentConnected("ann", view -> {});
        String chat = desk.openChat(new OpenChat("c1", "bot-1", "sales", null, null, false), id -> {})
                .chatId();
        for (int i = 0; i < HelpDesk.MAX_WAITING_DELIVERY; i++) desk.userMessage(chat, "m" + i, "message " + i);
        assertThat(outbox.toAgent("ann", "message"))
                .as("nothing durable yet: nothing shown")
                .isEmpty();

        assertThatThrownBy(() -> desk.userMessage(chat, "late", "one too many"))
                .isInstanceOfSatisfying(
                        DeskException.class, e -> assertThat(e.code()).isEqualTo(DeskError.Code.BUSY));
        assertThatThrownBy(() -> desk.reply("ann", chat, "hello").join())
                .hasCauseInstanceOf(DeskException.class)
                .hasMessageContaining("behind");
        assertThat(memory.messages(chat)).as("the refused ones are not stored").hasSize(HelpDesk.MAX_WAITING_DELIVERY);

        writes.complete(null);
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (outbox.toAgent("ann", "message").size() < HelpDesk.MAX_WAITING_DELIVERY && System.nanoTime() < deadline)
            Thread.sleep(10);
        var shown = outbox.toAgent("ann", "message");
        assertThat(shown).hasSize(HelpDesk.MAX_WAITING_DELIVERY);
        assertThat(shown.get(0).toString()).contains("message 0");
        assertThat(shown.get(shown.size() - 1).toString()).contains("message " + (HelpDesk.MAX_WAITING_DELIVERY - 1));

        desk.userMessage(chat, "late", "one too many");
        assertThat(memory.messages(chat)).hasSize(HelpDesk.MAX_WAITING_DELIVERY + 1);
    }
}
