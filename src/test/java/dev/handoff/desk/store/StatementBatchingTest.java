package dev.handoff.desk.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.handoff.desk.api.Contact;
import dev.handoff.desk.support.LocalPostgres;
import dev.handoff.desk.support.StoredChats;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Inside a batch the store sends its writes as JDBC batches (one {@code executeBatch} for many rows, where it was
 * one {@code executeUpdate}, a round trip, each), and the outcome is the writes' as if run one by one: every message
 * once and in order, acknowledgements monotonic, a chat before its messages, a message before its update; a row the
 * database refuses fails the batch and names its write. On H2 and on PostgreSQL.
 */
class StatementBatchingTest {
    private static final Instant NOW = Instant.parse("2026-01-05T08:00:00Z");
    private final List<AutoCloseable> cleanup = new ArrayList<>();

    /** What the store did on its write connection. */
    static final class Calls {
        final AtomicInteger executeUpdate = new AtomicInteger();
        final AtomicInteger executeBatch = new AtomicInteger();
        final AtomicInteger addBatch = new AtomicInteger();
        final AtomicInteger prepareStatement = new AtomicInteger();

        void reset() {
            executeUpdate.set(0);
            executeBatch.set(0);
            addBatch.set(0);
            prepareStatement.set(0);
        }
    }

    @AfterEach
    void close() throws Exception {
        for (int i = cleanup.size() - 1; i >= 0; i--) cleanup.get(i).close();
    }

    private String url(String database) {
        if (database.equals("h2")) return "jdbc:h2:mem:batching-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
        LocalPostgres.Schema schema = LocalPostgres.freshSchema();
        cleanup.add(schema);
        return schema.url();
    }

    /** A store on {@code database} whose write connection counts its statements' calls into {@code calls}. */
    private JdbcChatStore counted(String database, Calls calls) throws Exception {
        String url = url(database);
        JdbcChatStore.migrate(url, null, null);
        Properties props = new Properties();
        if (database.equals("postgres")) props.setProperty("reWriteBatchedInserts", "true");
        Connection real = DriverManager.getConnection(url, props);
        Connection counting = (Connection) Proxy.newProxyInstance(
                getClass().getClassLoader(), new Class<?>[] {Connection.class}, (proxy, method, args) -> {
                    Object out = invoke(real, method, args);
                    if (method.getName().equals("prepareStatement")) {
                        calls.prepareStatement.incrementAndGet();
                        return countingStatement((PreparedStatement) out, calls);
                    }
                    return out;
                });
        JdbcChatStore store = JdbcChatStore.on(counting, url, null, null, 1, null);
        cleanup.add(store);
        return store;
    }

    private static PreparedStatement countingStatement(PreparedStatement real, Calls calls) {
        return (PreparedStatement) Proxy.newProxyInstance(
                StatementBatchingTest.class.getClassLoader(),
                new Class<?>[] {PreparedStatement.class},
                (proxy, method, args) -> {
                    switch (method.getName()) {
                        case "executeUpdate", "execute" -> calls.executeUpdate.incrementAndGet();
                        case "executeBatch", "executeLargeBatch" -> calls.executeBatch.incrementAndGet();
                        case "addBatch" -> calls.addBatch.incrementAndGet();
                        default -> {}
                    }
                    return invoke(real, method, args);
                });
    }

    private static Object invoke(Object target, java.lang.reflect.Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private JdbcChatStore plain(String database) {
        JdbcChatStore store = JdbcChatStore.open(url(database), null, null, 1);
        cleanup.add(store);
        return store;
    }

    private static StoredChat chat(String id) {
        return new StoredChat(
                id, "bot", "conv-" + id, "sales", "en", Contact.NONE, null, "queued", null, NOW, NOW, NOW, null, null);
    }

    private static StoredMessage message(String chat, int seq, String sender) {
        return new StoredMessage(chat, seq, false, sender, null, "m" + seq, "en", null, NOW);
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void a_batch_of_messages_and_acknowledgements_goes_out_as_two_jdbc_batches_not_a_round_trip_each(String database)
            throws Exception {
        Calls calls = new Calls();
        JdbcChatStore store = counted(database, calls);
        store.create(chat("c1"));
        calls.reset();

        store.batch(() -> {
            for (int i = 1; i <= 100; i++) {
                store.appendFromClient(message("c1", 2 * i - 1, "user"), "u" + i);
                store.append(message("c1", 2 * i, "agent"));
                store.acknowledgeToUser("c1", i);
            }
        });

        assertThat(calls.executeUpdate.get()).as("no statement on its own").isZero();
        assertThat(calls.executeBatch.get())
                .as("one batch for the inserts, one for the acknowledgements")
                .isEqualTo(2);
        assertThat(calls.addBatch.get())
                .as("200 messages and each chat's highest acknowledgement")
                .isEqualTo(201);
        assertThat(store.messages("c1"))
                .extracting(StoredMessage::seq)
                .containsExactlyElementsOf(IntStream.rangeClosed(1, 200).boxed().toList());
        assertThat(store.toUserAcknowledged("c1")).isEqualTo(100);
        assertThat(store.clientMessageIds("c1")).hasSize(100);

        calls.reset();
        store.batch(() -> {
            for (int i = 1; i <= 10; i++) store.append(message("c1", 200 + i, "agent"));
        });
        assertThat(calls.prepareStatement.get())
                .as("the insert's statement is prepared once per store")
                .isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void writes_that_depend_on_each_other_in_one_batch_end_as_if_run_one_by_one(String database) {
        JdbcChatStore store = plain(database);
        store.batch(() -> {
            store.create(chat("c1")); // the chat's row before its messages (a foreign key)
            store.setResumeHash("c1", "a".repeat(64)); // must change one row: the chat's, queued before it
            store.append(message("c1", 1, "user"));
            store.acknowledgeToUser("c1", 5);
            store.acknowledgeToUser("c1", 3); // lower: changes nothing
            store.append(message("c1", 2, "agent"));
            store.updateMessage(message("c1", 1, "user").relabeled("de", null)); // after its insert
            store.assignmentStarted("c1", "ann", NOW);
            store.update(StoredChats.assigned("c1", NOW));
            store.append(new StoredMessage("c1", 1, true, "bot", null, "old", "en", null, NOW));
            store.replaceHistory( // deletes the history row queued before it
                    "c1", List.of(new StoredMessage("c1", 1, true, "bot", null, "hello", "en", null, NOW)));
            store.assignmentEnded("c1", "ann", NOW, "resolved");
        });
        assertThat(store.messages("c1"))
                .extracting(m -> m.text() + "/" + m.language())
                .containsExactly("hello/en", "m1/de", "m2/en");
        assertThat(store.toUserAcknowledged("c1")).isEqualTo(5);
        assertThat(store.resumeHash("c1")).contains("a".repeat(64));
        assertThat(store.chat("c1").orElseThrow().agent()).isEqualTo("ann");
        assertThat(store.assignments("c1")).containsExactly("ann:resolved");
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void a_row_the_database_refuses_inside_a_jdbc_batch_fails_the_batch_whole_and_names_its_write(String database) {
        JdbcChatStore store = plain(database);
        store.create(chat("c1"));
        assertThatThrownBy(() -> store.batch(() -> {
                    store.appendFromClient(message("c1", 1, "user"), "u1");
                    store.appendFromClient(message("c1", 2, "user"), "u2");
                    store.appendFromClient(message("c9", 3, "user"), "u3"); // no such chat
                    store.appendFromClient(message("c1", 4, "user"), "u4");
                }))
                .isInstanceOfSatisfying(StoreException.class, e -> assertThat(e.problem())
                        .isEqualTo(StoreException.Problem.WRITE_FAILED))
                .hasMessageStartingWith("[store-write-failed] database ")
                .hasMessageContaining(
                        database.equals("h2")
                                ? "append message 3 (client id u3) to chat c9: "
                                // the rows went as one multi-row insert: the driver cannot tell which one failed
                                : "one of a batch of 4 writes ('append message 1 (client id u1) to chat c1' to"
                                        + " 'append message 4 (client id u4) to chat c1'): ")
                .satisfies(e ->
                        assertThat(e.getMessage()).as("the database's reason").containsIgnoringCase("desk_messages"));
        assertThat(store.messages("c1")).as("rolled back whole").isEmpty();

        assertThatThrownBy(() -> store.batch(() -> {
                    store.create(chat("c2"));
                    store.update(chat("no-such-chat"));
                }))
                .hasMessageStartingWith("[store-write-failed]")
                .hasMessageContaining("update chat no-such-chat: no chat with this id");
        assertThat(store.chat("c2")).as("rolled back whole").isEmpty();

        store.appendFromClient(message("c1", 1, "user"), "u1"); // outside a batch: at once, as before
        assertThatThrownBy(() -> store.appendFromClient(message("c9", 2, "user"), "u2"))
                .hasMessageStartingWith("[store-write-failed]")
                .hasMessageContaining("append message 2 (client id u2) to chat c9");
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void a_refused_write_in_a_group_commit_loses_none_of_the_writes_before_it_and_none_after_it_skip_it(String database)
            throws Exception {
        JdbcChatStore jdbc = plain(database);
        // acknowledgements queued at once, not held for a user message: one is a write of its own between others
        WriteBehindChatStore store = new WriteBehindChatStore(jdbc, 1_000, Duration.ofSeconds(1), Duration.ZERO);
        store.create(chat("c1"));
        store.durable().get(10, TimeUnit.SECONDS);
        synchronized (jdbc) { // the writer waits in the first write; the others queue behind it
            store.appendFromClient(message("c1", 1, "user"), "u1");
            store.appendFromClient(message("c1", 2, "user"), "u2");
            store.acknowledgeToUser("c1", 2);
            store.appendFromClient(message("c1", 3, "user"), "x".repeat(201)); // too long: refused
            store.appendFromClient(message("c1", 4, "user"), "u4");
        }
        CompletableFuture<Void> durable = store.durable();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (jdbc.toUserAcknowledged("c1") < 2 && System.nanoTime() < deadline) Thread.sleep(20);
        assertThat(jdbc.messages("c1"))
                .as("the writes before it are written, none after it skipped it")
                .extracting(StoredMessage::text)
                .containsExactly("m1", "m2");
        assertThat(jdbc.toUserAcknowledged("c1")).isEqualTo(2);
        assertThat(durable).as("a write before it is not written").isNotDone();
        store.abandon();
        assertThat(durable).isCompletedExceptionally();
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgres"})
    void the_write_connection_postgres_opens_rewrites_batched_inserts(String database) throws Exception {
        JdbcChatStore store = plain(database);
        store.create(chat("c1"));
        store.batch(() -> {
            for (int i = 1; i <= 50; i++) store.append(message("c1", i, "user"));
        });
        assertThat(store.messages("c1")).hasSize(50);
        var field = JdbcChatStore.class.getDeclaredField("connection");
        field.setAccessible(true);
        Connection writes = (Connection) field.get(store);
        assertThat(writes.unwrap(org.postgresql.core.BaseConnection.class)
                        .getQueryExecutor()
                        .isReWriteBatchedInsertsEnabled())
                .isTrue();
    }
}
