package dev.handoff.desk.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.handoff.desk.api.Contact;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class WriteBehindChatStoreTest {
    private static final Instant NOW = Instant.parse("2026-01-05T08:00:00Z");
    private final InMemoryChatStore memory = new InMemoryChatStore();
    private final CountDownLatch open = new CountDownLatch(1);

    /** The in-memory store behind a gate: every write waits until {@link #open} is counted down. */
    private ChatStore gated() {
        return (ChatStore) Proxy.newProxyInstance(
                ChatStore.class.getClassLoader(), new Class<?>[] {ChatStore.class}, (proxy, method, args) -> {
                    if (method.getName().matches("create|update|updateMessage|append|replaceHistory|assignment.*"))
                        open.await(10, TimeUnit.SECONDS);
                    return method.invoke(memory, args);
                });
    }

    private static StoredChat chat(String status) {
        return new StoredChat(
                "c1", "bot", "conv", "sales", "en", Contact.NONE, null, status, null, NOW, NOW, NOW, null, null);
    }

    private static StoredMessage message(int seq) {
        return new StoredMessage("c1", seq, false, "user", null, "m" + seq, "en", null, NOW);
    }

    @Test
    void writesWaitForASlowDatabaseWhileTheOpenChatIsReadFromMemoryAndDurableCompletesAfterThem() throws Exception {
        try (WriteBehindChatStore store = new WriteBehindChatStore(gated(), 100, Duration.ofSeconds(5))) {
            store.create(chat("queued"));
            store.append(message(1));
            store.append(message(2));
            CompletableFuture<Void> durable = store.durable();

            assertThat(store.messages("c1")).extracting(StoredMessage::text).containsExactly("m1", "m2");
            assertThat(store.chat("c1")).isPresent();
            assertThat(store.pendingWrites()).isEqualTo(3);
            assertThat(durable).isNotDone();
            assertThat(memory.messages("c1")).isEmpty();

            open.countDown();
            durable.get(5, TimeUnit.SECONDS);
            assertThat(memory.messages("c1")).extracting(StoredMessage::text).containsExactly("m1", "m2");
            assertThat(store.pendingWrites()).isZero();
        }
    }

    @Test
    void aFullQueueRefusesAdmissionUntilTheDatabaseCatchesUp() throws Exception {
        try (WriteBehindChatStore store = new WriteBehindChatStore(gated(), 2, Duration.ofSeconds(5))) {
            store.admit();
            store.create(chat("queued"));
            store.append(message(1));
            assertThatThrownBy(store::admit)
                    .isInstanceOf(StoreBusyException.class)
                    .hasMessageContaining("2 writes are waiting");
            open.countDown();
            store.durable().get(5, TimeUnit.SECONDS);
            store.admit();
        }
    }

    @Test
    void closingWritesEverythingQueuedFirst() {
        WriteBehindChatStore store = new WriteBehindChatStore(gated(), 100, Duration.ofSeconds(5));
        store.create(chat("queued"));
        for (int i = 1; i <= 50; i++) store.append(message(i));
        open.countDown();
        store.close();
        assertThat(memory.messages("c1")).hasSize(50);
    }

    @Test
    void anArchivedChatLeavesMemoryOnceWrittenAndIsThenReadFromTheDatabase() throws Exception {
        try (WriteBehindChatStore store = new WriteBehindChatStore(gated(), 100, Duration.ofSeconds(5))) {
            open.countDown();
            store.create(chat("queued"));
            store.append(message(1));
            store.update(chat("archived"));
            store.durable().get(5, TimeUnit.SECONDS);
            assertThat(store.chat("c1").orElseThrow().status()).isEqualTo("archived");
            assertThat(store.archived(0, 10)).hasSize(1);
            assertThat(store.messages("c1")).extracting(StoredMessage::text).containsExactly("m1");
        }
    }

    @Test
    void aTranslationStoredLaterIsReadFromMemoryAtOnceAndWrittenBehind() throws Exception {
        try (WriteBehindChatStore store = new WriteBehindChatStore(gated(), 100, Duration.ofSeconds(5))) {
            store.create(chat("queued"));
            store.append(message(1));
            store.replaceHistory("c1", List.of(new StoredMessage("c1", 1, true, "bot", null, "h1", "zu", null, NOW)));
            StoredTranslation t = new StoredTranslation("hello", "en", "apertium", null);
            store.updateMessage(message(1).relabeled("zu", t));
            store.updateMessage(new StoredMessage("c1", 1, true, "bot", null, "h1", "zu", t, NOW));

            assertThat(store.messages("c1"))
                    .extracting(StoredMessage::translation)
                    .containsExactly(t, t);
            assertThat(store.messages("c1")).extracting(StoredMessage::language).containsExactly("zu", "zu");

            open.countDown();
            store.durable().get(5, TimeUnit.SECONDS);
            assertThat(memory.messages("c1"))
                    .extracting(StoredMessage::translation)
                    .containsExactly(t, t);
        }
    }
}
