package dev.handoff.desk.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.handoff.desk.store.JdbcChatStore;
import dev.handoff.desk.support.LocalPostgres;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Nodes' heartbeats in desk_nodes on the machine's PostgreSQL (a schema per test). */
@Timeout(60)
class PresenceTest {
    private LocalPostgres.Schema schema;
    private Database database;
    private final List<AutoCloseable> closing = new ArrayList<>();

    @BeforeEach
    void migratedSchema() {
        schema = LocalPostgres.freshSchema();
        JdbcChatStore.open(schema.url(), null, null).close();
        database = new Database(schema.url(), null, null);
    }

    @AfterEach
    void cleanUp() throws Exception {
        for (int i = closing.size() - 1; i >= 0; i--) closing.get(i).close();
        schema.close();
    }

    private Presence node(String id) {
        Presence p = new Presence(
                database, "t", id, "127.0.0.1:" + id.hashCode(), Presence.DEFAULT_EVERY, Presence.DEFAULT_GONE);
        closing.add(p);
        p.start();
        return p;
    }

    private static List<String> ids(Presence p) throws SQLException {
        return p.alive().stream().map(Presence.Seen::node).toList();
    }

    /** Waits (with a deadline) until {@code p} sees exactly {@code expected}. */
    private static void awaitAlive(Presence p, String... expected) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (!ids(p).equals(List.of(expected))) {
            assertThat(System.nanoTime())
                    .as("alive: %s, not %s", List.of(expected), ids(p))
                    .isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    private void sql(String statement, Object... args) throws SQLException {
        try (Connection c = DriverManager.getConnection(schema.url());
                PreparedStatement s = c.prepareStatement(statement)) {
            for (int i = 0; i < args.length; i++) s.setObject(i + 1, args[i]);
            s.executeUpdate();
        }
    }

    @Test
    void nodesThatBeatAreAliveTheirHeartbeatsAdvanceAndANodeThatStopsCleanlyIsGoneAtOnce() throws Exception {
        Presence a = node("a");
        Presence b = node("b");
        awaitAlive(a, "a", "b");
        Presence.Seen first = b.alive().get(0);
        assertThat(first.address()).isEqualTo("127.0.0.1:" + "a".hashCode());
        // the next heartbeat moves seen_at on, and keeps started_at
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        Presence.Seen later = first;
        while (later.seenAt() == first.seenAt()) {
            assertThat(System.nanoTime()).as("a second heartbeat").isLessThan(deadline);
            Thread.sleep(100);
            later = b.alive().get(0);
        }
        assertThat(later.seenAt()).isGreaterThan(first.seenAt());
        assertThat(later.startedAt()).isEqualTo(first.startedAt());

        b.close();
        assertThat(ids(a)).containsExactly("a");
    }

    @Test
    void aNodeNotSeenForThreeSecondsIsGoneAndARestartedOneHasANewStart() throws Exception {
        Presence a = node("a");
        awaitAlive(a, "a");
        // a node that died (kill -9) leaves its row: seen 2.5 s ago it is alive, 3.5 s ago it is gone
        String now = Presence.NOW;
        sql("INSERT INTO desk_nodes (id, address, started_at, seen_at) VALUES ('dead', 'x', " + now + " - 60000, " + now
                + " - 2500)");
        assertThat(ids(a)).containsExactly("a", "dead");
        sql("UPDATE desk_nodes SET seen_at = " + now + " - 3500 WHERE id = 'dead'");
        assertThat(ids(a)).containsExactly("a");

        // the same node id starts again: alive, with a start after the old one
        long oldStart;
        try (Connection c = DriverManager.getConnection(schema.url());
                var rs = c.createStatement().executeQuery("SELECT started_at FROM desk_nodes WHERE id = 'dead'")) {
            rs.next();
            oldStart = rs.getLong(1);
        }
        Presence again = node("dead");
        awaitAlive(a, "a", "dead");
        assertThat(again.alive().get(1).startedAt()).isGreaterThan(oldStart);
        assertThat(again.alive().get(1).address()).isEqualTo("127.0.0.1:" + "dead".hashCode());
    }

    @Test
    void presenceNeedsAHeartbeatShorterThanTheTimeANodeCountsAsGone() {
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> new Presence(database, "t", "a", null, Duration.ofSeconds(3), Duration.ofSeconds(3)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("presence needs 0 < every < gone, not PT3S and PT3S");
    }
}
