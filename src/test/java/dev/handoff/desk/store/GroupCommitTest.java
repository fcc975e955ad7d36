package dev.handoff.desk.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.handoff.desk.api.Contact;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The write-behind store commits what queued meanwhile as one transaction, on a real database (H2). */
class GroupCommitTest {
    private static final Instant NOW = Instant.parse("2026-01-05T08:00:00Z");

    private static JdbcChatStore h2() {
        return JdbcChatStore.open("jdbc:h2:mem:gc-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", null, null);
    }

    private static StoredChat chat(String id) {
        return new StoredChat(
                id, "bot", "conv-" + id, "sales", "en", Contact.NONE, null, "queued", null, NOW, NOW, NOW, null, null);
    }

    private static StoredMessage message(String chat, int seq) {
        return new StoredMessage(chat, seq, false, "user", null, "m" + seq, "en", null, NOW);
    }

    @Test
    void writesThatQueuedWhileTheDatabaseWasBusyAreCommittedTogetherAndEveryOneIsStored() throws Exception {
        JdbcChatStore database = h2();
        try (WriteBehindChatStore store = new WriteBehindChatStore(database, 1_000, Duration.ofSeconds(10))) {
            store.create(chat("c1"));
            store.durable().get(5, TimeUnit.SECONDS);
            synchronized (database) { // the database is busy: the writer waits in its first write
                for (int seq = 1; seq <= 200; seq++) store.append(message("c1", seq));
            }
            store.durable().get(10, TimeUnit.SECONDS);
            assertThat(database.messages("c1")).hasSize(200);
            long[] commits = store.groupCommits();
            assertThat(commits[1]).as("writes committed in batches").isGreaterThanOrEqualTo(150);
            assertThat(commits[0]).as("batches").isLessThan(commits[1]);
        }
    }

    @Test
    void aWriteTheDatabaseRefusesInABatchHoldsUpNeitherTheWritesBeforeItNorLies() throws Exception {
        JdbcChatStore database = h2();
        WriteBehindChatStore store = new WriteBehindChatStore(database, 1_000, Duration.ofSeconds(1));
        store.create(chat("c1"));
        store.durable().get(5, TimeUnit.SECONDS);
        synchronized (database) {
            store.append(message("c1", 1)); // the writer waits in this one; the next three queue behind it
            store.append(message("c1", 2));
            store.append(message("no-such-chat", 1)); // refused: no chat
            store.append(message("c1", 3));
        }
        var durable = store.durable();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (database.messages("c1").size() < 2 && System.nanoTime() < deadline) Thread.sleep(20);
        assertThat(database.messages("c1")).extracting(StoredMessage::text).containsExactly("m1", "m2");
        assertThat(durable)
                .as("not durable while a write before it is not written")
                .isNotDone();
        store.abandon();
        assertThat(durable).isCompletedExceptionally();
    }
}
