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
    void theQueueNeverHoldsMoreThanItsCapacityAndAWritePastItIsRefusedWithoutWaiting() throws Exception {
        try (WriteBehindChatStore store = new WriteBehindChatStore(gated(), 10, Duration.ofSeconds(5))) {
            store.create(chat("queued")); // the writer waits in this one
            for (int seq = 1; seq <= 8; seq++) {
                store.admit();
                store.append(message(seq));
            }
            assertThat(store.pendingWrites()).isEqualTo(9);
            assertThatThrownBy(store::admit)
                    .as("commands are refused from nine tenths of the capacity")
                    .isInstanceOf(StoreBusyException.class)
                    .hasMessageContaining("9 writes are waiting")
                    .hasMessageContaining("refused from 9");
            store.append(message(9)); // a write that follows an admitted command takes the room kept for it
            assertThat(store.pendingWrites()).isEqualTo(10);

            int capacity = WriteBehindChatStore.capacity(10);
            assertThat(capacity).as("as many again, at least MIN_RESERVE").isEqualTo(10 + 1024);
            for (int seq = 10; seq < capacity; seq++)
                store.append(message(seq)); // the reserve: acknowledgements, timers
            assertThat(store.pendingWrites()).isEqualTo(capacity);
            assertThatThrownBy(() -> store.append(message(capacity)))
                    .as("refused at once: its caller may hold the desk's lock on a Socket.IO thread")
                    .isInstanceOf(StoreBusyException.class)
                    .hasMessageContaining("the write queue is full");
            assertThat(store.pendingWrites()).isEqualTo(capacity);

            open.countDown();
            store.durable().get(5, TimeUnit.SECONDS);
            assertThat(memory.messages("c1")).hasSize(capacity - 1);
            store.append(message(capacity)); // room again
            store.durable().get(5, TimeUnit.SECONDS);
            assertThat(memory.messages("c1")).hasSize(capacity);
            assertThat(store.pendingWrites()).isZero();
            store.admit();
        }
    }

    @Test
    void abandoningAFullQueueGivesItsWritesUpAndTellsNoOneTheyAreStored() throws Exception {
        CountDownLatch never = new CountDownLatch(1);
        java.util.concurrent.atomic.AtomicBoolean down = new java.util.concurrent.atomic.AtomicBoolean();
        ChatStore lost = (ChatStore) Proxy.newProxyInstance(
                ChatStore.class.getClassLoader(), new Class<?>[] {ChatStore.class}, (proxy, method, args) -> {
                    if (method.getName().matches("create|update|append|batch")) {
                        if (down.get()) throw new StoreException("the lock's connection is gone", null);
                        never.await(); // until abandon() interrupts the writer
                        throw new StoreException("the lock's connection is gone", null);
                    }
                    return method.invoke(memory, args);
                });
        WriteBehindChatStore store = new WriteBehindChatStore(lost, 3, Duration.ofSeconds(5));
        store.create(chat("queued"));
        store.append(message(1));
        store.append(message(2));
        CompletableFuture<Void> durable = store.durable();
        for (int seq = 3; seq < WriteBehindChatStore.capacity(3); seq++) store.append(message(seq));
        assertThatThrownBy(() -> store.append(message(WriteBehindChatStore.capacity(3))))
                .isInstanceOf(StoreBusyException.class);

        down.set(true);
        store.abandon();

        assertThat(durable).isCompletedExceptionally();
        assertThatThrownBy(() -> durable.get()).hasMessageContaining("[store-not-written]");
        assertThat(store.pendingWrites()).isZero();
        assertThat(store.durable()).as("after the gap, nothing is durable").isCompletedExceptionally();
        assertThatThrownBy(() -> store.append(message(4))).hasMessageContaining("[store-closed]");
        assertThat(memory.messages("c1")).isEmpty();
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
