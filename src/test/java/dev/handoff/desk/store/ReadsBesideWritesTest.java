package dev.handoff.desk.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.handoff.desk.api.Contact;
import dev.handoff.desk.support.LocalPostgres;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Reads run on connections of their own (a pool), beside the write connection: a read held open (a long archive
 * page, a report-sized search) never holds up a commit, and a read still sees every write that returned before it.
 */
class ReadsBesideWritesTest {
    private static final Instant NOW = Instant.parse("2026-01-05T08:00:00Z");
    private final ExecutorService threads = Executors.newFixedThreadPool(3);

    @AfterEach
    void stop() {
        threads.shutdownNow();
    }

    /** An H2 trigger that holds every read of its table until the test lets it go. */
    public static final class HeldRead implements org.h2.api.Trigger {
        static volatile CountDownLatch entered = new CountDownLatch(1);
        static volatile CountDownLatch release = new CountDownLatch(1);

        @Override
        public void fire(Connection c, Object[] oldRow, Object[] newRow) throws SQLException {
            entered.countDown();
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static StoredChat chat(String id) {
        return new StoredChat(
                id, "bot", "conv-" + id, "sales", "en", Contact.NONE, null, "queued", null, NOW, NOW, NOW, null, null);
    }

    private static StoredMessage message(String chat, int seq) {
        return new StoredMessage(chat, seq, false, "user", null, "m" + seq, "en", null, NOW);
    }

    @Test
    void a_read_held_open_on_h2_holds_up_no_write_and_the_writes_are_committed_meanwhile() throws Exception {
        String url = "jdbc:h2:mem:reads-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
        HeldRead.entered = new CountDownLatch(1);
        HeldRead.release = new CountDownLatch(1);
        try (JdbcChatStore store = JdbcChatStore.open(url, null, null);
                Connection outside = DriverManager.getConnection(url)) {
            store.create(chat("c1"));
            store.assignmentStarted("c1", "ann", NOW);
            try (Statement s = outside.createStatement()) {
                s.execute("CREATE TRIGGER held_read BEFORE SELECT ON desk_assignments CALL \""
                        + HeldRead.class.getName() + "\"");
            }
            CompletableFuture<List<String>> read =
                    CompletableFuture.supplyAsync(() -> store.assignments("c1"), threads);
            assertThat(HeldRead.entered.await(10, TimeUnit.SECONDS))
                    .as("the read is under way")
                    .isTrue();

            writeWhileTheReadIsHeld(store, outside, read);

            HeldRead.release.countDown();
            assertThat(read.get(10, TimeUnit.SECONDS)).containsExactly("ann:open");
        } finally {
            HeldRead.release.countDown();
        }
    }

    @Test
    void a_read_waiting_for_a_lock_on_postgres_holds_up_no_write() throws Exception {
        try (LocalPostgres.Schema schema = LocalPostgres.freshSchema();
                JdbcChatStore store = JdbcChatStore.open(schema.url(), null, null);
                Connection outside = DriverManager.getConnection(schema.url())) {
            store.create(chat("c1"));
            outside.setAutoCommit(false);
            try (Statement s = outside.createStatement()) {
                // reads of desk_assignments wait until this transaction ends
                s.execute("LOCK TABLE desk_assignments IN ACCESS EXCLUSIVE MODE");
            }
            CompletableFuture<List<String>> read =
                    CompletableFuture.supplyAsync(() -> store.assignments("c1"), threads);
            waitUntilWaitingForTheLock(schema.name(), read);

            writeWhileTheReadIsHeld(store, outside, read);

            outside.commit(); // the lock goes: the read goes on
            assertThat(read.get(10, TimeUnit.SECONDS)).isEmpty();
        }
    }

    @Test
    void a_read_after_a_write_behind_sees_it_though_it_reads_on_a_connection_of_its_own() throws Exception {
        JdbcChatStore database =
                JdbcChatStore.open("jdbc:h2:mem:ryw-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", null, null);
        try (WriteBehindChatStore store = new WriteBehindChatStore(database, 1_000, Duration.ofSeconds(10))) {
            store.create(chat("c1"));
            store.durable().get(5, TimeUnit.SECONDS);
            CompletableFuture<List<Object>> reads;
            synchronized (database) { // the writer waits in its first write: nothing below is committed yet
                store.setResumeHash("c1", "a".repeat(64));
                store.assignmentStarted("c1", "ann", NOW);
                store.update(archived("c1"));
                reads = CompletableFuture.supplyAsync(
                        () -> List.of(
                                store.resumeHash("c1"),
                                store.assignments("c1"),
                                store.archived(0, 10).stream()
                                        .map(StoredChat::id)
                                        .toList()),
                        threads);
                Thread.sleep(200); // reads that did not wait for the writes would read now, and miss them
            }
            assertThat(reads.get(10, TimeUnit.SECONDS))
                    .containsExactly(Optional.of("a".repeat(64)), List.of("ann:open"), List.of("c1"));
        }
    }

    @Test
    void a_leaders_read_pool_closes_with_its_store_and_its_reads_then_fail_as_closed() throws Exception {
        String name = "handoff-test-" + UUID.randomUUID().toString().substring(0, 8) + " reads";
        try (LocalPostgres.Schema schema = LocalPostgres.freshSchema()) {
            JdbcChatStore.migrate(schema.url(), null, null);
            Connection lockHolder = DriverManager.getConnection(schema.url());
            JdbcChatStore store = JdbcChatStore.on(lockHolder, schema.url(), null, null, 2, name);
            store.create(chat("c1"));
            assertThat(store.chat("c1")).isPresent();
            assertThat(connectionsNamed(name)).isPositive();

            store.close(); // what a leader that steps down does, through its write-behind store

            assertThat(lockHolder.isClosed()).isTrue();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (connectionsNamed(name) > 0 && System.nanoTime() < deadline) Thread.sleep(50);
            assertThat(connectionsNamed(name))
                    .as("no read connection is left open")
                    .isZero();
            assertThatThrownBy(() -> store.chat("c1")).hasMessageStartingWith("[store-closed]");
            assertThatThrownBy(() -> store.create(chat("c2"))).hasMessageStartingWith("[store-closed]");
        }
    }

    private static int connectionsNamed(String name) throws SQLException {
        try (Connection look = DriverManager.getConnection(LocalPostgres.SERVER);
                java.sql.PreparedStatement s =
                        look.prepareStatement("SELECT COUNT(*) FROM pg_stat_activity WHERE application_name = ?")) {
            s.setString(1, name);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    private static StoredChat archived(String id) {
        return new StoredChat(
                id,
                "bot",
                "conv-" + id,
                "sales",
                "en",
                Contact.NONE,
                null,
                "archived",
                null,
                NOW,
                NOW,
                NOW,
                NOW,
                "resolved");
    }

    /**
     * Writes on the store's thread while {@code read} is held, and checks from {@code outside} that they are
     * committed: with one connection under one lock, the writes would wait for the read.
     */
    private void writeWhileTheReadIsHeld(JdbcChatStore store, Connection outside, CompletableFuture<?> read)
            throws Exception {
        CompletableFuture<Void> writes = CompletableFuture.runAsync(
                () -> store.batch(() -> {
                    store.append(message("c1", 1));
                    store.append(message("c1", 2));
                }),
                threads);
        writes.get(10, TimeUnit.SECONDS);
        try (Statement s = outside.createStatement();
                ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM desk_messages WHERE chat_id = 'c1'")) {
            rs.next();
            assertThat(rs.getInt(1)).as("committed while the read was held").isEqualTo(2);
        }
        assertThat(read).as("the read is still held").isNotDone();
    }

    /** PostgreSQL says the read waits for the table's lock (pg_locks), so the writes that follow run during it. */
    private static void waitUntilWaitingForTheLock(String schema, CompletableFuture<?> read) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            assertThat(read).as("the read waits for the lock").isNotDone();
            try (Connection look = DriverManager.getConnection(LocalPostgres.SERVER);
                    Statement s = look.createStatement();
                    ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM pg_locks WHERE NOT granted AND relation = '"
                            + schema + ".desk_assignments'::regclass")) {
                rs.next();
                if (rs.getInt(1) > 0) return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("the read never waited for the lock");
    }
}
