package dev.handoff.desk.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.handoff.desk.support.LocalPostgres;
import dev.handoff.desk.support.StoredChats;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A bot's acknowledgements of {@code to_user} are held by the write-behind store and carried by the chat's next
 * user message, instead of an update of the chat's row each; on H2 and on PostgreSQL.
 */
class HeldAcknowledgementsTest {
    private static final Instant NOW = Instant.parse("2026-01-05T08:00:00Z");
    private final List<AutoCloseable> cleanup = new ArrayList<>();
    private String url;

    @AfterEach
    void close() throws Exception {
        for (int i = cleanup.size() - 1; i >= 0; i--) cleanup.get(i).close();
    }

    private JdbcChatStore jdbc(String database) {
        if (url == null) {
            if (database.equals("h2")) {
                url = "jdbc:h2:mem:held-acks-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
            } else {
                LocalPostgres.Schema schema = LocalPostgres.freshSchema();
                cleanup.add(schema);
                url = schema.url();
            }
        }
        JdbcChatStore store = JdbcChatStore.open(url, null, null, 1);
        cleanup.add(store);
        return store;
    }

    private WriteBehindChatStore writeBehind(JdbcChatStore jdbc, Duration ackHold) {
        WriteBehindChatStore store = new WriteBehindChatStore(jdbc, 1_000, Duration.ofSeconds(10), ackHold);
        cleanup.add(store);
        store.create(StoredChats.assigned("c1", NOW));
        return store;
    }

    private static StoredMessage userMessage(int seq) {
        return new StoredMessage("c1", seq, false, "user", null, "m" + seq, "en", null, NOW);
    }

    /** The chat row's own column: what an update of the row for an acknowledgement would have set. */
    private int chatRowAcknowledged() throws Exception {
        try (Connection c = DriverManager.getConnection(url);
                PreparedStatement ps = c.prepareStatement("SELECT to_user_acked FROM desk_chats WHERE id = 'c1'");
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getInt(1);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void an_acknowledgement_rides_with_the_chats_next_user_message_and_the_chats_row_is_not_written_for_it(
            String database) throws Exception {
        JdbcChatStore jdbc = jdbc(database);
        WriteBehindChatStore store = writeBehind(jdbc, Duration.ofMinutes(10));
        store.acknowledgeToUser("c1", 3);
        store.acknowledgeToUser("c1", 5);
        store.acknowledgeToUser("c1", 4); // lower: changes nothing
        store.durable().get(10, TimeUnit.SECONDS);
        assertThat(jdbc.toUserAcknowledged("c1")).as("held, not written yet").isZero();
        assertThat(store.toUserAcknowledged("c1"))
                .as("the store still knows it")
                .isEqualTo(5);

        store.appendFromClient(userMessage(6), "u6");
        store.durable().get(10, TimeUnit.SECONDS);
        assertThat(jdbc.toUserAcknowledged("c1")).as("written with the message").isEqualTo(5);
        assertThat(chatRowAcknowledged()).as("no update of the chat's row").isZero();

        store.appendFromClient(userMessage(7), "u7"); // nothing held: a plain message
        store.durable().get(10, TimeUnit.SECONDS);
        assertThat(jdbc.toUserAcknowledged("c1")).isEqualTo(5);
        assertThat(jdbc.messages("c1")).extracting(StoredMessage::text).containsExactly("m6", "m7");
        assertThat(jdbc.clientMessageIds("c1")).containsExactlyInAnyOrder("u6", "u7");
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void an_acknowledgement_no_user_message_follows_is_written_on_its_own_once_held_for_the_hold(String database)
            throws Exception {
        JdbcChatStore jdbc = jdbc(database);
        WriteBehindChatStore store = writeBehind(jdbc, Duration.ofMillis(1500));
        store.durable().get(10, TimeUnit.SECONDS);
        long held = System.nanoTime();
        store.acknowledgeToUser("c1", 2);
        store.durable().get(10, TimeUnit.SECONDS);
        assertThat(jdbc.toUserAcknowledged("c1")).as("held").isZero();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (jdbc.toUserAcknowledged("c1") < 2 && System.nanoTime() < deadline) Thread.sleep(20);
        assertThat(jdbc.toUserAcknowledged("c1")).as("written on its own").isEqualTo(2);
        assertThat(System.nanoTime() - held).as("not before the hold").isGreaterThanOrEqualTo(1_000_000_000L);
        assertThat(chatRowAcknowledged()).as("in the chat's row").isEqualTo(2);
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void closing_the_store_writes_the_acknowledgements_it_holds(String database) throws Exception {
        JdbcChatStore jdbc = jdbc(database);
        WriteBehindChatStore store = writeBehind(jdbc, Duration.ofMinutes(10));
        store.acknowledgeToUser("c1", 9);
        store.close();
        assertThat(jdbc(database).toUserAcknowledged("c1")).isEqualTo(9);
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void a_store_given_up_on_writes_none_of_the_acknowledgements_it_holds(String database) throws Exception {
        JdbcChatStore jdbc = jdbc(database);
        WriteBehindChatStore store = writeBehind(jdbc, Duration.ofMinutes(10));
        store.durable().get(10, TimeUnit.SECONDS);
        store.acknowledgeToUser("c1", 9);
        store.abandon(); // a node that lost the leadership: the next leader sends them again, the client drops them
        assertThat(jdbc(database).toUserAcknowledged("c1")).isZero();
    }
}
